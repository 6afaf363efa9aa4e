"""Turn raw front matter values into typed post fields.

Values arrive as strings whatever their origin: MyST renders YAML front
matter into a field list (lists become JSON, booleans ``'False'``, dates
``'2024-02-22 06:00:00+00:00'``), and reST field lists and directive options
are text to begin with. Each value is read back as YAML, which is what a
Hugo user wrote in the first place, and checked against the field's type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

import yaml

TEXT_FIELDS = ("title", "description", "lead", "summary", "slug", "canonicalurl")
DATE_FIELDS = ("date", "lastmod")
BOOL_FIELDS = ("draft", "feed_exclude", "pinned")
INT_FIELDS = ("weight",)
LIST_FIELDS = ("tags", "contributors", "categories", "images", "aliases")
FIELDS = TEXT_FIELDS + DATE_FIELDS + BOOL_FIELDS + INT_FIELDS + LIST_FIELDS

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0", ""}


@dataclass
class Parsed:
    values: dict[str, Any] = field(default_factory=dict)
    #: (field name, message) for each value that could not be used
    problems: list[tuple[str, str]] = field(default_factory=list)


def parse_fields(raw: dict[str, Any], timezone: tzinfo) -> Parsed:
    """Typed values for the known fields of ``raw``; other keys are ignored."""
    parsed = Parsed()
    for name, value in raw.items():
        if name not in FIELDS:
            continue
        try:
            parsed.values[name] = _convert(name, value, timezone)
        except ValueError as exc:
            parsed.problems.append((name, str(exc)))
    return parsed


def _convert(name: str, value: Any, timezone: tzinfo) -> Any:
    if name in TEXT_FIELDS:
        return _text(name, value)
    if name in DATE_FIELDS:
        return parse_date(value, timezone)
    if name in BOOL_FIELDS:
        return _bool(name, value)
    if name in INT_FIELDS:
        return _int(name, value)
    return parse_list(name, value)


def _text(name: str, value: Any) -> str:
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in "[{" and isinstance(_yaml(stripped), list | dict):
            raise ValueError(f"'{name}' must be text, not a list or mapping")
        return stripped
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"'{name}' must be text, got {type(value).__name__}")


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"'{name}' must be true or false, got {value!r}")


def _int(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"'{name}' must be a whole number, got {value!r}")
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"'{name}' must be a whole number, got {value!r}") from None


def parse_list(name: str, value: Any) -> list[str]:
    if isinstance(value, str):
        loaded = _yaml(value.strip()) if value.strip() else []
        if isinstance(loaded, str):
            loaded = [part for part in (p.strip() for p in loaded.split(",")) if part]
        elif loaded is None:
            loaded = []
        value = loaded
    if isinstance(value, list) and all(_is_scalar(v) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    raise ValueError(f"'{name}' must be a list of names or a comma-separated string, got {value!r}")


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


#: libyaml's loader where PyYAML was built with it: reading front matter of
#: every post is on the hot path of a full build
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Safe YAML loading; raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_Loader)


def _yaml(text: str) -> Any:
    try:
        return load_yaml(text)
    except yaml.YAMLError:
        return text


def parse_date(value: Any, timezone: tzinfo) -> datetime:
    """An aware datetime; naive values are taken in ``timezone``."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip().strip("\"'")
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"cannot read date {text!r}: use 2024-02-22 or 2024-02-22T06:00:00+00:00"
            ) from None
    if result.tzinfo is None:
        result = result.replace(tzinfo=timezone)
    return result


def find_line(source: str, name: str, start: int = 0) -> int | None:
    """The 1-based line of field ``name`` (``name:`` or ``:name:``) in ``source``."""
    pattern = re.compile(rf"^\s*:?{re.escape(name)}\s*:", re.MULTILINE)
    match = pattern.search(source, start)
    return source.count("\n", 0, match.start()) + 1 if match else None
