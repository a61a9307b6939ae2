"""The portal as a small production cluster on loopback, for tests/cluster/.

PostgreSQL, Redis and an S3 server (moto), two gunicorn nodes of one release with production
settings, nginx balancing between them, an SMTP peer and two notification workers. Each node
is also reachable directly, so a test can write through one and read through the other.
Everything is started once for the package and stopped at the end; every wait is bounded.
"""

import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.contact.helpers import SmtpServer
from tests.helpers import free_port
from tests.servers import (
    ROOT,
    Gunicorn,
    Nginx,
    PostgresCluster,
    Process,
    RedisServer,
    S3Server,
    manage,
    production_env,
    require_binary,
    temporary_folder,
    wait_for_http,
)

pytestmark = pytest.mark.cluster

EDITOR = ("redaktion", secrets.token_urlsafe(16))
PUBLIC_BUCKET = "vielfalt-public"
PRIVATE_BUCKET = "vielfalt-private"
FORM_MIN_SECONDS = 1


@dataclass
class Cluster:
    folder: Path
    postgres: PostgresCluster
    redis: RedisServer
    s3: S3Server
    smtp: SmtpServer
    env: dict
    nodes: list = field(default_factory=list)
    workers: list = field(default_factory=list)
    nginx: Nginx = None

    @property
    def node_a(self):
        return self.nodes[0]

    @property
    def node_b(self):
        return self.nodes[1]

    def manage(self, *args, **extra_env):
        return manage({**self.env, **extra_env}, *args)

    def shell(self, code):
        """What ``code`` prints last, run by manage.py shell on the cluster's settings."""
        return self.manage("shell", "-c", code).strip().splitlines()[-1]

    def start_worker(self, name):
        worker = Process(
            [sys.executable, "manage.py", "send_pending_notifications", "--loop"],
            self.folder / f"{name}.log",
            env={**self.env, "DJANGO_NOTIFICATION_POLL_SECONDS": "1"},
            cwd=ROOT,
        ).start()
        self.workers.append(worker)
        return worker

    def start_node(self, name, **extra_env):
        node = Gunicorn(self.folder, {**self.env, **extra_env}, name=name).start()
        wait_for_http(node.url + "/healthz", node.process, node.log)
        return node

    def stop(self):
        for process in [*self.workers, self.nginx, *self.nodes]:
            if process is not None:
                process.stop()
        self.s3.stop()
        self.redis.remove()
        self.postgres.destroy()
        self.smtp.stop()


def node_environment(folder, postgres_url, redis, s3, smtp):
    """Production settings for every node of release 1: shared database, cache and storage."""
    return production_env(
        folder,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(smtp.port),
        DJANGO_EMAIL_TIMEOUT="5",
        DJANGO_PORTAL_URL="http://127.0.0.1",
        DJANGO_FORM_MIN_SECONDS=str(FORM_MIN_SECONDS),
        DJANGO_FORM_RATE_LIMIT="200",
        DATABASE_URL=postgres_url,
        DJANGO_CONN_MAX_AGE="0",
        DJANGO_CACHE_URL=redis.url,
        DJANGO_NODES="2",
        DJANGO_RELEASE="release-1",
        **s3.environment(PUBLIC_BUCKET, PRIVATE_BUCKET),
        DJANGO_STATIC_ROOT=str(folder / "static-release-1"),
        DJANGO_SUPERUSER_PASSWORD=EDITOR[1],
        GUNICORN_MAX_REQUESTS="0",
    )


@pytest.fixture(scope="package")
def cluster():
    require_binary("nginx", "nginx", ["/usr/sbin/nginx"])
    folder = temporary_folder("vielfalt-cluster-")
    postgres = PostgresCluster()
    redis = RedisServer()
    s3 = S3Server(log_path=folder / "moto.log")
    smtp = SmtpServer(free_port())
    started = Cluster(folder, postgres, redis, s3, smtp, env={})
    try:
        postgres.initdb().start()
        postgres.createdb("vielfalt")
        database_url = postgres.url("vielfalt")
        redis.start()
        s3.start()
        s3.create_buckets(PUBLIC_BUCKET, PRIVATE_BUCKET)
        smtp.start()
        started.env = node_environment(folder, database_url, redis, s3, smtp)
        # Migrations once, static files per release on every node (here: one folder).
        collect = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=started.env,
        )
        started.manage("migrate", "--noinput")
        started.manage("load_seed")
        started.manage(
            "createsuperuser", "--noinput", "--username", EDITOR[0], "--email", "r@example.org"
        )
        assert collect.wait(timeout=300) == 0
        started.nodes = [started.start_node("node-a"), started.start_node("node-b")]
        started.nginx = Nginx(
            folder / "nginx",
            [node.port for node in started.nodes],
            started.env["DJANGO_STATIC_ROOT"],
        ).start()
        yield started
    finally:
        started.stop()
        if os.environ.get("CLUSTER_KEEP") != "1":
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def redis_stopped(cluster):
    """Redis gone for one test, back (empty, like after a crash) afterwards."""
    cluster.redis.stop()
    yield cluster.redis
    cluster.redis.start()


@pytest.fixture
def database_stopped(cluster):
    cluster.postgres.stop()
    yield cluster.postgres
    cluster.postgres.start()
