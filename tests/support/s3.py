"""A real S3 server for tests: moto's server mode on 127.0.0.1, as a process of its own.

Plain functions and a class, no pytest, so that a test run with several app servers can
start it, point every node at it (``environment()``) and stop it at the end:

    with S3Server() as server:
        server.create_buckets("oeffentlich", "privat")
        env = server.environment("oeffentlich", "privat")   # DJANGO_STORAGE=s3, ...

Buckets are set up the way the README tells operators to: the public one readable by
anyone through a bucket policy, the private one without any.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

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


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class S3Server:
    """moto_server on a free loopback port; ``start()`` returns once it answers."""

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
