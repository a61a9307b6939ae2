"""Real servers for the tests that need them, on 127.0.0.1 and free ports, stopped at the end.

The portal as production runs it (DEBUG off, collected and hashed static files, gunicorn),
for the browser, deployment and cluster tests; redis-server and a throwaway PostgreSQL
cluster (Debian packages); an S3 server (moto). A missing binary skips the test with the
reason, except when CI=true: there it fails, so that a green CI run always includes these
tests (.ci/run installs the packages). Plain functions and classes, usable without pytest.
"""

import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers import free_port
from tests.public_pages import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
NGINX_COMMON_CONF = ROOT / "deploy" / "nginx" / "vielfalt-common.conf"
NGINX_PRODUCTION_STATIC_ROOT = "/srv/vielfalt/staticfiles/"

START_TIMEOUT = 30


def production_env(folder, **overrides):
    """Environment for manage.py and gunicorn: production mode, files below ``folder``.

    Only two switches differ from production, because the tests talk plain HTTP on
    loopback: no redirect to HTTPS and cookies without the Secure flag.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vielfalt.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEFAULT_FROM_EMAIL": "portal@example.org",
        "DJANGO_CONTACT_NOTIFY_EMAILS": "team@example.org",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_SERVE_MEDIA": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_STATIC_MANIFEST", None)
    for name in ("DJANGO_SECRET_KEY_FILE", "DATABASE_URL_FILE", "DJANGO_CACHE_URL_FILE"):
        env.pop(name, None)
    env.update(overrides)
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def prepare_site(env, *more_commands):
    """Collect static files, migrate, load the seed content, then run ``more_commands``
    (each a tuple of manage.py arguments)."""
    # Collecting (hashing and compressing) takes longest; it runs while the database fills.
    collect = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    manage(env, "migrate", "--noinput")
    manage(env, "loaddata", *FIXTURES)
    for command in more_commands:
        manage(env, *command)
    output, _ = collect.communicate(timeout=300)
    assert collect.returncode == 0, f"manage.py collectstatic:\n{output}"


def wait_until_up(url, process, log, what="server"):
    try:
        wait_for_http(url, process, log)
    except RuntimeError as error:
        pytest.fail(f"{what}: {error}", pytrace=False)


@contextmanager
def running(command, env, log, ready_url, what="server"):
    """Run ``command`` (output to ``log``) until the block ends; wait for ``ready_url``."""
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(ready_url, process, log, what)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(env, log, workers=1, check_path="/"):
    """The portal under gunicorn with sync workers on a free loopback port; yields its URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "vielfalt.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    url = f"http://127.0.0.1:{port}"
    with running(command, env, log, url + check_path, what="gunicorn"):
        yield url


def missing(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: these tests must run here)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


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


ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


def public_read_policy(bucket):
    """Anyone may read (GetObject) the objects of ``bucket``; nothing else."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": ["*"]},
                    "Action": ["s3:GetObject"],
                    "Resource": [f"arn:aws:s3:::{bucket}/*"],
                }
            ],
        }
    )


class S3Server:
    """moto's S3 server mode on a free loopback port, as a process of its own; ``start()``
    returns once it answers. Buckets are set up the way the README tells operators to: the
    public one readable by anyone through a bucket policy, the private one without any."""

    def __init__(self, log_path=None, start_timeout=30):
        self.log_path = Path(log_path) if log_path else None
        self.start_timeout = start_timeout
        self.process = None
        self.port = None

    @property
    def endpoint_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        try:
            # A port found free may be taken before moto binds it: try a few.
            for _attempt in range(3):
                self.port = free_port()
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
                if self._wait_until_answering():
                    return self
                self.stop()
        finally:
            if self.log_path:
                log.close()
        raise RuntimeError(f"The S3 test server did not start within {self.start_timeout} s.")

    def _wait_until_answering(self):
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.endpoint_url}/moto-api/", timeout=2):
                    return True
            except urllib.error.HTTPError:
                return True
            except OSError:
                time.sleep(0.1)
        return False

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def create_buckets(self, public_bucket, private_bucket):
        client = self.client()
        client.create_bucket(Bucket=public_bucket)
        client.put_bucket_policy(Bucket=public_bucket, Policy=public_read_policy(public_bucket))
        client.create_bucket(Bucket=private_bucket)

    def keys(self, bucket):
        """The names of every object in ``bucket``."""
        listing = self.client().list_objects_v2(Bucket=bucket)
        return {item["Key"] for item in listing.get("Contents", [])}

    def settings_values(self, public_bucket, private_bucket):
        """The values base.py reads from the environment, as media_storages() takes them."""
        return {
            "bucket": public_bucket,
            "private_bucket": private_bucket,
            "endpoint_url": self.endpoint_url,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "region": REGION,
        }

    def environment(self, public_bucket, private_bucket):
        """Environment variables that put an app server's media into these buckets."""
        values = self.settings_values(public_bucket, private_bucket)
        return {"DJANGO_STORAGE": "s3"} | {
            f"DJANGO_S3_{name.upper()}": value for name, value in values.items()
        }


