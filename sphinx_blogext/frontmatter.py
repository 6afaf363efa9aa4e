"""Turn raw front matter into typed post fields, whatever the input.

Two kinds of input arrive here. Markdown front matter is YAML, read once by
:func:`read_block` into typed values. reST field lists and ``post``
directive options are text, and each value is read back as YAML, which is
what a Hugo user would have written. Both go through :func:`read_fields`,
which checks every value against the field table in :mod:`.schema`.

Nothing here raises on bad input: every problem becomes a :class:`Problem`
naming the key it is about, so the caller can report it with a line number.
"""

from __future__ import annotations

import difflib
import json
import re
import reprlib
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from pathlib import Path

from .schema import BY_NAME, KNOWN_KEYS, MAPPED, Kind
from .urls import path_problem, unsafe_url_reason
from .warnings import Subtype

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0", ""}

#: C0/C1 control characters (tab and newline are fine) and non-characters
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")

#: Plain data kept in ``params`` is bounded: front matter is not a database,
#: and YAML aliases can make a small file describe a huge structure.
MAX_NODES = 2000
MAX_DEPTH = 12

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = _short.maxtuple = _short.maxdict = 4
_short.maxlevel = 2


@dataclass
class Problem:
    """A value that could not be used as written."""

    message: str
    #: the front matter key the problem is about, to find its line
    key: str | None = None
    subtype: Subtype = Subtype.FRONTMATTER
    #: the source line, when the problem is not about one key
    line: int | None = None


@dataclass
class Reading:
    """Typed values of the known fields, the other keys, and what went wrong."""

    values: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: how dates that are not ISO 8601 are read (``strptime`` formats)
    date_formats: tuple[str, ...] = ()

    def merge(self, other: Reading) -> None:
        """Values of ``other`` win (a ``post`` directive over front matter)."""
        self.values.update(other.values)
        self.params.update(other.params)
        self.problems.extend(other.problems)


class FieldError(ValueError):
    """A value that does not fit its field."""


def describe(value: Any) -> str:
    """A short, bounded description of any value, for messages."""
    return _short.repr(value)


# -- text --------------------------------------------------------------------


