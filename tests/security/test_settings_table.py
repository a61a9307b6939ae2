"""The README's settings tables list exactly the environment variables the portal reads.

Operators set what the README tells them; a documented variable that nothing reads (or a
setting nobody can find) is how one client address came to have two settings.
"""

import re

from django.conf import settings

READS = re.compile(
    r'(?:env_bool|env_int|env_list|env_secret|os\.environ\.get|_int|_bool)\(\s*"([A-Z][A-Z0-9_]+)"'
)


def read_by(*paths):
    return {name for path in paths for name in READS.findall(path.read_text())}


def documented():
    names = set()
    for line in (settings.BASE_DIR / "README.md").read_text().splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_every_setting_is_documented_and_every_documented_one_exists():
    settings_files = sorted((settings.BASE_DIR / "vielfalt" / "settings").glob("*.py"))
    read = read_by(*settings_files)
    assert "DJANGO_TRUSTED_PROXY_COUNT" in read
    assert read - documented() == set(), "read by the settings, missing in the README"
    server = read | read_by(settings.BASE_DIR / "gunicorn.conf.py")
    assert documented() - server == set(), "in the README, read by nothing"


def test_one_setting_for_the_client_address():
    assert "DJANGO_NUM_PROXIES" not in (settings.BASE_DIR / "README.md").read_text()
