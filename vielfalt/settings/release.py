"""Which release of the portal this process runs, for cache keys that two releases never share.

During a rolling deploy old and new app servers serve side by side from one shared cache. A
page rendered by the new release links CSS and scripts under hashed names that the old
release does not have (and the other way round), so rendered pages must never cross over.

DJANGO_RELEASE names the release explicitly (an image tag, a version number). Without it the
name is made of what differs between two releases on its own: the package version, the git
commit of the checkout (read from the files under .git, no git process) and a digest of the
static files' manifest (the hashed names of CSS and scripts, written by collectstatic).
"""

import hashlib
from importlib import metadata
from pathlib import Path

PACKAGE = "vielfalt-verbindet"


def package_version():
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return ""


def _git_dir(base_dir):
    dot_git = Path(base_dir) / ".git"
    if dot_git.is_dir():
        return dot_git
    if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
        text = dot_git.read_text().strip()
        if text.startswith("gitdir:"):
            return (Path(base_dir) / text.removeprefix("gitdir:").strip()).resolve()
    return None


def git_revision(base_dir):
    """The checked-out commit (first 12 hex digits), or "" outside a git checkout."""
    try:
        git_dir = _git_dir(base_dir)
        if git_dir is None:
            return ""
        head = (git_dir / "HEAD").read_text().strip()
        if not head.startswith("ref:"):
            return head[:12]
        ref = head.removeprefix("ref:").strip()
        # A worktree keeps its HEAD apart but shares refs with the main repository.
        common = git_dir
        if (git_dir / "commondir").is_file():
            common = (git_dir / (git_dir / "commondir").read_text().strip()).resolve()
        for folder in (git_dir, common):
            if (folder / ref).is_file():
                return (folder / ref).read_text().strip()[:12]
        packed = common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text().splitlines():
                if line.endswith(f" {ref}"):
                    return line.split(" ", 1)[0][:12]
    except OSError:
        pass
    return ""


def manifest_digest(static_root):
    """A short digest of collectstatic's manifest, or "" where static files are not
    collected with hashed names (development)."""
    try:
        content = (Path(static_root) / "staticfiles.json").read_bytes()
    except OSError:
        return ""
    return hashlib.sha256(content).hexdigest()[:12]


def default_release(base_dir, static_root):
    parts = [package_version(), git_revision(base_dir), manifest_digest(static_root)]
    return "-".join(part for part in parts if part) or "dev"
