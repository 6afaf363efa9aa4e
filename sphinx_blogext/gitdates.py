"""Dates from git: a post without ``date`` or ``lastmod`` takes them from its history.

With ``blog_git_dates = True``, a post whose front matter has no ``lastmod`` gets
the date of the last commit that touched its source file, and one without
``date`` the date of the first. What front matter says always wins.

The history is read once per build, by one ``git log`` process over the source
folder, started in the main process before any document is read (``env-get-outdated``):
a ``-j`` build forks its readers afterwards, so they all see it. The dates go into
the :class:`~.model.Post` on ``doctree-read`` before the post's digest is made, so
listings, feeds, the "Updated" line and every other output see them as if front
matter had given them.

Choices, each documented in the user guide:

* the **committer** date, in the offset the commit was made in: the day a change
  became part of the history the site is built from. An author date survives
  rebases and cherry-picks, so a post drafted for weeks on a branch would be dated
  back to its first draft, and the author dates of a history need not be in order;
* renames are followed (``-M``) inside the source folder, so moving a post keeps its
  first date; a file copied or renamed with large changes starts a new history;
* a file with no commit (new, not yet committed) gets no date from git; changes not
  yet committed do not count: builds of one commit give one site;
* a ``lastmod`` from git earlier than or equal to the post's date is not used (a
  change made before publication is no update);
* in a shallow clone the oldest commit fetched stands for all the history before it,
  so a date that comes from it would be wrong: such dates are left out (the
  commits after it are right), and the build says so with a warning;
* no git, no repository or a failing ``git``: one warning, and no dates from git.

A post that is not read again keeps what it took from git; a post whose dates in the
history changed without a change to its file (a commit of a file that was not yet
committed, a rewritten history) is read again, so an incremental build gives what a
build from scratch gives.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .config import conf_line, settings
from .model import blog_data
from .registry import registry
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Mapping, Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The store of what each post took from git, by document.
STORE = "git-dates"
#: Where this build's history is kept for the app (``Registry.features``).
FEATURE = "gitdates"

#: The one command: every commit that touched the source folder, newest first, each
#: with its committer date and its decorations (only ``grafted``: refs are left out),
#: then the files it added, changed, renamed or deleted, paths relative to the folder,
#: NUL-separated. Settings a user may have that would change this output are reset.
GIT_LOG = (
    "git",
    "-c", "log.showRoot=true",
    "-c", "log.follow=false",
    "-c", "log.showSignature=false",
    "log", "-z", "--date-order", "--no-color", "--name-status", "-M", "--relative",
    "--decorate-refs-exclude=refs/*", "--decorate-refs-exclude=HEAD",
    "--format=%x1e%cI%x1f%D",
    "--", ".",
)  # fmt: skip

_HEADER = b"\x1e"
_DECORATION = b"\x1f"
#: statuses followed by two paths (the old name, the new one)
_TWO_PATHS = (b"R", b"C")


@dataclass(frozen=True)
class FileDates:
    """The dates of a file's first and last commits, None when unknown.

    ``first_cut`` (``last_cut``) says the date is unknown because the commit is where
    a shallow clone's history starts.
    """

    first: datetime | None = None
    last: datetime | None = None
    first_cut: bool = False
    last_cut: bool = False


NO_DATES = FileDates()


@dataclass(frozen=True)
class History:
    """What git says of the source folder in this build."""

    #: dates by file path, relative to the source folder, with ``/``
    files: Mapping[str, FileDates] = field(default_factory=dict)
    #: whether the repository is a shallow clone
    shallow: bool = False
    #: why git gave no history, or ""
    problem: str = ""


@dataclass(frozen=True)
class GitUse:
    """What a post asked of git when it was read, and what git said then."""

    #: the source file, relative to the source folder
    path: str
    #: whether the post had no ``date`` (``lastmod``) of its own
    date: bool
    lastmod: bool
    #: the dates of its file that it may use (the others left out)
    dates: FileDates = NO_DATES


# -- reading the history ----------------------------------------------------------


def read_history(folder: Path) -> History:
    """The history of ``folder`` from one ``git log``; a problem instead when git is
    missing, the folder is in no repository or git fails."""
    # never wait for a password (a partial clone may fetch what rename detection reads)
    environ = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(GIT_LOG, cwd=folder, env=environ, capture_output=True, check=False)
    except FileNotFoundError:
        return History(problem="git is not installed (no 'git' command on PATH)")
    except OSError as exc:
        return History(problem=f"git cannot be run: {exc.strerror or exc}")
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        message = lines[0].removeprefix("fatal: ") if lines else f"exit status {done.returncode}"
        return History(problem=f"git log failed: {message}")
    files, shallow = parse_log(done.stdout)
    return History(files, shallow)


def parse_log(output: bytes) -> tuple[dict[str, FileDates], bool]:
    """The dates of each file that exists at the newest commit, from ``GIT_LOG``'s
    output; and whether the history is a shallow clone's.

    Commits come newest first, parents after their children (``--date-order``).
    Walking back, ``names`` says which file of the newest commit each name stands
    for at that point of the history: a rename hands a file's history over to its
    old name; an addition ends it (an older file of that name is another file).
    Output that is not what git writes gives no dates for what cannot be read;
    it never raises.
    """
    tokens = output.split(b"\0")
    names: dict[str, str | None] = {}
    #: per file: (date, cut) of the newest commit that touched it, then of the oldest
    newest: dict[str, tuple[datetime | None, bool]] = {}
    oldest: dict[str, tuple[datetime | None, bool]] = {}
    date: datetime | None = None
    grafted = shallow = False

    def touch(name: str) -> None:
        current = names.get(name, name)
        if current is not None:
            newest.setdefault(current, (date, grafted))
            oldest[current] = (date, grafted)

    index = 0
    while index < len(tokens):
        token = tokens[index].removeprefix(b"\n")
        index += 1
        if token.startswith(_HEADER):
            stamp, _, decorations = token[1:].partition(_DECORATION)
            date = _date(stamp)
            grafted = b"grafted" in (d.strip() for d in decorations.split(b","))
            shallow = shallow or grafted
            continue
        if not token:
            continue
        status = token[:1]
        count = 2 if status in _TWO_PATHS else 1
        paths = [os.fsdecode(p) for p in tokens[index : index + count]]
        index += count
        if len(paths) < count:
            break
        if status == b"R":
            old, new = paths
            touch(new)
            names[old], names[new] = names.get(new, new), None
        elif status == b"C":
            touch(paths[1])
            names[paths[1]] = None
        elif status == b"A":
            touch(paths[0])
            names[paths[0]] = None
        elif status == b"D":
            names[paths[0]] = None
        else:
            touch(paths[0])
    files = {}
    for path, (last, last_cut) in newest.items():
        first, first_cut = oldest[path]
        files[path] = FileDates(
            None if first_cut else first, None if last_cut else last, first_cut, last_cut
        )
    return files, shallow


def _date(stamp: bytes) -> datetime | None:
    """A strict ISO 8601 date (``%cI``) with its offset, or None."""
    try:
        found = datetime.fromisoformat(stamp.decode("ascii").strip())
    except (ValueError, UnicodeDecodeError):
        return None
    return found if found.tzinfo is not None else None


def use_of(history: History, path: str, *, date: bool, lastmod: bool) -> GitUse:
    """What a post with source ``path`` takes from ``history``: only the dates it lacks."""
    dates = history.files.get(path, NO_DATES)
    wanted = FileDates(
        dates.first if date else None,
        dates.last if lastmod else None,
        dates.first_cut and date,
        dates.last_cut and lastmod,
    )
    return GitUse(path, date, lastmod, wanted)


# -- events -------------------------------------------------------------------------


def read_git(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Read the history once, before any document is read (``env-get-outdated``), and
    name the posts whose dates in it changed although their file did not."""
    found = registry(app)
    if not settings(env).git_dates:
        found.features.pop(FEATURE, None)
        return []
    history = read_history(Path(app.srcdir))
    found.features[FEATURE] = history
    if history.problem:
        _warn(app, f"blog_git_dates: {history.problem}; no post gets a date from git")
    stale = []
    for docname, use in blog_data(env).store(STORE).items():
        if docname in removed or docname not in env.found_docs:
            continue
        if use != use_of(history, use.path, date=use.date, lastmod=use.lastmod):
            stale.append(docname)
    return sorted(stale)


