"""The counters store (core.counters) counts exactly when several processes count at once.

Django's own database cache reads, adds and writes back, so concurrent processes lose
counts; the rate limit would let more through than promised.
"""

import os
import subprocess
import sys

from django.conf import settings

PROCESSES = 3
INCREMENTS = 150

SCRIPT = f"""
import sys
import django
django.setup()
from django.core.cache import caches
store = caches["counters"]
if sys.argv[1] == "start":
    store.add("hits", 0, 600)
elif sys.argv[1] == "count":
    for _ in range({INCREMENTS}):
        store.incr("hits")
else:
    print(store.get("hits"))
"""


def run(env, *args, wait=True):
    command = [sys.executable, "-c", SCRIPT, *args]
    if not wait:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE)
    result = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_concurrent_processes_lose_no_count(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vielfalt.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'counters.sqlite3'}",
        "DJANGO_CACHE_URL": "",
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "core", "--noinput", "--skip-checks"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    run(env, "start")
    workers = [run(env, "count", wait=False) for _ in range(PROCESSES)]
    for worker in workers:
        worker.communicate(timeout=120)
        assert worker.returncode == 0
    assert run(env, "read") == str(PROCESSES * INCREMENTS)