def require_binary(name, package, candidates=()):
    """Path of a server binary, or skip (fail in CI) naming the Debian package."""
    for candidate in [*candidates, shutil.which(name)]:
        if candidate and Path(candidate).is_file():
            return str(candidate)
    missing(f"{name} nicht gefunden (Debian-Paket '{package}')")


def wait_for_http(url, process=None, log=None, timeout=60, expect=(200,)):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process ended early:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                last = response.status
        except urllib.error.HTTPError as error:
            last = error.code
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = error
        if last in expect:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer {expect} (last: {last}):\n{_tail(log)}")


def _tail(log, lines=60):
    if not log or not Path(log).exists():
        return ""
    return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])


class Process:
    """One server process with its log file; stop() is idempotent."""

    def __init__(self, args, log, env=None, cwd=None, user=None):
        self.args = [str(arg) for arg in args]
        self.log = Path(log)
        self.env = env
        self.cwd = cwd
        self.user = user
        self.process = None

    def start(self):
        log_file = open(self.log, "a")  # noqa: SIM115 - the child keeps writing to it
        self.process = subprocess.Popen(
            self.args,
            env=self.env,
            cwd=self.cwd,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            user=self.user,
            start_new_session=True,
        )
        log_file.close()
        return self

    def running(self):
        return self.process is not None and self.process.poll() is None

    def pause(self):
        """Freeze the process (SIGSTOP): it keeps its sockets but answers nothing."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.killpg(self.process.pid, signal.SIGCONT)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if not self.running():
            return
        try:
            os.killpg(self.process.pid, signal.SIGCONT)
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def tail(self):
        return _tail(self.log)


class Gunicorn(Process):
    """The portal under gunicorn with gunicorn.conf.py, as production runs it."""

    def __init__(self, folder, env, name="gunicorn", port=None, workers=2):
        self.port = port or free_port()
        self.name = name
        env = {
            **env,
            "GUNICORN_BIND": f"{LOOPBACK}:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESSLOG": "-",
        }
        super().__init__(
            [sys.executable, "-m", "gunicorn", "-c", ROOT / "gunicorn.conf.py", "vielfalt.wsgi"],
            Path(folder) / f"{name}.log",
            env=env,
            cwd=ROOT,
        )

    @property
    def url(self):
        return f"http://{LOOPBACK}:{self.port}"

    def start(self):
        super().start()
        wait_for_port(self.port, self.process, "gunicorn")
        return self


def render_nginx_conf(folder, nginx_port, upstream_ports, static_root):
    """The loopback frame around the production snippet deploy/nginx/vielfalt-common.conf
    (the same locations and proxy settings): plain HTTP on ``nginx_port``, the app servers
    on ``upstream_ports``, the static files collected for this run."""
    common = NGINX_COMMON_CONF.read_text()
    assert NGINX_PRODUCTION_STATIC_ROOT in common
    (folder / "vielfalt-common.conf").write_text(
        common.replace(NGINX_PRODUCTION_STATIC_ROOT, f"{static_root}/")
    )
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir(exist_ok=True)
    # As root, workers would otherwise run as "nobody" and not read the test's 0700 folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    servers = "\n".join(f"        server {LOOPBACK}:{port};" for port in upstream_ports)
    conf = f"""{user}worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream vielfalt_app {{
{servers}
    }}
    server {{
        listen {LOOPBACK}:{nginx_port};
        server_name {LOOPBACK};
        server_tokens off;
        include {folder}/vielfalt-common.conf;
    }}
}}
"""
    path = folder / "nginx.conf"
    path.write_text(conf)
    return path


class Nginx(Process):
    """Debian's nginx in the foreground in front of the given app servers."""

    def __init__(self, folder, upstream_ports, static_root, port=None):
        binary = require_binary("nginx", "nginx", ["/usr/sbin/nginx"])
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.config = render_nginx_conf(self.folder, self.port, upstream_ports, static_root)
        super().__init__(
            [binary, "-p", self.folder, "-c", self.config, "-e", self.folder / "error.log"],
            self.folder / "nginx.log",
        )

    @property
    def url(self):
        return f"http://{LOOPBACK}:{self.port}"

    def start(self):
        super().start()
        wait_for_port(self.port, self.process, "nginx")
        return self


def temporary_folder(prefix):
    """A folder every user may enter (PostgreSQL runs as 'postgres' below it)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder
