"""Checking addresses over HTTP, politely: HEAD first, GET where HEAD is refused, redirects
followed by hand and recorded, at most one request per host per second."""

import time
from collections import defaultdict, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from django.utils.translation import gettext as _

from .models import Result

MAX_REDIRECTS = 10
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
TOO_MANY_REQUESTS = 429


@dataclass
class Outcome:
    result: str
    status_code: int | None = None
    final_url: str = ""
    redirects: list = field(default_factory=list)
    error: str = ""


class HostThrottle:
    """One request per host at a time, each starting at least ``interval`` seconds after
    the previous one to that host ended. Counting from the end, not the start, keeps the
    promise as the server sees it, whatever delays there are on our side."""

    def __init__(self, interval):
        self.interval = interval
        self.last_end = {}

    @contextmanager
    def turn(self, host):
        last = self.last_end.get(host)
        if last is not None:
            delay = last + self.interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        try:
            yield
        finally:
            self.last_end[host] = time.monotonic()


def host_of(url):
    return urlsplit(url).hostname or ""


def in_turn_by_host(items, url=str):
    """``items`` reordered so that hosts take turns: while one host's throttle waits, the
    next request goes to another host. Each host's items keep their order."""
    queues = defaultdict(deque)
    for item in items:
        queues[host_of(url(item))].append(item)
    waiting = list(queues.values())
    while waiting:
        for queue in waiting:
            yield queue.popleft()
        waiting = [queue for queue in waiting if queue]


class LinkChecker:
    """Checks one address after another; one instance per run (it holds the throttle)."""

    def __init__(self, *, timeout, user_agent, interval=1.0):
        self.timeout = timeout
        self.throttle = HostThrottle(interval)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent

    def check(self, url):
        redirects = []
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                status, location = self._status(current)
            except requests.Timeout:
                return self._error(
                    current,
                    redirects,
                    _("Keine Antwort innerhalb von %(seconds)s Sekunden.")
                    % {"seconds": self.timeout},
                )
            except requests.exceptions.SSLError:
                return self._error(
                    current, redirects, _("Sichere Verbindung fehlgeschlagen (TLS-Zertifikat).")
                )
            except requests.ConnectionError:
                return self._error(
                    current,
                    redirects,
                    _("Verbindung fehlgeschlagen: Server nicht erreichbar oder Name unbekannt."),
                )
            except requests.RequestException:
                return self._error(current, redirects, _("Die Adresse ist ungültig."))
            if status not in REDIRECT_STATUSES or not location:
                return self._outcome(status, current, redirects)
            redirects.append({"url": current, "status": status})
            current = urljoin(current, location)
            if urlsplit(current).scheme not in {"http", "https"}:
                return self._error(
                    current, redirects, _("Weiterleitung auf eine Adresse ohne http(s).")
                )
        return self._error(
            current,
            redirects,
            _("Mehr als %(count)d Weiterleitungen.") % {"count": MAX_REDIRECTS},
        )

    def _request(self, method, url):
        # Streamed and closed unread: only the status line and headers are needed.
        with (
            self.throttle.turn(host_of(url)),
            self.session.request(
                method,
                url,
                allow_redirects=False,
                stream=True,
                timeout=(self.timeout, self.timeout),
            ) as response,
        ):
            return response.status_code, response.headers.get("Location", "")

    def _status(self, url):
        status, location = self._request("HEAD", url)
        if status >= 400:
            # Many servers refuse HEAD (405, 501, 403, even 404) and answer GET properly.
            status, location = self._request("GET", url)
        return status, location

    @staticmethod
    def _outcome(status, final_url, redirects):
        outcome = Outcome(Result.OK, status, final_url, redirects)
        if 200 <= status < 300:
            if redirects and redirects[0]["status"] in PERMANENT_REDIRECTS:
                outcome.result = Result.MOVED
        elif status == TOO_MANY_REQUESTS:
            outcome.result = Result.ERROR
            outcome.error = _("Der Server hat die Prüfung abgewiesen (zu viele Anfragen).")
        elif status >= 400:
            outcome.result = Result.BROKEN
        else:
            outcome.result = Result.ERROR
            outcome.error = _("Unerwartete Antwort ohne Inhalt oder Ziel.")
        return outcome

    @staticmethod
    def _error(url, redirects, message):
        return Outcome(Result.ERROR, None, url, redirects, message)