def give_dates(app: Sphinx, doctree: nodes.document) -> None:
    """Give a post the dates it lacks from git (``doctree-read``, before the post is
    finished and its digest made)."""
    env = app.env
    history = registry(app).features.get(FEATURE)
    post = blog_data(env).posts.get(env.docname)
    if history is None or post is None or (post.date and post.lastmod):
        return
    path = env.doc2path(env.docname, False).as_posix()
    use = use_of(history, path, date=post.date is None, lastmod=post.lastmod is None)
    blog_data(env).put(STORE, env.docname, use)
    first, last = use.dates.first, use.dates.last
    if first is not None:
        post.date = first
    if last is not None and (post.date is None or last > post.date):
        post.lastmod = last


def report_cut_history(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Say once per build when a shallow clone left posts without the dates they need
    (``env-updated``)."""
    history = registry(app).features.get(FEATURE)
    if history is None or not history.shallow:
        return []
    cut = sorted(
        docname
        for docname, use in blog_data(env).store(STORE).items()
        if use.dates.first_cut or use.dates.last_cut
    )
    if cut:
        _warn(
            app,
            f"blog_git_dates: the repository is a shallow clone, whose history does not "
            f"go back far enough for {len(cut)} post(s) (such as {cut[0]}): they get no "
            "date from git where its oldest commit would stand in for the ones before it. "
            "Fetch the whole history (git fetch --unshallow, or fetch-depth: 0 with "
            "actions/checkout)",
        )
    return []


def _warn(app: Sphinx, message: str) -> None:
    path, line = conf_line(app.confdir, "blog_git_dates")
    warn(message, subtype=Subtype.CONFIG, path=path, line=line)


def setup_gitdates(app: Sphinx) -> None:
    app.connect("env-get-outdated", read_git)
    # before ABlog's reading (450: an undated ABlog post is a draft) and the post's
    # digest (posts, 500)
    app.connect("doctree-read", give_dates, priority=400)
    app.connect("env-updated", report_cut_history)
