"""A post's front matter, checked as the build will read it.

Hugo reads front matter more loosely than the blog checks it (a draft with a
date that does not exist is never built by Hugo, but it is read by Sphinx),
and themes write values the blog takes differently (Docsy's ``author`` is
Markdown). Each value the build would warn about is left out of the
imported page and reported here, so the project builds with ``-W``; the Hugo
source keeps it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..frontmatter import read_fields
from ..urls import IMAGE_TYPES, is_absolute

#: Keys that name the post's authors.
AUTHOR_KEYS = ("author", "authors", "contributors")
#: Keys that name the post's image, besides ``images``.
IMAGE_KEYS = ("images", "image", "cover", "featured_image")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{0,200})\]\([^)\n]{0,500}\)")
_TRAILING_PARENS = re.compile(r"\s*\([^()]{0,300}\)\s*$")
_LINK_IN_PARENS = re.compile(r"\(\s*\[")


@dataclass
class Checked:
    """The fields to write, and (key, message) for each change."""

    fields: dict[str, Any]
    notes: list[tuple[str, str]] = field(default_factory=list)


def zone_of(name: str) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def check_fields(
    fields: dict[str, Any], zone: tzinfo, *, bundle: Path | None, roots: list[Path]
) -> Checked:
    """``fields`` without what the build would warn about, with a note for each change.

    ``bundle`` is the folder of a page bundle (relative images are its files);
    ``roots`` the folders a path from the site's root may be in (``static/``).
    """
    checked = Checked(dict(fields))
    _plain_authors(checked)
    _existing_images(checked, bundle, roots)
    reading = read_fields(checked.fields, zone, from_text=False)
    for problem in reading.problems:
        key = problem.key
        if key is not None and key in checked.fields:
            del checked.fields[key]
            checked.notes.append((key, f"{problem.message}; left out of the imported page"))
        else:
            checked.notes.append((key or "", problem.message))
    return checked


def _plain_authors(checked: Checked) -> None:
    """Authors written as Markdown (Docsy: ``Jane Doe ([@jane](https://…))``): the name."""
    for key in AUTHOR_KEYS:
        value = checked.fields.get(key)
        names = value if isinstance(value, list) else [value]
        if not any(isinstance(n, str) and "](" in n for n in names):
            continue
        plain = [_author(n) if isinstance(n, str) else n for n in names]
        for before, after in zip(names, plain, strict=True):
            if before != after:
                checked.notes.append((key, f"{key} {before!r} written as {after!r}"))
        checked.fields[key] = plain if isinstance(value, list) else plain[0]


def _author(name: str) -> str:
    """The name of a Markdown author: links by their text, and a link in parentheses
    after the name (a handle) left out."""
    text = _MARKDOWN_LINK.sub(r"\1", name)
    trailing = _TRAILING_PARENS.search(text)
    if trailing is not None and _LINK_IN_PARENS.search(name):
        text = text[: trailing.start()]
    return " ".join(text.split()) or name


def _existing_images(checked: Checked, bundle: Path | None, roots: list[Path]) -> None:
    """Leave out image entries the build would warn about: no such file in the import,
    or not an image."""
    for key in IMAGE_KEYS:
        value = checked.fields.get(key)
        if key == "image" and isinstance(value, str | int) and str(value).strip().isdigit():
            continue  # ABlog's number of a body image
        if key == "cover" and isinstance(value, dict):
            entries = [value.get("image")]
        else:
            entries = value if isinstance(value, list) else [value]
        bad = {}
        for entry in entries:
            if isinstance(entry, str) and entry.strip():
                reason = _problem(entry, bundle, roots)
                if reason:
                    bad[entry] = reason
        for entry, reason in bad.items():
            checked.notes.append((key, f"{key}: the image {entry!r} {reason}; left out"))
        if not bad:
            continue
        if isinstance(value, list):
            checked.fields[key] = [e for e in value if e not in bad]
        else:
            del checked.fields[key]


def _problem(entry: str, bundle: Path | None, roots: list[Path]) -> str:
    """Why an image entry would not be published, or ""."""
    entry = entry.strip()
    if is_absolute(entry):
        return ""  # a URL: the build checks it
    path = entry.split("#", 1)[0].split("?", 1)[0]
    if Path(path).suffix.lower() not in IMAGE_TYPES:
        return "is not an image"
    inner = posixpath.normpath(path.lstrip("/"))
    if inner.startswith(".."):
        return "is outside the site"
    places = [bundle / path] if bundle is not None and not path.startswith("/") else []
    places += [root / inner for root in roots]
    return "" if any(p.is_file() for p in places) else "does not exist"
