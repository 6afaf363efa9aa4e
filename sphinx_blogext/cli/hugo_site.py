"""Reading a Hugo (or Doks) site: its configuration, pages and front matter.

Front matter comes in three forms in Hugo sites: YAML between ``---``
lines, TOML between ``+++`` lines, and a JSON object at the top of the file.
All three are read here into a plain mapping, with the line of each key so
that a report can point at it.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..frontmatter import load_yaml
from . import CommandError

#: Configuration files Hugo reads, in its order.
CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
                "config.toml", "config.yaml", "config.yml", "config.json")  # fmt: skip
MARKDOWN = (".md", ".markdown")
_YAML_FENCE = re.compile(r"---[ \t]*\r?\n(.*?)^---[ \t]*$\r?\n?", re.DOTALL | re.MULTILINE)
_TOML_FENCE = re.compile(r"\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*$\r?\n?", re.DOTALL | re.MULTILINE)
_KEY_LINE = re.compile(r"""^\s*["']?([A-Za-z_][\w.-]*)["']?\s*[:=]""")


class FrontMatterError(ValueError):
    """Front matter that cannot be read; ``line`` is in the file."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Page:
    """One content file of the Hugo site."""

    #: the Markdown file, and its path below ``content/``
    source: Path
    rel: PurePosixPath
    #: "post", "contributor", "section" (an ``_index.md``) or "doc"
    kind: str
    fields: dict[str, Any]
    #: the line of each front matter key, and the first line of the body
    lines: dict[str, int]
    body: str
    body_line: int
    #: other files of a page bundle: (file, its path relative to the bundle)
    resources: list[tuple[Path, PurePosixPath]] = field(default_factory=list)
    #: the page is its folder's ``index.md`` or ``_index.md`` (``index.en.md``…)
    bundle: bool = False

    def line(self, key: str) -> int:
        return self.lines.get(key.casefold(), 1)


@dataclass
class Site:
    root: Path
    content: Path
    static: Path | None
    config: dict[str, Any]
    config_file: Path | None

    @property
    def title(self) -> str:
        title = self.config.get("title")
        return str(title) if isinstance(title, str) and title.strip() else "Imported site"

    @property
    def base_url(self) -> str:
        base = self.config.get("baseURL", self.config.get("baseurl", ""))
        return base if isinstance(base, str) and base.startswith(("http://", "https://")) else ""

    @property
    def timezone(self) -> str:
        zone = self.config.get("timeZone", self.config.get("timezone", ""))
        return zone if isinstance(zone, str) else ""

    @property
    def language(self) -> str:
        code = self.config.get("languageCode", self.config.get("defaultContentLanguage", ""))
        return code if isinstance(code, str) else ""


def find_site(src: Path) -> Site:
    """The Hugo site at ``src``: its root, or its ``content/`` folder."""
    if not src.is_dir():
        raise CommandError(f"{src} is not a folder")
    if (src / "content").is_dir():
        root, content = src, src / "content"
    elif src.name == "content" and _config_file(src.parent) is not None:
        root, content = src.parent, src
    else:
        raise CommandError(
            f"{src} is not a Hugo site: it has no content/ folder "
            f"(and no {' or '.join(CONFIG_NAMES[:2])} beside one)"
        )
    config_file = _config_file(root)
    config: dict[str, Any] = {}
    if config_file is not None:
        config = read_config(config_file)
    static = root / "static"
    return Site(root, content, static if static.is_dir() else None, config, config_file)


def _config_file(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    default = root / "config" / "_default"
    for name in CONFIG_NAMES:
        if (default / name).is_file():
            return default / name
    return None


def read_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {path}: {exc}") from None
    try:
        if path.suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = load_yaml(text)
    except (ValueError, TypeError, RecursionError, yaml.YAMLError) as exc:
        raise CommandError(f"cannot read {path}: {_one_line(exc)}") from None
    return data if isinstance(data, dict) else {}


def split_front_matter(text: str) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """The front matter mapping, each key's line, the body and its first line.

    Raises :class:`FrontMatterError` for front matter that does not parse or
    is not a mapping. A file without front matter is all body.
    """
    text = text.lstrip("\ufeff")
    if text.startswith("---"):
        match = _YAML_FENCE.match(text)
        if match is None:
            raise FrontMatterError("the YAML front matter has no closing ---", 1)
        raw, kind = match.group(1), "YAML"
    elif text.startswith("+++"):
        match = _TOML_FENCE.match(text)
        if match is None:
            raise FrontMatterError("the TOML front matter has no closing +++", 1)
        raw, kind = match.group(1), "TOML"
    elif text.startswith("{"):
        try:
            _value, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as exc:
            raise FrontMatterError(
                f"the JSON front matter does not parse: {exc.msg}", exc.lineno
            ) from None
        raw, kind = text[:end], "JSON"
        match = None
    else:
        return {}, {}, text, 1
    try:
        if kind == "YAML":
            # the extension's loader: an impossible date such as 2024-02-30 stays text
            data: Any = load_yaml(raw) if raw.strip() else {}
        elif kind == "TOML":
            data = tomllib.loads(raw)
        else:
            data = json.loads(raw)
    except yaml.YAMLError as exc:
        # where the broken construct starts, else where the parser gave up
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise FrontMatterError(
            f"the YAML front matter does not parse: {_yaml_reason(exc)}", line
        ) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) + 1 if found else 1
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", _one_line(exc))
        raise FrontMatterError(f"the TOML front matter does not parse: {reason}", line) from None
    except json.JSONDecodeError as exc:
        raise FrontMatterError(
            f"the JSON front matter does not parse: {exc.msg}", exc.lineno
        ) from None
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise FrontMatterError(
            f"the {kind} front matter cannot be read: {_one_line(exc)}", 1
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"the {kind} front matter is not a mapping of keys", 1)
    end = match.end() if match is not None else len(raw)
    body_line = text.count("\n", 0, end) + 1
    offset = 0 if kind == "JSON" else 1
    lines: dict[str, int] = {}
    for number, line in enumerate(raw.splitlines(), start=1 + offset):
        key = _KEY_LINE.match(line)
        if key and not line.startswith((" ", "\t")):
            lines.setdefault(key.group(1).casefold(), number)
    return {str(k): v for k, v in data.items()}, lines, text[end:], body_line


def _yaml_reason(exc: yaml.YAMLError) -> str:
    """What the YAML parser says, without its own positions (the file's line is given)."""
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    said = "; ".join(str(p) for p in parts if p)
    return said or _one_line(exc)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def plain(value: Any) -> Any:
    """Front matter values as YAML can write them back: dates as ISO text."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
