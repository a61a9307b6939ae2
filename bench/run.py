#!/usr/bin/env python3
"""`make bench`: load test of the portal under production settings, on loopback only.

For each content size (default 100 and 2,000 partners) this
  1. builds a separate SQLite database under bench/.data/ with synthetic content
     (`manage.py make_bench_data`: partners, their measures, press items),
  2. starts gunicorn with the portal's gunicorn.conf.py and DJANGO_DEBUG=0 on a free
     loopback port, once with the page cache on and once with it off,
  3. drives load with wrk (16 connections, a warm-up, then a fixed duration per URL) against
     the pages, a hashed static CSS file and the reference view /bench/ping/,
  4. prints Markdown tables (requests/s, p50/p99 latency, errors, compressed bytes, ratio to
     the reference view of the same run) and writes them to bench/latest.md.

An error is a response whose status is not 2xx or 3xx (wrk counts them) or a socket error.
SQL queries per page are not measured here: tests/test_query_budget.py fixes them exactly.

Not a test: it asserts nothing, it reports. Every loop is bounded, every server it starts is
stopped again (also on Ctrl-C), and nothing but 127.0.0.1 is ever contacted. It needs the
load generator wrk on the PATH (Debian: `apt-get install wrk`; .ci/run installs it).
"""

import argparse
import datetime
import gzip
import http.client
import json
import os
import platform
import re
import runpy
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
LATEST = ROOT / "bench" / "latest.md"
HOST = "127.0.0.1"
ACCEPT_ENCODING = "gzip, br"

# Targets: ratios to the reference view measured in the same run, so that a shared or slow
# machine moves both sides alike.
TARGET_RATIO_CACHED = 0.5
TARGET_RATIO_UNCACHED = 0.05
TARGET_P99_MS = 100.0
TARGET_HOME_KB = 150


def log(message):
    print(message, file=sys.stderr, flush=True)


def django_env(size, page_cache):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "vielfalt.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": env.get("BENCH_SECRET_KEY") or "bench-" + secrets.token_hex(24),
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{DATA / f'bench-{size}.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(DATA / f"media-{size}"),
            "DJANGO_PAGE_CACHE": "1" if page_cache else "0",
            "DJANGO_PAGE_CACHE_VERSION_FILE": str(DATA / f"content-version-{size}"),
            "BENCH_REFERENCE_VIEW": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
            # Production mode of the contact app wants mail settings; none is ever sent here.
            "DJANGO_DEFAULT_FROM_EMAIL": env.get("DJANGO_DEFAULT_FROM_EMAIL", "bench@localhost"),
            "DJANGO_CONTACT_NOTIFY_EMAILS": env.get(
                "DJANGO_CONTACT_NOTIFY_EMAILS", "bench@localhost"
            ),
            "DJANGO_PORTAL_URL": env.get("DJANGO_PORTAL_URL", f"http://{HOST}"),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "GUNICORN_ACCESSLOG": "",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.pop("DJANGO_CACHE_URL", None)  # local memory: one machine, as in the targets
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE
    )


# --- Content --------------------------------------------------------------------------------


def build_database(size, press, env):
    database = DATA / f"bench-{size}.sqlite3"
    for path in [database, Path(f"{database}-journal"), DATA / f"content-version-{size}"]:
        path.unlink(missing_ok=True)
    shutil.rmtree(DATA / f"media-{size}", ignore_errors=True)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "make_bench_data",
            "--partners",
            str(size),
            "--press",
            str(press),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    note = result.stdout.strip()
    log(f"  Datenbank {database.name}: {note} ({time.monotonic() - started:.1f} s)")


def static_css_url():
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["vendor/bootstrap/bootstrap.min.css"]


