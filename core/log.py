"""Log formatters for stdout: one line per record, as text or as one JSON object.

Both carry the time (ISO 8601 with milliseconds and UTC offset), the level, the logger's
name and the request id (core.request_id.RequestIdFilter). ``DJANGO_LOG_FORMAT=json``
picks the JSON form for log collectors; the text form is for people.
"""

import json
import logging
from datetime import datetime

from core.request_id import NO_REQUEST


def _timestamp(record):
    return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    """``2025-05-28T10:15:02.123+02:00 WARNING django.request [3f2a…] Not Found: /x``"""

    def format(self, record):
        message = record.getMessage()
        line = (
            f"{_timestamp(record)} {record.levelname} {record.name} "
            f"[{getattr(record, 'request_id', NO_REQUEST)}] {message}"
        )
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message (+ exception)."""

    def format(self, record):
        entry = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", NO_REQUEST),
            "message": record.getMessage(),
        }
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int):
            entry["status_code"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class OneLine(logging.Filter):
    """A record as one line: no traceback, line breaks and other controls escaped.

    For refused requests (django.security: a path traversal, an unknown Host header;
    django.request: a 4xx such as a body Django cannot parse): the traceback says nothing
    more than the message, and the message quotes what the client sent, which must not
    start new lines in the log. ``server_errors_in_full`` keeps 5xx records as they are:
    those are faults of ours and need their traceback.
    """

    def __init__(self, server_errors_in_full=False):
        super().__init__()
        self.server_errors_in_full = server_errors_in_full

    def filter(self, record):
        if self.server_errors_in_full and getattr(record, "status_code", 500) >= 500:
            return True
        message = record.getMessage()
        record.msg = "".join(
            char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
            for char in message
        )
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