def clean_text(text: str) -> str:
    """``text`` without control characters and with lone surrogates replaced.

    YAML escapes can produce both (``"\\x01"``, ``"\\ud83d"``). Neither can be
    written to an HTML page or a file name. A surrogate pair written as two
    escapes is joined into the character it stands for.
    """
    if text.isascii():
        return _CONTROL.sub("", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub("", text)


# -- YAML --------------------------------------------------------------------

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe YAML, except that an impossible timestamp stays text.

    PyYAML raises ``ValueError`` for ``2024-02-30``; kept as text, the value
    reaches the date check, which reports it against its own field.
    """


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load_yaml(text: str) -> Any:
    """Safe YAML; raises ``yaml.YAMLError`` and, on exotic input, other errors."""
    return yaml.load(text, Loader=_Loader)


def yaml_problem(exc: BaseException, text: str, first_line: int) -> tuple[str, int]:
    """The parser's message, with source lines, and the line to report it at.

    When the parser names the construct it was inside ("while parsing a flow
    sequence"), that is where the author has to look: an unclosed ``[`` is
    only noticed at the end of the block.
    """
    if isinstance(exc, yaml.MarkedYAMLError):
        parts = []
        if exc.context:
            where = f" (line {first_line + exc.context_mark.line})" if exc.context_mark else ""
            parts.append(exc.context + where)
        if exc.problem:
            where = f" (line {first_line + exc.problem_mark.line})" if exc.problem_mark else ""
            parts.append(exc.problem + where)
        mark = exc.context_mark or exc.problem_mark
        line = first_line + mark.line if mark is not None else first_line
        return clean_text(", ".join(parts) or "invalid YAML"), line
    if isinstance(exc, yaml.reader.ReaderError):
        line = first_line + text.count("\n", 0, exc.position)
        return f"character #x{exc.character:04x} is not allowed (line {line})", line
    if isinstance(exc, RecursionError):
        return "nested too deeply", first_line
    return " ".join(clean_text(str(exc) or type(exc).__name__).split()), first_line


# -- Markdown front matter -----------------------------------------------------

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.MULTILINE | re.DOTALL)
#: a line that starts a top-level key: ``key:``, ``"key":``, not a list item or comment
_TOP_KEY = re.compile(r"""^(?!-|\s|#)("[^"\n]*"|'[^'\n]*'|[^:\n]+?)[ \t]*:(?:[ \t]|$)""", re.M)


@dataclass
class Block:
    """The front matter of a Markdown document as read from its source."""

    raw: dict[str, Any]
    #: 1-based source line of each top-level key
    lines: dict[str, int]
    problems: list[Problem]


def key_lines(text: str, first_line: int) -> dict[str, int]:
    """The line of each top-level key of the YAML ``text``."""
    lines: dict[str, int] = {}
    for match in _TOP_KEY.finditer(text):
        key = match.group(1).strip("\"'").strip()
        lines.setdefault(key, first_line + text.count("\n", 0, match.start()))
    return lines


def read_block(text: str, first_line: int) -> Block:
    """Read the YAML ``text`` of a front matter block starting at ``first_line``.

    Malformed YAML is reported with the parser's message and line, then read
    again key by key, so that one broken value does not cost the post its
    title and date.
    """
    lines = key_lines(text, first_line)
    try:
        data = load_yaml(text)
    except Exception as exc:
        message, line = yaml_problem(exc, text, first_line)
        raw, skipped = _read_by_key(text)
        note = f"; could not read: {', '.join(skipped)}" if skipped else ""
        problem = Problem(f"front matter is not valid YAML: {message}{note}", line=line)
        return Block(raw, lines, [problem])
    if data is None:
        return Block({}, lines, [])
    if not isinstance(data, dict):
        kind = type(data).__name__
        problem = Problem(f"front matter must be a mapping of fields, not {kind}", line=first_line)
        return Block({}, lines, [problem])
    return Block(data, lines, [])


def _read_by_key(text: str) -> tuple[dict[str, Any], list[str]]:
    starts = [m.start() for m in _TOP_KEY.finditer(text)]
    raw: dict[str, Any] = {}
    skipped: list[str] = []
    for start, end in zip(starts, [*starts[1:], len(text)][: len(starts)], strict=True):
        chunk = text[start:end]
        try:
            data = load_yaml(chunk)
        except Exception:
            data = None
        if isinstance(data, dict):
            raw.update(data)
        else:
            key = _TOP_KEY.match(chunk)
            skipped.append(key.group(1).strip("\"'") if key else "?")
    return raw, skipped


def one_line(mapping: dict[str, Any]) -> str:
    """``mapping`` as YAML on a single line (JSON is YAML's flow style)."""
    if not mapping:
        return ""
    text = json.dumps(mapping, ensure_ascii=False, default=str)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# -- fields ------------------------------------------------------------------


def read_fields(
    raw: dict[Any, Any], timezone: tzinfo, *, from_text: bool, date_formats: tuple[str, ...] = ()
) -> Reading:
    """Typed values for the fields of ``raw``; other keys go to ``params``.

    ``from_text`` says the values are text (reST fields, directive options)
    to be read as YAML; otherwise they are already typed YAML values.
    ``date_formats`` are ``strptime`` formats tried for dates that are not
    ISO 8601, before the general reader (see :func:`parse_date`).
    """
    reading = Reading(date_formats=date_formats)
    mapped: list[tuple[str, str, str, Any]] = []
    for raw_key, value in raw.items():
        key = clean_text(str(raw_key)).strip()
        name = key.casefold()
        if name in BY_NAME:
            _set_field(reading, BY_NAME[name].name, key, value, timezone, from_text)
        elif name in MAPPED:
            target, how = MAPPED[name]
            mapped.append((target, how, key, value))
        else:
            if name not in KNOWN_KEYS:
                _warn_unknown(reading, key)
            _set_param(reading, key, value)
    # Hugo's names apply after the fields, wherever they stand in the block
    for target, how, key, value in mapped:
        if how == "fallback" and reading.values.get(target) is not None:
            continue
        extra = Reading(date_formats=reading.date_formats)
        _set_field(extra, target, key, value, timezone, from_text)
        reading.problems.extend(extra.problems)
        if target not in extra.values:
            continue
        if how == "merge":
            merged = reading.values.get(target, []) + extra.values[target]
            reading.values[target] = list(dict.fromkeys(merged))
        else:
            reading.values[target] = extra.values[target]
    return reading


def _warn_unknown(reading: Reading, key: str) -> None:
    close = difflib.get_close_matches(key.casefold(), sorted(KNOWN_KEYS), n=1, cutoff=0.8)
    if close:
        reading.problems.append(
            Problem(
                f"unknown field {describe(key)}: did you mean {close[0]!r}? "
                "(kept in the post's params)",
                key,
            )
        )


def _set_param(reading: Reading, key: str, value: Any) -> None:
    try:
        reading.params[key] = plain_data(value)
    except FieldError as exc:
        reading.problems.append(Problem(f"{describe(key)}: {exc}; left out", key))


def _set_field(
    reading: Reading, name: str, key: str, value: Any, timezone: tzinfo, from_text: bool
) -> None:
    kind = BY_NAME[name].kind
    try:
        converted = convert(
            kind, name, value, timezone, from_text=from_text, date_formats=reading.date_formats
        )
    except FieldError as exc:
        subtypes = {Kind.SLUG: Subtype.SLUG, Kind.PATHS: Subtype.ALIAS, Kind.URL: Subtype.URL}
        subtype = subtypes.get(kind, Subtype.FRONTMATTER)
        reading.problems.append(Problem(str(exc), key, subtype))
        return
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        reading.problems.append(Problem(f"{name!r}: cannot read {describe(value)} ({exc})", key))
        return
    if kind in (Kind.URLS, Kind.PATHS):
        converted = _keep_safe(reading, name, key, converted, kind)
    elif kind in (Kind.TEXT, Kind.LIST):
        cleaned = [clean_text(v) for v in converted] if kind is Kind.LIST else clean_text(converted)
        if cleaned != converted:
            reading.problems.append(
                Problem(f"{name!r} contains control characters or broken escapes; removed", key)
            )
            converted = [v for v in cleaned if v.strip()] if kind is Kind.LIST else cleaned
    reading.values[name] = converted


def _keep_safe(reading: Reading, name: str, key: str, values: list[str], kind: Kind) -> list[str]:
    safe = []
    for value in values:
        reason = unsafe_url_reason(value) if kind is Kind.URLS else path_problem(value)
        if reason:
            subtype = Subtype.URL if kind is Kind.URLS else Subtype.ALIAS
            reading.problems.append(Problem(f"{name}: {reason}; left out", key, subtype))
        else:
            safe.append(unicodedata.normalize("NFC", value) if kind is Kind.PATHS else value)
    return safe


def convert(
    kind: Kind,
    name: str,
    value: Any,
    timezone: tzinfo,
    *,
    from_text: bool,
    date_formats: tuple[str, ...] = (),
) -> Any:
    """``value`` as the type of a ``kind`` field; raises :class:`FieldError`."""
    if kind is Kind.DATE:
        return parse_date(value, timezone, date_formats)
    if kind is Kind.BOOL:
        return _bool(name, value)
    if kind is Kind.INT:
        return _int(name, value)
    if kind in (Kind.LIST, Kind.URLS, Kind.PATHS):
        return parse_list(name, value)
    text = _text(name, value, from_text)
    if kind is Kind.URL and text and (reason := unsafe_url_reason(text)):
        raise FieldError(f"{name}: {reason}; left out")
    if kind is Kind.SLUG and text and (reason := path_problem(text, segment=True)):
        raise FieldError(f"slug: {reason}")
    return unicodedata.normalize("NFC", text) if kind is Kind.SLUG else text


def _text(name: str, value: Any, from_text: bool) -> str:
    if isinstance(value, str):
        text = value.strip()
        if from_text and text[:1] in "[{" and isinstance(_yaml_or_text(text), list | dict):
            raise FieldError(f"{name!r} must be text, not a list or mapping")
        return text
    if isinstance(value, int | float | date) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, date) else str(value)
    raise FieldError(f"{name!r} must be text, got {type(value).__name__} {describe(value)}")


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold() if isinstance(value, str | int) else None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldError(f"{name!r} must be true or false, got {describe(value)}")


def _int(name: str, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**18:
        return value
    text = value.strip() if isinstance(value, str) else ""
    if re.fullmatch(r"[+-]?\d{1,18}", text):
        return int(text)
    raise FieldError(f"{name!r} must be a whole number, got {describe(value)}")


def _yaml_or_text(text: str) -> Any:
    try:
        return load_yaml(text)
    except Exception:
        return text


def parse_list(name: str, value: Any) -> list[str]:
    """A list of names from a YAML list or a comma-separated string.

    Text that opens like a YAML list but does not parse is an error, not a
    single odd name: ``[unclosed`` would otherwise silently match nothing.
    """
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        loaded = _yaml_or_text(text) if text else []
        if loaded is text or isinstance(loaded, str):
            if text[:1] in "[{":
                raise FieldError(f"{name!r}: {describe(text)} is not a valid YAML list")
            loaded = [part.strip() for part in text.split(",")]
        elif loaded is None:
            loaded = []
        value = loaded
    if isinstance(value, list) and all(_is_scalar(v) for v in value):
        items = (str(v).strip() for v in value if v is not None)
        return list(dict.fromkeys(i for i in items if i))
    raise FieldError(
        f"{name!r} must be a list of names or a comma-separated string, got {describe(value)}"
    )


def _is_scalar(value: Any) -> bool:
    return value is None or (
        isinstance(value, str | int | float | date) and not isinstance(value, bool)
    )


_ISO_SPACE_OFFSET = re.compile(r"(\d)\s+(Z|[+-]\d{1,2}(?::?\d{2})?)$", re.IGNORECASE)
#: longer text is not a date anyone wrote (and is not handed to the general reader)
MAX_DATE_TEXT = 100
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 3))


def parse_date(value: Any, timezone: tzinfo, formats: tuple[str, ...] = ()) -> datetime:
    """An aware datetime; naive values are taken in ``timezone``.

    Text is read as ISO 8601 first (what Hugo writes). Otherwise, as ABlog
    reads dates: each of the ``strptime`` ``formats`` in turn, then a general
    reader that knows month names and common orders (``Sep 11, 2019``,
    ``27 November 2012``, ``June 05 2020``). A date must name its year, month
    and day; an unknown time zone name is an error, never silently UTC.
    """
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = clean_text(value).strip().strip("\"'")
        text = _ISO_SPACE_OFFSET.sub(r"\1\2", text)
        try:
            result = datetime.fromisoformat(text)
        except ValueError as exc:
            reason = str(exc) if "out of range" in str(exc) or "must be in" in str(exc) else ""
            other = _other_forms(text, formats)
            if isinstance(other, str):
                reason = other or reason
            elif other is not None:
                result = other
            if other is None or isinstance(other, str):
                raise FieldError(
                    f"cannot read date {describe(text)}{f' ({reason})' if reason else ''}: "
                    "use 2024-02-22 or 2024-02-22T06:00:00+00:00"
                ) from None
    else:
        raise FieldError(f"a date must be text such as 2024-02-22, got {describe(value)}")
    if result.tzinfo is None:
        result = result.replace(tzinfo=timezone)
    try:
        result.astimezone(UTC)
    except (OverflowError, ValueError):
        raise FieldError(f"date {describe(value)} is out of range") from None
    return result


def _other_forms(text: str, formats: tuple[str, ...]) -> datetime | str | None:
    """``text`` read with the ``formats``, then by the general reader: the date, why it
    cannot be one, or None when it is not a date at all."""
    if not text or len(text) > MAX_DATE_TEXT:
        return None
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except (ValueError, TypeError, OverflowError):
            continue
    # (imported here: most sites write ISO dates and never need the general reader)
    from dateutil import parser as date_parser
    from dateutil.parser import UnknownTimezoneWarning

    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownTimezoneWarning)
        for default in _DEFAULTS:
            try:
                results.append(date_parser.parse(text, default=default))
            except UnknownTimezoneWarning:
                return "an unknown time zone name: write an offset such as +01:00"
            except ValueError as exc:
                return _range_reason(exc)
            except (TypeError, OverflowError, ArithmeticError):
                return None
    if results[0] != results[1]:
        return "it needs a year, a month and a day"
    return results[0]


