"""Logging helpers."""

import logging


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
