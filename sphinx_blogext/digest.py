"""Digests of data: one canonical serialization, so that equal data gives equal digests.

Outputs are rewritten exactly when the data they are made from changes, and
that is decided by comparing digests. A digest is made from the *fields* of
dataclasses (every field, by name), from text, numbers, dates, lists and
mappings: nothing is left to ``repr()``, which a class may write by hand and
forget a field in. A type the serializer does not know is an error, not a
silent guess.

A :class:`View` (a frozen view handed to templates) keeps its digest once
made, so a post shown on a hundred pages is serialized once; views met once
(a page's body) or small ones (a tag's link, a date) set
``digest_once = False`` and are serialized in place, which is cheaper than a
digest of their own and keeps nothing.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, dataclass_transform

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")
_DIGEST = "_blogext_digest"
_ENCODER = json.JSONEncoder(check_circular=False, separators=(",", ":"))


@dataclass_transform(frozen_default=True, eq_default=True)
def view(cls: type[T]) -> type[T]:
    """Make ``cls`` (a :class:`View`) a frozen dataclass.

    Equality, hashing and ``repr`` come from :class:`View`, made from the
    fields like the dataclass ones: a module of many views imports faster
    without a generated copy of each for every class.
    """
    return dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)


class View:
    """A frozen dataclass (made with :func:`view`) whose digest is made once, from its
    fields. ``dataclasses.replace()`` makes a new object, with a digest of its own.
    """

    __slots__ = ()
    #: whether the digest is made once and kept (views met on many pages)
    digest_once: ClassVar[bool] = True

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return _values(self) == _values(other)

    def __hash__(self) -> int:
        return hash((type(self), _values(self)))

    def __repr__(self) -> str:
        values = ", ".join(f"{n}={getattr(self, n)!r}" for n in _names(type(self)))
        return f"{type(self).__qualname__}({values})"

    def view_digest(self) -> str:
        found: str | None = self.__dict__.get(_DIGEST)
        if found is None:
            found = _hash(_fields(self))
            object.__setattr__(self, _DIGEST, found)
        return found


def digest(value: object) -> str:
    """The digest of ``value`` (made of views, dataclasses, text, numbers, dates,
    lists, sets and mappings)."""
    return _hash(_canonical(value))


def _hash(data: object) -> str:
    # ASCII JSON: every character escaped the same way, lone surrogates included
    return hashlib.sha256(_ENCODER.encode(data).encode("ascii")).hexdigest()


_PLAIN = frozenset({str, int, bool, type(None)})
_NAMES: dict[type, tuple[str, ...]] = {}


def _values(value: object) -> tuple[object, ...]:
    return tuple(getattr(value, name) for name in _names(type(value)))


def _names(cls: type) -> tuple[str, ...]:
    """The field names of a dataclass, in order (looked up once per class)."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


#: how each type met so far is made canonical (found once per type, by its kind)
_HANDLERS: dict[type, Callable[[Any], Any]] = {}


def _fields(value: Any) -> list[object]:
    """A dataclass as its class and the values of its fields, in their (fixed) order."""
    cls = type(value)
    found: list[object] = [f"{cls.__module__}.{cls.__qualname__}"]
    for name in _names(cls):
        item = getattr(value, name)
        found.append(item if type(item) in _PLAIN else _canonical(item))
    return found


def _canonical(value: object) -> Any:
    """``value`` as JSON data that tells apart whatever the value tells apart."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    handler = _HANDLERS.get(kind)
    if handler is None:
        handler = _HANDLERS[kind] = _handler(kind)
    return handler(value)


def _sequence(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [v if type(v) in _PLAIN else _canonical(v) for v in value]


def _mapping(value: dict[Any, Any]) -> list[Any]:
    if all(type(k) is str for k in value):
        return ["map", [[k, _canonical(value[k])] for k in sorted(value)]]
    return ["map", sorted(([_canonical(k), _canonical(v)] for k, v in value.items()), key=_key)]


def _view(value: View) -> Any:
    return ["view", value.view_digest()] if value.digest_once else _fields(value)


def _handler(kind: type) -> Callable[[Any], Any]:
    """How values of ``kind`` are made canonical; a type no rule covers is refused."""
    rules: list[tuple[type | tuple[type, ...], Callable[[Any], Any]]] = [
        # subclasses of text and numbers (Markup, IntEnum) as what they are
        ((str, int), lambda v: str(v) if isinstance(v, str) else int(v)),
        (float, lambda v: ["float", repr(v)]),
        (View, _view),
        ((list, tuple), _sequence),
        (dict, _mapping),
        ((set, frozenset), lambda v: ["set", sorted((_canonical(i) for i in v), key=_key)]),
        # the offset counts: 10:00+01:00 and 09:00+00:00 are shown differently
        (datetime, lambda v: ["datetime", v.isoformat(), str(v.tzinfo)]),
        ((date, time), lambda v: [type(v).__name__, v.isoformat()]),
        (timedelta, lambda v: ["timedelta", v.total_seconds()]),
        (tzinfo, lambda v: ["tz", str(v)]),
        (PurePath, lambda v: ["path", str(v)]),
    ]
    if issubclass(kind, enum.Enum):
        return lambda v: ["enum", type(v).__qualname__, v.name]
    for kinds, rule in rules:
        if issubclass(kind, kinds):
            return rule
    if dataclasses.is_dataclass(kind):
        return _fields
    return _refuse


def _refuse(value: object) -> Any:
    raise TypeError(f"no digest for {type(value).__qualname__}")


def _key(item: object) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True)