def _range_reason(exc: ValueError) -> str | None:
    """What the general reader said, when it says a part is out of range."""
    text = " ".join(str(exc).split(":")[0].split())
    return text if "out of range" in text or "must be in" in text else None


def plain_data(value: Any) -> Any:
    """A bounded copy of ``value`` made of text, numbers, lists and mappings."""
    budget = [MAX_NODES]

    def copy(item: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0 or depth > MAX_DEPTH:
            raise FieldError("too large or nested too deeply")
        if isinstance(item, str):
            return clean_text(item)
        if item is None or isinstance(item, bool | int | float):
            return item
        if isinstance(item, date):
            return item.isoformat()
        if isinstance(item, list | tuple):
            return [copy(i, depth + 1) for i in item]
        if isinstance(item, dict):
            return {clean_text(str(k)): copy(v, depth + 1) for k, v in item.items()}
        return clean_text(str(item))

    return copy(value, 0)


# -- data files ------------------------------------------------------------------


def data_file_text(path: Path) -> tuple[str, str]:
    """The text of a YAML data file (contributors, tags), and why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8"), ""
    except (OSError, UnicodeDecodeError) as exc:
        return "", f"cannot read {path.name}: {exc}"


def read_data_file(path: Path, text: str, *, subtype: Subtype) -> Block:
    """The mapping of a data file, its problems reported at their lines."""
    from .warnings import warn  # reading fields never warns: only data files do

    block = read_block(text, first_line=1)
    for issue in block.problems:
        message = issue.message.replace("front matter", path.name)
        warn(message, subtype=subtype, path=str(path), line=issue.line)
    return block
