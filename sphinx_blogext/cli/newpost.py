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
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from slugify import slugify

from ..frontmatter import clean_text
from . import OK, CommandError

if TYPE_CHECKING:
    import argparse


#: what reST reads as the start of an enumerated list
_ENUMERATOR = re.compile(r"\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+|#)[.)](\s|$)")


@dataclass
class Project:
    """What a new post needs to know of the project it goes into."""

    root: Path
    blog_path: str = "blog"
    timezone: str = "UTC"


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
    return project


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


def uses_bundles(folder: Path) -> bool:
    """Whether most posts of ``folder`` are page bundles (``<slug>/index.md``)."""
    if not folder.is_dir():
        return False
    bundles = sum(1 for p in folder.glob("*/index.*") if p.suffix in (".md", ".rst"))
    flat = sum(1 for p in folder.glob("*.*") if p.suffix in (".md", ".rst") and p.stem != "index")
    return bundles > flat


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
    # "What's new" gives whats-new, as in Hugo, not what-s-new
    slug = slugify(re.sub("['\u2019]", "", title), max_length=80, word_boundary=True) or "post"
    target = folder / f"{slug}.{args.format}"
    if uses_bundles(folder):
        # a blog of page bundles (an imported Hugo blog): one more, at blog/<slug>/
        target = folder / slug / f"index.{args.format}"
    for existing in (
        folder / f"{slug}.md",
        folder / f"{slug}.rst",
        folder / slug / "index.md",
        folder / slug / "index.rst",
    ):
        if existing.exists():
            raise CommandError(f"{existing} already exists; nothing was written")
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
        "and a file name made from its title. An existing file is never overwritten.",
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
