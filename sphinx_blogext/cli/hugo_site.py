"""Reading a Hugo (or Doks) site: its configuration, pages and front matter.

Front matter comes in three forms in Hugo sites: YAML between ``---``
lines, TOML between ``+++`` lines, and a JSON object at the top of the file.
All three are read here into a plain mapping, with the line of each key so
that a report can point at it. Values are bounded: YAML aliases let a few
lines stand for billions of values, and deep nesting exhausts the stack, so
front matter past :data:`MAX_VALUES` values or :data:`MAX_DEPTH` levels is
refused like front matter that does not parse.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..frontmatter import load_yaml

MARKDOWN = (".md", ".markdown")
_YAML_FENCE = re.compile(r"---[ \t]*\r?\n(.*?)^---[ \t]*$\r?\n?", re.DOTALL | re.MULTILINE)
_TOML_FENCE = re.compile(r"\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*$\r?\n?", re.DOTALL | re.MULTILINE)
_KEY_LINE = re.compile(r"""^\s*["']?([A-Za-z_][\w.-]*)["']?\s*[:=]""")
#: The most values (aliases counted each time they are used) and the deepest
#: nesting of one page's front matter.
MAX_VALUES = 10_000
MAX_DEPTH = 64


class FrontMatterError(ValueError):
    """Front matter that cannot be read; ``line`` is in the file."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class TooLarge(ValueError):
    """Values past the bounds of :func:`plain`; the message says which."""


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


@dataclass(frozen=True)
class Language:
    """One language of the site, and the folder of its content."""

    code: str
    content: Path
    #: the configuration file that names the language, if one does
    defined_in: Path | None = None


@dataclass
class Site:
    """The Hugo site, as seen by the import of one of its languages."""

    root: Path
    #: the content folder of the language imported
    content: Path
    static: Path | None
    #: the merged configuration, every key lower-cased (Hugo's keys ignore case)
    config: dict[str, Any]
    config_files: list[Path] = field(default_factory=list)
    #: the code of the language imported, and every language the site has
    code: str = "en"
    languages: dict[str, Language] = field(default_factory=dict)

    @property
    def config_file(self) -> Path | None:
        return self.config_files[0] if self.config_files else None

    @property
    def own(self) -> dict[str, Any]:
        """The language's own settings (``[languages.de]``)."""
        return _mapping(_mapping(self.config.get("languages")).get(self.code))

    def setting(self, key: str) -> Any:
        """A top-level setting (lower-case key), the language's own value first."""
        return self.own.get(key, self.config.get(key))

    def param(self, name: str) -> Any:
        """``.Site.Params.<name>`` (dotted, any case): the language's params, then the site's."""
        for params in (self.own.get("params"), self.config.get("params")):
            found = lookup(params, name, lower=True)
            if found is not None:
                return found
        return None

    def text(self, *names: str) -> str:
        """The first of these settings (``params.x`` for a param) that is non-empty text."""
        for name in names:
            kind, _, key = name.partition(".")
            value = self.param(key) if kind == "params" else self.setting(name)
            if isinstance(value, str) and value.strip():
                return " ".join(value.split())
        return ""

    @property
    def title(self) -> str:
        return self.text("title", "params.title") or "Imported site"

    @property
    def description(self) -> str:
        return self.text("params.description", "description")

    @property
    def base_url(self) -> str:
        """The site's address, when it is one on the web (not ``http://localhost/``)."""
        base = self.text("baseurl")
        web = base.startswith(("http://", "https://"))
        return base if web and not self.local_base_url else ""

    @property
    def local_base_url(self) -> str:
        """A ``baseURL`` of the machine itself (a development setting), or ""."""
        base = self.text("baseurl")
        try:
            host = (urlsplit(base).hostname or "").rstrip(".")
        except ValueError:
            return ""
        local = host in ("localhost", "0.0.0.0", "::1") or host.endswith(".localhost")
        return base if local or host.startswith("127.") else ""

    @property
    def timezone(self) -> str:
        return self.text("timezone")

    @property
    def language(self) -> str:
        """The language's code as ``conf.py``'s ``language`` takes it (``en`` of ``en-us``)."""
        code = self.own.get("languagecode")
        default = self.text("defaultcontentlanguage").lower() or "en"
        if not isinstance(code, str) or not code.strip():
            code = self.text("languagecode") if self.code == default else ""
        return (code.strip() or self.code).split("-")[0].lower()

    @property
    def lower_paths(self) -> bool:
        """Whether Hugo lower-cased the addresses it made of file names (its default)."""
        return self.setting("disablepathtolower") is not True


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def lookup(values: Any, name: str, *, lower: bool = False) -> Any:
    """``a.b.c`` in nested mappings, or None; with ``lower``, keys are lower-case."""
    for key in name.split("."):
        if not isinstance(values, dict):
            return None
        values = values.get(key.lower() if lower else key)
    return values


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
        except RecursionError:
            raise FrontMatterError(_TOO_DEEP.format(kind="JSON"), 1) from None
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
    except RecursionError:
        raise FrontMatterError(_TOO_DEEP.format(kind=kind), 1) from None
    except (ValueError, TypeError, OverflowError) as exc:
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
    return _plain_fields(data, lines, kind), lines, text[end:], body_line


_TOO_DEEP = "the {kind} front matter is nested too deeply to be read"


def _plain_fields(data: dict[Any, Any], lines: dict[str, int], kind: str) -> dict[str, Any]:
    """``data`` as :func:`plain` values, within one budget; refused at the key that breaks it."""
    budget = Budget()
    fields = {}
    for key, value in data.items():
        try:
            fields[str(key)] = plain(value, budget=budget)
        except TooLarge as exc:
            line = lines.get(str(key).casefold(), 1)
            raise FrontMatterError(f"the {kind} front matter is {exc}", line) from None
    return fields


def _yaml_reason(exc: yaml.YAMLError) -> str:
    """What the YAML parser says, without its own positions (the file's line is given)."""
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    said = "; ".join(str(p) for p in parts if p)
    return said or _one_line(exc)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


@dataclass
class Budget:
    """How many more values :func:`plain` may visit, aliases counted at each use."""

    limit: int = MAX_VALUES
    used: int = 0

    def take(self, depth: int) -> None:
        self.used += 1
        if self.used > self.limit:
            raise TooLarge(f"too large (more than {self.limit:,} values)")
        if depth > MAX_DEPTH:
            raise TooLarge(f"too deep (more than {MAX_DEPTH} levels)")


def plain(
    value: Any, *, budget: Budget | None = None, lower_keys: bool = False, depth: int = 0
) -> Any:
    """Front matter values as YAML can write them back: dates as ISO text.

    Raises :class:`TooLarge` past the budget (a fresh one unless given) or
    :data:`MAX_DEPTH`. With ``lower_keys``, mapping keys are lower-cased,
    as Hugo reads its configuration.
    """
    budget = budget if budget is not None else Budget()
    budget.take(depth)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {
            (str(k).lower() if lower_keys else str(k)): plain(
                v, budget=budget, lower_keys=lower_keys, depth=depth + 1
            )
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [plain(v, budget=budget, lower_keys=lower_keys, depth=depth + 1) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
