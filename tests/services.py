"""Real servers for the tests that need them: redis-server and a throwaway PostgreSQL cluster
(Debian packages), started by the test on 127.0.0.1 and a free port, stopped at the end.

A missing binary skips the test with the reason, except when CI=true: there it fails, so
that a green CI run always includes these tests (.ci/run installs the packages).
"""

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.contact.helpers import free_port

__all__ = ["PostgresCluster", "RedisServer", "free_port", "manage", "missing", "wait_for_port"]

START_TIMEOUT = 30


def missing(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: these tests must run here)", pytrace=False)
    pytest.skip(reason)


def manage(env, *args, timeout=300):
    """Run a management command in a process of its own with ``env``; its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def wait_for_port(port, process=None, what="server"):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} ended with exit code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on port {port}")


class RedisServer:
    """redis-server; stop() and start() keep the port, freeze() and thaw() stop and continue
    the process (SIGSTOP/SIGCONT) as a hung Redis would. Without persistence unless
    ``persistent`` (an append-only file in a temporary folder: data outlive a restart)."""

    def __init__(self, persistent=False):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            missing("redis-server nicht gefunden (Debian-Paket 'redis-server')")
        self.port = free_port()
        self.process = None
        self.folder = Path(tempfile.mkdtemp(prefix="vielfalt-redis-")) if persistent else None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                *(
                    ["--appendonly", "yes", "--dir", str(self.folder)]
                    if self.folder
                    else ["--appendonly", "no"]
                ),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, "redis-server")
        return self

    def stop(self):
        if self.process is not None:
            self.thaw()
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def remove(self):
        self.stop()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)


def _postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        missing("PostgreSQL nicht gefunden (Debian-Paket 'postgresql')")
    return Path(found[-1]).parent


class PostgresCluster:
    """A PostgreSQL cluster of its own in a temporary folder (initdb, pg_ctl), owned by the
    postgres user when the tests run as root (PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.bin = _postgres_bin()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="vielfalt-pg-"))
        self.data = self.folder / "data"
        self.user = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("postgres")
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)

    def url(self, database="vielfalt"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command, check=True):
        if self.user is not None:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(
            command,
            check=check,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.folder,
        )

    def initdb(self):
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        return self

    def start(self):
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )
        return self

    def stop(self):
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def createdb(self, name="vielfalt"):
        self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            name,
        )

    def destroy(self):
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False
        )
        shutil.rmtree(self.folder, ignore_errors=True)
