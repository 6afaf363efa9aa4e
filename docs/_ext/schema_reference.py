"""Renders the reference tables of the user guide from the extension's own tables.

``.. blogext-fields::`` is the field table; ``.. blogext-hugo-keys::`` lists
the Hugo and Doks keys that are mapped onto fields or accepted and ignored
(both from :mod:`sphinx_blogext.schema`); ``.. blogext-warnings::`` is the
table of warning subtypes (from :class:`sphinx_blogext.warnings.Subtype`).
The guide cannot drift from the code.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sphinx_blogext.schema import (
    ABLOG_KEYS,
    ABLOG_MAPPED,
    FIELDS,
    HUGO_IGNORED,
    HUGO_IMAGE_KEYS,
    HUGO_MAPPED,
    SPHINX_KEYS,
)
from sphinx_blogext.warnings import Subtype


def _default(value: object) -> str:
    if value is None:
        return "not set"
    if value is False or value is True:
        return str(value).lower()
    return repr(value) if value != "" else '""'


def _table(header: list[str], rows: list[list[nodes.Node | str]], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["blogext-reference"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    head = nodes.thead()
    group += head
    body = nodes.tbody()
    group += body
    for target, cells in ((head, header), *((body, r) for r in rows)):
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell)
            row += entry
        target += row
    return table


def _code(text: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.literal(text=text))


class FieldTable(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows: list[list[nodes.Node | str]] = [
            [
                _code(f.name),
                f.kind.value,
                _code(_default(f.default)),
                f.help + (" (Hugo/Doks)" if f.hugo else ""),
            ]
            for f in FIELDS
        ]
        return [_table(["field", "type", "default", "meaning"], rows, [14, 14, 10, 50])]


class HugoKeys(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows: list[list[nodes.Node | str]] = []
        for key, (target, how) in [*HUGO_MAPPED.items(), *ABLOG_MAPPED.items()]:
            effect = (
                f"added to {target}" if how == "merge" else f"used as {target} when it is not set"
            )
            origin = " (ABlog)" if key in ABLOG_MAPPED else ""
            rows.append([_code(key), effect + origin])
        for key, meaning in HUGO_IMAGE_KEYS.items():
            rows.append([_code(key), f"{meaning}; kept in params"])
        for key, meaning in ABLOG_KEYS.items():
            if key not in HUGO_IMAGE_KEYS:
                rows.append([_code(key), f"ABlog: {meaning}; kept in params"])
        rows.append(
            [
                _code(", ".join(sorted(HUGO_IGNORED, key=str.casefold))),
                "accepted and kept in params; no effect on the blog",
            ]
        )
        rows.append(
            [_code(", ".join(SPHINX_KEYS)), "passed on to Sphinx and MyST, which read them"]
        )
        return [_table(["key", "what happens"], rows, [30, 50])]


def _with_code(text: str) -> nodes.paragraph:
    """Text whose `backquoted` names are shown as code."""
    paragraph = nodes.paragraph()
    for number, part in enumerate(text.split("`")):
        if part:
            paragraph += nodes.literal(text=part) if number % 2 else nodes.Text(part)
    return paragraph


class WarningTable(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows: list[list[nodes.Node | str]] = [
            [_code(f"blogext.{kind.code}"), _with_code(kind.when), _with_code(kind.then)]
            for kind in Subtype
        ]
        header = ["subtype", "reported when", "what happens then"]
        return [_table(header, rows, [14, 50, 30])]


def setup(app):  # type: ignore[no-untyped-def]
    app.add_directive("blogext-fields", FieldTable)
    app.add_directive("blogext-hugo-keys", HugoKeys)
    app.add_directive("blogext-warnings", WarningTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
