"""Putting a built site where people can read it.

- :func:`gh_pages`: commit the output to a branch with the ghp-import library
  (with ``.nojekyll`` and an optional ``CNAME``) and push it to a git remote;
- :func:`rsync_publish`: copy the output with ``rsync --delete`` to a folder or
  an rsync target, guarded by a marker file so that it never empties a folder
  it did not fill itself;

The invoke tasks ``gh-pages`` and ``publish`` build with ``publishconf.py`` and
run ``check`` before calling these; nothing here builds or checks.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..engine.build import load_settings, require_built_site
from ..errors import CollabError

#: The file an earlier ``invoke publish`` left in its destination; only such a
#: destination (or an empty one) may be synchronised with ``--delete``.
MARKER = ".pelican-collab-publish"
MARKER_TEXT = (
    "This folder is published by pelican-collab (`invoke publish`).\n"
    "Every publish makes it an exact copy of the built site and deletes\n"
    "everything else in it: keep no other files here.\n"
)

# GitHub Pages (any git remote) ------------------------------------------------------------


def gh_pages(
    output: Path,
    remote: str,
    branch: str = "gh-pages",
    cname: str | None = None,
    message: str | None = None,
) -> str:
    """Commit ``output`` as the whole of ``branch`` and push it to ``remote``; the new commit id.

    The commit is made in a throw-away repository on top of the branch as the
    remote has it, so the push is a fast-forward, the branch keeps its history,
    and the site's own repository (if any) is not touched.
    """
    import ghp_import

    require_built_site(output)
    if cname is not None and not re.fullmatch(r"[A-Za-z0-9.-]+", cname):
        raise CollabError(f"--cname: {cname!r} is not a domain name")
    remote = _remote_url(remote)
    with tempfile.TemporaryDirectory(prefix="pelican-collab-gh-pages-") as scratch:
        repository = Path(scratch) / "repository.git"
        _git(["init", "--bare", "--quiet", str(repository)])
        environment = {"GIT_DIR": str(repository)}
        listed = _git(["ls-remote", "--heads", remote, branch], environment)
        ref = f"refs/heads/{branch}"
        if any(line.endswith(ref) for line in listed.splitlines()):
            _git(["fetch", "--quiet", remote, f"+{ref}:{ref}"], environment)
        before = _git(["rev-parse", "--verify", "--quiet", ref], environment, check=False).strip()
        # ghp-import commits as git's configured user; a machine without one gets a neutral name.
        for key, variable, fallback in (
            ("user.name", "GIT_COMMITTER_NAME", "pelican-collab"),
            ("user.email", "GIT_COMMITTER_EMAIL", "pelican-collab@localhost"),
        ):
            if not os.environ.get(variable) and not _git(["config", key], environment, check=False).strip():
                environment[variable] = fallback
        with _environment(environment):
            try:
                ghp_import.ghp_import(
                    str(output),
                    mesg=message or "Publish the site (pelican-collab)",
                    remote=remote,
                    branch=branch,
                    push=True,
                    nojekyll=True,
                    cname=cname,
                )
            except ghp_import.GhpError as error:
                raise CollabError(f"ghp-import: {error}") from None
            except subprocess.CalledProcessError as error:
                raise CollabError(f"git push to {remote} failed (exit {error.returncode})") from None
        after = _git(["rev-parse", "--verify", "--quiet", ref], environment, check=False).strip()
        if not after or after == before:
            raise CollabError(f"ghp-import made no commit on {branch}; nothing was pushed")
        return after


def _expanded(option: str, path: str) -> str:
    """A local path given after ``--option=``, where the shell expands nothing: ``~``
    and ``$VARIABLES`` expanded, or a one-line refusal naming what could not be."""
    expanded = os.path.expanduser(os.path.expandvars(path))
    if expanded.startswith("~") or "$" in expanded:
        raise CollabError(f"{option} {path}: cannot expand {expanded!r} (unknown user or unset variable)")
    return expanded


def _remote_url(remote: str) -> str:
    """A remote's name (``origin``) in the current repository becomes its URL; URLs and
    paths stay, a path starting with ``~`` expanded (the shell leaves ``--remote=~/x`` alone)."""
    if remote.startswith("~"):
        return _expanded("--remote", remote)
    if not re.fullmatch(r"[\w.-]+", remote) or Path(remote).exists():
        return remote
    url = _git(["remote", "get-url", remote], check=False).strip()
    if not url:
        raise CollabError(f"--remote: {remote!r} is neither a URL nor a remote of this git repository")
    return url


def _git(arguments: list[str], environment: dict[str, str] | None = None, check: bool = True) -> str:
    result = subprocess.run(
        ["git", *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, **(environment or {})},
    )
    if check and result.returncode != 0:
        detail = " ".join(result.stderr.split()) or f"exit {result.returncode}"
        raise CollabError(f"git {arguments[0]}: {detail}")
    return result.stdout


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """ghp-import runs git in this process's environment: point it at the scratch repository."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# rsync to a folder or a server ----------------------------------------------------------