def pages(static_url):
    """(label, path, is_page) in table order; the reference view comes first."""
    return [
        ("Referenz (/bench/ping/)", "/bench/ping/", False),
        ("Startseite", "/", True),
        ("Verzeichnis", "/partner/", True),
        ("Verzeichnis gefiltert", "/partner/?q=Testpartner&category=kommune&region=koeln", True),
        ("Partnerseite", "/partner/testpartner-0001/", True),
        ("Presse", "/presse/", True),
        ("Presse-Feed (RSS)", "/presse/feed/", True),
        ("Partner-Feed (Atom)", "/partner/feed/", True),
        ("Karte", "/partner/karte/", True),
        ("Statistik", "/partner/statistik/", True),
        ("Maßnahmen", "/massnahmen/", True),
        (
            "Maßnahmen gefiltert",
            "/massnahmen/?status=laufend&region=koeln&field=service-und-mehrsprachigkeit",
            True,
        ),
        ("Maßnahme", "/massnahmen/testmassnahme-0001-1/", True),
        ("Maßnahmen-Feed (Atom)", "/massnahmen/feed/", True),
        # make_bench_data's REVIEW_YEAR: the first measure starts in it.
        ("Bilanz", "/bilanz/2020/", True),
        ("CSS (statisch)", static_url, False),
    ]


# --- The server -----------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def fetch(port, path, encoding=ACCEPT_ENCODING):
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": encoding, "Host": HOST})
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


class Server:
    def __init__(self, env, label):
        self.env = env
        self.port = free_port()
        self.log_path = DATA / f"gunicorn-{label}.log"
        self.process = None

    def __enter__(self):
        env = dict(self.env, GUNICORN_BIND=f"{HOST}:{self.port}")
        with open(self.log_path, "w") as log_file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "vielfalt.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn ist nicht gestartet, siehe {self.log_path}")
            try:
                if fetch(self.port, "/bench/ping/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn antwortet nicht, siehe {self.log_path}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # graceful shutdown of the master and its workers
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __exit__(self, *exc):
        self.stop()

    def config(self):
        """gunicorn.conf.py as this server read it (same environment)."""
        saved = dict(os.environ)
        try:
            os.environ.update(self.env)
            return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        finally:
            os.environ.clear()
            os.environ.update(saved)


# --- wrk ------------------------------------------------------------------------------------


def ensure_wrk():
    if not shutil.which("wrk"):
        raise SystemExit(
            "Der Benchmark braucht das Lastwerkzeug wrk im PATH (Debian/Ubuntu: "
            "`apt-get install wrk`; .ci/run installiert es)."
        )


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def run_wrk(port, path, duration, connections, threads):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "5s",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        f"http://{HOST}:{port}{path}",
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 30
    ).stdout
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "errors": 0,
    }
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        result["errors"] += sum(int(value) for value in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        result["errors"] += int(non_2xx.group(1))
    return result


# --- Home page weight ----------------------------------------------------------------------


def home_weight(port):
    """HTML + CSS + JS of the home page as transferred with gzip, in bytes."""
    _status, _headers, body = fetch(port, "/", "gzip")
    html = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
    text = html.decode()
    styles = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', text)
    weight = {"HTML": len(body), "CSS": 0, "JS": 0}
    for kind, urls in (("CSS", styles), ("JS", scripts)):
        for url in urls:
            if url.startswith(("http://", "https://", "//")):
                raise SystemExit(f"Die Startseite lädt eine fremde Ressource: {url}")
            weight[kind] += len(fetch(port, url, "gzip")[2])
    weight["files"] = 1 + len(styles) + len(scripts)
    return weight


# --- Report ---------------------------------------------------------------------------------


def machine():
    cpu = platform.processor() or "unbekannt"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{os.cpu_count()} Kerne (nproc), {cpu}{memory}, {platform.system()} {platform.release()}"
    )


def verdict(row, cached):
    if not row["is_page"] and not row["path"].startswith("/static/"):
        return ""
    ratio_ok = row["ratio"] >= (TARGET_RATIO_CACHED if cached else TARGET_RATIO_UNCACHED)
    ok = ratio_ok and row["errors"] == 0
    if cached:
        ok = ok and row["p99"] <= TARGET_P99_MS
    return "✓" if ok else "✗"


