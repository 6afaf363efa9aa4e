"""``blogext new-post "Title"``: a new post with today's date, ready to write.

Run inside a Sphinx project (a folder with ``conf.py``, or below one), the
post goes into the project's ``blog_path`` and is dated in its
``blog_timezone``; elsewhere into ``./blog``, dated in UTC.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from slugify import slugify

from ..frontmatter import clean_text
from . import OK, CommandError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Iterator


#: what reST reads as the start of an enumerated list
_ENUMERATOR = re.compile(r"\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+|#)[.)](\s|$)")


#: the suffixes of a source that a new post may stand beside: Sphinx's own,
#: and myst_parser's (conf.py's ``source_suffix`` adds to them)
ALWAYS_SUFFIXES = (".rst", ".md")
#: longest slug made from a title, its ``-2`` and so on included
MAX_SLUG = 80
#: the feeds written in the blog folder (kept here: the CLI does not load the build's modules)
FEED_FILES = ("atom.xml", "rss.xml", "feed.json")


@dataclass
class Project:
    """What a new post needs to know of the project it goes into."""

    root: Path
    blog_path: str = "blog"
    timezone: str = "UTC"
    #: every suffix of a source document Sphinx reads in the project
    suffixes: tuple[str, ...] = ALWAYS_SUFFIXES
    #: folders of generated pages, relative to ``root``; tags: ``<blog_path>/tags`` when empty
    tags_path: str = ""
    contributors_path: str = "contributors"
    talks_path: str = "talks"

    def generated(self) -> dict[str, str]:
        """What the extension writes, by path from ``root``: its pages, their folders, feeds."""
        blog = self.blog_path
        return {
            f"{blog}/index": "the blog's index page",
            f"{blog}/archive": "the blog's archive pages",
            f"{blog}/page": "the blog's numbered index pages",
            **{f"{blog}/{name}": "the blog's feeds" for name in FEED_FILES},
            self.tags_path or f"{blog}/tags": "the tag pages",
            self.contributors_path: "the contributor pages",
            self.talks_path: "the talks pages",
        }


def find_project(start: Path) -> Project:
    """The project whose ``conf.py`` is in ``start`` or a folder above it.

    Without one, ``start`` with the extension's defaults. A ``conf.py`` that
    cannot be read is an error: dating a post in the wrong zone silently
    would be worse.
    """
    for folder in [start, *start.parents]:
        if (folder / "conf.py").is_file():
            return _read_project(folder)
    return Project(start)


def _read_project(folder: Path) -> Project:
    from sphinx.config import eval_config_file

    conf = folder / "conf.py"
    try:
        namespace: dict[str, Any] = eval_config_file(conf, tags=None)  # type: ignore[arg-type]
    except BaseException as exc:  # conf.py runs arbitrary code; SystemExit included
        raise CommandError(f"cannot read {conf}: {exc}") from None
    project = Project(folder)
    blog_path = namespace.get("blog_path", project.blog_path)
    if isinstance(blog_path, str) and blog_path.strip("/"):
        project.blog_path = blog_path.strip("/")
    zone = namespace.get("blog_timezone", project.timezone)
    if isinstance(zone, str):
        project.timezone = zone
    for setting, attribute in (
        ("blog_tags_path", "tags_path"),
        ("blog_contributors_path", "contributors_path"),
        ("blog_talks_path", "talks_path"),
    ):
        path = _folder(namespace.get(setting))
        if path:
            setattr(project, attribute, path)
    project.suffixes = source_suffixes(namespace.get("source_suffix"))
    return project


def _folder(value: Any) -> str | None:
    """A folder setting as the extension takes it (``config._path``), or None for its default."""
    if not isinstance(value, str):
        return None
    parts = value.strip("/").split("/")
    if any(p in ("", ".", "..") for p in parts):
        return None
    return "/".join(parts)


def source_suffixes(value: Any) -> tuple[str, ...]:
    """``.rst`` and ``.md``, then the suffixes of conf.py's ``source_suffix``.

    That is a str, a list, or a dict of suffix to file type; anything else
    leaves Sphinx's default, which the first two cover.
    """
    if isinstance(value, str):
        value = [value]
    found = list(ALWAYS_SUFFIXES)
    if isinstance(value, dict | list | tuple | set | frozenset):
        found += [s for s in value if isinstance(s, str) and s]
    return tuple(dict.fromkeys(found))


def reserved_names(project: Project, folder: Path) -> dict[str, str]:
    """The names a post in ``folder`` must not take, case-folded, and what has each.

    ``index`` everywhere (the folder's own page); and in a folder of the
    project, the first part of each place the extension writes below it:
    ``index``, ``archive`` and ``page`` in the blog folder, the feeds, and the
    folders of tags, contributors and talks.
    """
    reserved = {"index": "the folder's index page"}
    try:
        inside = folder.resolve().relative_to(project.root.resolve()).as_posix()
    except (ValueError, OSError):
        return reserved
    prefix = "" if inside == "." else inside.casefold() + "/"
    for place, what in project.generated().items():
        place = place.casefold()
        if place.startswith(prefix) and len(place) > len(prefix):
            reserved[place[len(prefix) :].split("/")[0]] = what
    return reserved


def post_text(
    title: str,
    when: datetime,
    *,
    tags: list[str],
    contributors: list[str],
    draft: bool,
    fmt: str,
) -> str:
    """The source of a new post: its front matter and a first paragraph to replace."""
    title = _one_line(title)
    tags = [t for t in map(_one_line, tags) if t]
    contributors = [c for c in map(_one_line, contributors) if c]
    fields: dict[str, Any] = {"title": title, "date": when.isoformat()}
    if tags:
        fields["tags"] = tags
    if contributors:
        fields["contributors"] = contributors
    if draft:
        fields["draft"] = True
    placeholder = "Start with the paragraph readers see in listings and feeds."
    if fmt == "md":
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
        return f"---\n{front}---\n\n{placeholder}\n"
    lines = []
    for key, value in fields.items():
        if isinstance(value, list):
            value = ", ".join(_rest_text(v) for v in value)
        elif isinstance(value, bool):
            value = "true"
        else:
            value = _rest_text(str(value))
        lines.append(f":{key}: {value}")
    return "\n".join(lines) + f"\n\n{placeholder}\n"


def uses_bundles(folder: Path, suffixes: Iterable[str] = ALWAYS_SUFFIXES) -> bool:
    """Whether most posts of ``folder`` are page bundles (``<slug>/index.md``)."""
    if not folder.is_dir():
        return False
    suffixes = tuple(suffixes)
    indexes = {f"index{s}" for s in suffixes}
    bundles = sum(1 for p in folder.glob("*/index*") if p.name in indexes)
    flat = sum(1 for p in folder.glob("*.*") if p.name.endswith(suffixes) and p.name not in indexes)
    return bundles > flat


def existing_source(
    folder: Path, slug: str, suffixes: Iterable[str], *, bundle: bool
) -> Path | None:
    """What in ``folder`` already has the document ``slug``, if anything does.

    A source with any of ``suffixes``, flat (``<slug>.md``) or a bundle
    (``<slug>/index.md``), its name compared case-folded: on a file system
    that ignores case, ``Hello.md`` is ``hello.md``. For a bundle, also a
    file named ``<slug>`` or a folder whose name differs only in case.
    """
    if not folder.is_dir():
        return None
    flat = {(slug + s).casefold() for s in suffixes}
    indexes = {f"index{s}".casefold() for s in suffixes}
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise CommandError(f"cannot read {folder}: {exc.strerror}") from None
    for entry in entries:
        name = entry.name.casefold()
        if name in flat:
            return entry
        if name != slug.casefold():
            continue
        if not entry.is_dir():
            if bundle:
                return entry
            continue
        try:
            inner = sorted(entry.iterdir())
        except OSError:
            return entry
        for source in inner:
            if source.name.casefold() in indexes:
                return source
        if bundle and entry.name != slug:
            return entry
    return None


def slugs(title: str) -> Iterator[str]:
    """The slug of ``title``, then the same with ``-2``, ``-3``… (never over ``MAX_SLUG``)."""
    # "What's new" gives whats-new, as in Hugo, not what-s-new
    text = re.sub("['\u2019]", "", title)
    yield slugify(text, max_length=MAX_SLUG, word_boundary=True) or "post"
    for number in count(2):
        tail = f"-{number}"
        base = slugify(text, max_length=MAX_SLUG - len(tail), word_boundary=True) or "post"
        yield base + tail


def free_slug(
    title: str, folder: Path, project: Project, *, bundle: bool
) -> tuple[str, str | None]:
    """The first slug of ``title`` that is neither reserved nor taken in ``folder``.

    With it, why the title's own slug could not be it: None when it could.
    Each candidate is checked in both layouts and with every source suffix.
    """
    reserved = reserved_names(project, folder)
    why = None
    for slug in slugs(title):
        what = reserved.get(slug.casefold())
        existing = None if what else existing_source(folder, slug, project.suffixes, bundle=bundle)
        if what is None and existing is None:
            return slug, why
        if why is None:
            why = (
                f"{folder / slug} is reserved for {what}" if what else f"{existing} already exists"
            )
    raise AssertionError("unreachable")  # pragma: no cover


def _rest_text(text: str) -> str:
    """Text that reST shows as written: its markup characters escaped."""
    escaped = re.sub(r"([\\`*_|\[\]<>])", r"\\\1", text)
    # nor a list, an enumeration ("1.", "0)", "(a)", "iv.") or a transition at its start
    if (
        escaped[:1]
        and escaped[0] != "\\"
        and (not escaped[0].isalnum() or _ENUMERATOR.match(escaped))
    ):
        return "\\" + escaped
    return escaped


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _names(value: str | None) -> list[str]:
    return [n.strip() for n in (value or "").split(",") if n.strip()]


def run(args: argparse.Namespace) -> int:
    title = " ".join(str(args.title).split())
    if not title:
        raise CommandError("the title is empty")
    project = find_project(Path.cwd())
    try:
        zone = ZoneInfo(project.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        where = project.root / "conf.py"
        raise CommandError(f"{where}: unknown blog_timezone {project.timezone!r} ({exc})") from None
    folder = Path(args.dir) if args.dir else project.root / project.blog_path
    # a blog of page bundles (an imported Hugo blog): one more, at blog/<slug>/
    bundle = uses_bundles(folder, project.suffixes)
    slug, why = free_slug(title, folder, project, bundle=bundle)
    target = folder / slug / f"index.{args.format}" if bundle else folder / f"{slug}.{args.format}"
    text = post_text(
        title,
        datetime.now(zone).replace(microsecond=0),
        tags=_names(args.tags),
        contributors=_names(args.contributor),
        draft=args.draft,
        fmt=args.format,
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise CommandError(f"{target} already exists; nothing was written") from None
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror}") from None
    print(target)
    if why:
        print(f"blogext new-post: {why}; writing {target}", file=sys.stderr)
    if not (project.root / "conf.py").is_file():
        print(
            "blogext new-post: no conf.py here or above; dated in UTC",
            file=sys.stderr,
        )
    return OK


def add_command(commands: Any) -> None:
    command = commands.add_parser(
        "new-post",
        help="write a new post with today's date",
        description="Write a new post with today's date (in the project's blog_timezone) "
        "and a file name made from its title. An existing file is never overwritten: "
        "when the name is taken, or reserved for a page of the blog (index, archive, "
        "page, tags), the post gets the next free one (-2, -3...).",
    )
    command.add_argument("title", help="the post's title")
    command.add_argument("--tags", metavar="A,B", help="tags, separated by commas")
    command.add_argument(
        "--contributor", metavar="SLUG", help="who writes it (several: separated by commas)"
    )
    command.add_argument(
        "--dir", metavar="FOLDER", help="where to write it (default: the project's blog_path)"
    )
    command.add_argument(
        "--format", choices=("md", "rst"), default="md", help="Markdown (default) or reST"
    )
    command.add_argument("--draft", action="store_true", help="mark it as a draft")
    command.set_defaults(run=run)