def is_remote(destination: str) -> bool:
    """rsync's own rule: ``host:path``, ``user@host:path`` or ``rsync://`` (a colon before any slash)."""
    return destination.startswith("rsync://") or bool(re.match(r"^[^/]+:", destination))


def checked_destination(destination: str, settings_file: str | Path) -> str:
    """``--dest`` as rsync should get it, or a one-line refusal.

    A local folder has ``~`` and ``$VARIABLES`` expanded (the shell leaves
    ``--dest=~/site`` alone) and may not be inside the project (the settings
    file's folder) or the content folder, hold either of them, or overlap the
    output: ``rsync --delete`` would make it a copy of the site. Remote
    targets are left to rsync.
    """
    if is_remote(destination):
        return destination
    expanded = _expanded("--dest", destination)
    if not expanded.strip():
        raise CollabError("--dest: give a folder or an rsync target (user@host:/path)")

    settings = load_settings(settings_file)
    target = Path(os.path.realpath(expanded))
    folders = (
        ("the project folder", Path(settings_file).resolve().parent),
        ("the content folder", Path(os.path.realpath(settings["PATH"]))),
        ("the output folder", Path(os.path.realpath(settings["OUTPUT_PATH"]))),
        ("your home folder", Path(os.path.realpath(Path.home()))),
    )
    for name, folder in folders:
        if target == folder or (folder in target.parents and name != "your home folder"):
            where = "is" if target == folder else "is inside"
            raise CollabError(
                f"--dest {destination}: refusing to publish to {target}: it {where} {name}; "
                "publish to a folder of its own outside the project"
            )
        if target in folder.parents:
            raise CollabError(
                f"--dest {destination}: refusing to publish to {target}: it holds {name} {folder}; "
                "publish to a folder of its own outside the project"
            )
    return str(target)


def destination_entries(destination: str) -> list[str] | None:
    """The names in the destination folder, or None when it does not exist yet."""
    if not is_remote(destination):
        path = Path(destination)
        if not path.exists():
            if not path.parent.is_dir():
                raise CollabError(f"{destination}: its parent folder does not exist")
            return None
        if not path.is_dir():
            raise CollabError(f"{destination}: is not a folder")
        return sorted(entry.name for entry in path.iterdir())
    result = subprocess.run(
        [_rsync(), "--list-only", destination.rstrip("/") + "/"], capture_output=True, text=True
    )
    if result.returncode != 0:
        if "No such file or directory" in result.stderr:
            return None
        raise CollabError(f"rsync --list-only {destination}: {' '.join(result.stderr.split())}")
    names = [line.split(None, 4)[-1] for line in result.stdout.splitlines() if line.strip()]
    return sorted(name for name in names if name != ".")


def guard(destination: str) -> None:
    """Refuse a destination that holds files but no marker of an earlier publish."""
    entries = destination_entries(destination)
    if entries and MARKER not in entries:
        shown = ", ".join(entries[:5]) + (", …" if len(entries) > 5 else "")
        raise CollabError(
            f"refusing to publish to {destination}: it is not empty ({shown}) and has no {MARKER} "
            "file from an earlier publish; nothing was deleted. Publish to an empty folder, "
            f"or empty this one yourself if it really is the site's folder"
        )


def rsync_publish(output: Path, destination: str) -> tuple[int, int]:
    """Make ``destination`` an exact copy of ``output`` (plus the marker); (files sent, files deleted)."""
    require_built_site(output)
    if not is_remote(destination):
        target = Path(destination).resolve()
        source = output.resolve()
        if target == source or source in target.parents or target in source.parents:
            raise CollabError(f"refusing to publish to {destination}: it overlaps the output {output}")
    guard(destination)
    # The marker goes first: a publish interrupted half-way can be repeated.
    with tempfile.TemporaryDirectory(prefix="pelican-collab-marker-") as scratch:
        Path(scratch, MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        _run_rsync(["--recursive", f"{scratch}/", destination.rstrip("/") + "/"])
    stats = _run_rsync(
        [
            "--recursive",
            "--links",
            "--times",
            "--checksum",  # every build rewrites every file: compare contents, send only changes
            "--perms",
            "--delete",
            "--delete-delay",
            "--delay-updates",
            *(["--compress"] if is_remote(destination) else []),
            "--exclude",
            f"/{MARKER}",  # excluded, so --delete keeps it
            "--stats",
            f"{output}/",
            destination.rstrip("/") + "/",
        ]
    )
    return _stat(stats, "Number of regular files transferred"), _stat(stats, "Number of deleted files")


def _stat(stats: str, label: str) -> int:
    match = re.search(rf"^{label}: ([\d,.]+)", stats, re.MULTILINE)
    return int(re.sub(r"[,.]", "", match.group(1))) if match else 0


def _rsync() -> str:
    from shutil import which

    rsync = which("rsync")
    if rsync is None:
        raise CollabError("rsync is not installed (e.g. apt-get install rsync)")
    return rsync


def _run_rsync(arguments: list[str]) -> str:
    result = subprocess.run([_rsync(), *arguments], capture_output=True, text=True)
    if result.returncode != 0:
        raise CollabError(f"rsync failed (exit {result.returncode}): {' '.join(result.stderr.split())}")
    return result.stdout
