"""Logging helpers."""

import logging


class OneLine(logging.Filter):
    """A record as one line: no traceback, line breaks and other controls escaped.

    For django.security: a path-traversal attempt or an unknown Host header is refused with
    a 400 page; the traceback says nothing more than the message, and the message quotes
    what the client sent, which must not start new lines in the log.
    """

    def filter(self, record):
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