def table(rows, cached):
    lines = [
        "| Seite | Pfad | Anfragen/s | × Referenz | p50 ms | p99 ms | Fehler | Bytes (gzip) "
        "| Ziel |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for row in rows:
        if row.get("skipped"):
            lines.append(f"| {row['label']} | `{row['path']}` | {row['skipped']} | | | | | | |")
            continue
        lines.append(
            "| {label} | `{path}` | {rps:.0f} | {ratio_text} | {p50:.1f} | {p99:.1f} | {errors} "
            "| {bytes} | {verdict} |".format(
                **row,
                # Three places below 0.1, so that "0.05" never hides a 0.048 next to a ✗.
                ratio_text=f"{row['ratio']:.3f}" if row["ratio"] < 0.1 else f"{row['ratio']:.2f}",
                verdict=verdict(row, cached),
            )
        )
    return "\n".join(lines)


def render(report):
    out = [
        f"Gemessen am {report['date']} auf {report['machine']}.",
        "",
        f"gunicorn mit `gunicorn.conf.py` ({report['gunicorn']}), "
        "`DJANGO_DEBUG=0`, SQLite, ohne Zugriffsprotokoll; "
        f"Last: wrk mit {report['connections']} Verbindungen, "
        f"{report['threads']} Thread(s), {report['warmup']} s Aufwärmen und "
        f"{report['duration']} s Messung je Adresse, `Accept-Encoding: {ACCEPT_ENCODING}`; "
        "alles auf 127.0.0.1. „× Referenz“: Anfragen/s geteilt durch den Mittelwert der "
        f"Referenz-Ansicht in den {report['reference']}-s-Läufen direkt davor und danach "
        "(Referenzzeile: Mittel aller ihrer Läufe, Median von p50/p99). "
        "„Fehler“: Antworten mit einem Status außer 2xx/3xx und Verbindungsfehler. "
        "„Ziel“: mit Cache ≥ 0,5 × Referenz, p99 ≤ 100 ms, 0 Fehler; "
        "ohne Cache ≥ 0,05 × Referenz, 0 Fehler. SQL-Abfragen je Seite prüft "
        "`tests/test_query_budget.py` (genaue Zahl, höchstens 6).",
        "",
    ]
    for section in report["sections"]:
        out += [f"#### {section['title']}", "", table(section["rows"], section["cached"]), ""]
    weight = report["home_weight"]
    total = weight["HTML"] + weight["CSS"] + weight["JS"]
    out += [
        "**Gewicht der Startseite** (übertragen mit gzip, {files} Dateien): HTML {html:.1f} KB + "
        "CSS {css:.1f} KB + JS {js:.1f} KB = **{total:.1f} KB** (Ziel ≤ {target} KB: {ok}); "
        "keine Ressource von fremden Servern.".format(
            files=weight["files"],
            html=weight["HTML"] / 1024,
            css=weight["CSS"] / 1024,
            js=weight["JS"] / 1024,
            total=total / 1024,
            target=TARGET_HOME_KB,
            ok="✓" if total <= TARGET_HOME_KB * 1024 else "✗",
        ),
    ]
    if report["notes"]:
        out += ["", *[f"- {note}" for note in report["notes"]]]
    return "\n".join(out) + "\n"


# --- Main -----------------------------------------------------------------------------------


def measure(server_env, label, urls, args, cached, report):
    """Each page for the full duration, the reference view for a shorter run before the
    first page and after every page; a page's ratio is taken against the mean of the two
    reference runs around it, so that load from elsewhere on a shared machine, which comes
    and goes, touches both sides of the ratio alike."""
    rows = []
    reference_path = urls[0][1]
    with Server(server_env, label) as server:
        config = server.config()
        report["gunicorn"] = (
            f"{config['workers']} Worker × {config['threads']} Thread(s), "
            f"max_requests {config['max_requests']} + {config['max_requests_jitter']}"
        )
        if cached and "home_weight" not in report:
            report["home_weight"] = home_weight(server.port)

        def load(path, seconds):
            return run_wrk(server.port, path, seconds, args.connections, args.threads)

        load(reference_path, args.warmup)
        reference_runs = [load(reference_path, args.reference)]
        reference_row = {"label": urls[0][0], "path": reference_path, "is_page": False}
        rows.append(reference_row)
        for name, path, is_page in urls[1:]:
            status, _headers, body = fetch(server.port, path, "gzip")
            row = {"label": name, "path": path, "is_page": is_page}
            rows.append(row)
            if status != 200:
                row["skipped"] = f"nicht gemessen: Status {status}"
                continue
            load(path, args.warmup)
            result = load(path, args.duration)
            before = reference_runs[-1]["rps"]
            reference_runs.append(load(reference_path, args.reference))
            around = (before + reference_runs[-1]["rps"]) / 2
            row.update(result, ratio=result["rps"] / around if around else 0.0, bytes=len(body))
            log(
                f"    {name:<24} {result['rps']:>7.0f}/s ({row['ratio']:.2f} × Referenz "
                f"{around:.0f}/s)  p50 {result['p50']:6.1f} ms  p99 {result['p99']:6.1f} ms  "
                f"Fehler {result['errors']}"
            )
        _status, _headers, body = fetch(server.port, reference_path, "gzip")
        reference_row.update(
            rps=statistics.mean(run["rps"] for run in reference_runs),
            p50=statistics.median(run["p50"] for run in reference_runs),
            p99=statistics.median(run["p99"] for run in reference_runs),
            errors=sum(run["errors"] for run in reference_runs),
            ratio=1.0,
            bytes=len(body),
            runs=len(reference_runs),
        )
    return rows


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "100,2000"))
    parser.add_argument("--press", type=int, default=int(os.environ.get("BENCH_PRESS", "400")))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "6")))
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--reference", type=int, default=3, help="Sekunden je Referenzlauf")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk-Threads")
    args = parser.parse_args()
    if not (
        1 <= args.duration <= 60
        and 1 <= args.reference <= 60
        and 0 <= args.warmup <= 30
        and 1 <= args.threads <= args.connections <= 256
    ):
        raise SystemExit("Dauer 1–60 s, Aufwärmen 0–30 s, 1–256 Verbindungen (≥ Threads).")
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]

    ensure_wrk()
    DATA.mkdir(parents=True, exist_ok=True)
    # SIGTERM ends the run like Ctrl-C does, so the `with Server` blocks stop gunicorn.
    signal.signal(signal.SIGTERM, _interrupt)

    log("collectstatic (komprimierte, gehashte Dateien) …")
    manage(django_env(sizes[0], True), "collectstatic", "--noinput", "-v", "0")
    static_url = static_css_url()

    report = {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "connections": args.connections,
        "threads": args.threads,
        "warmup": args.warmup,
        "duration": args.duration,
        "reference": args.reference,
        "sections": [],
        "notes": [],
    }
    for size in sizes:
        log(f"== {size} Partner")
        build_database(size, args.press, django_env(size, True))
        urls = pages(static_url)
        for cached in (True, False):
            mode = "an" if cached else "aus"
            log(f"  Seiten-Cache {mode}")
            rows = measure(django_env(size, cached), f"{size}-{mode}", urls, args, cached, report)
            title = f"{size} Partner, Seiten-Cache {mode}"
            report["sections"].append({"title": title, "rows": rows, "cached": cached})
        skipped = [row["path"] for row in rows if row.get("skipped")]
        if skipped and size == sizes[-1]:
            report["notes"].append(
                "Nicht gemessen, weil die Adresse nicht mit Status 200 antwortete: "
                + ", ".join(f"`{p}`" for p in skipped)
            )

    markdown = render(report)
    print(markdown)
    LATEST.write_text(markdown)
    log(f"Geschrieben: {LATEST.relative_to(ROOT)}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        raise SystemExit("Abgebrochen; gestartete Server sind beendet.")
