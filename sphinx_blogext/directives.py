"""What the blog's directives share: options of any name, their source lines, numbers.

Directives accept every option name, so that an unknown one gets the blog's
own located warning (with the closest known name) instead of docutils'
error, which would drop the whole directive.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives

if TYPE_CHECKING:
    from sphinx.util.docutils import SphinxDirective

#: The largest ``limit`` or ``year`` a directive takes.
MAX_NUMBER = 99_999

_OPTION_LINE = re.compile(r"^\s*:?([A-Za-z_][\w-]*)\s*:(?:\s|$)")


class AnyOption(dict[str, Any]):
    """Accepts every option name, so unknown ones get our own located warning."""

    def __init__(self, known: tuple[str, ...]) -> None:
        super().__init__(dict.fromkeys(known, directives.unchanged))

    def __missing__(self, key: str) -> Any:
        return directives.unchanged


def option_lines(directive: SphinxDirective) -> dict[str, int]:
    """The source line of each option of ``directive``, for located warnings.

    Read from the directive's own text where it holds the options (reST,
    MyST 5), else from the source file (MyST 4 hands over the content only).
    Options are written ``:name: value``, or ``name: value`` in a MyST block.
    """
    lines = directive.block_text.splitlines()
    if not lines or not lines[0].lstrip().startswith(("```", "~~~", ":::", "..")):
        try:
            source = Path(directive.env.doc2path(directive.env.docname)).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return {}
        lines = source.splitlines()[directive.lineno - 1 : directive.lineno + 60]
    found: dict[str, int] = {}
    for number, text in enumerate(lines[1:], start=directive.lineno + 1):
        if not text.strip() and found:
            break
        match = _OPTION_LINE.match(text)
        if match:
            found.setdefault(match.group(1), number)
    return found


def whole_number(name: str, value: str) -> tuple[int | None, str]:
    """A ``limit`` or ``year`` written in ASCII digits, from 1 to :data:`MAX_NUMBER`, or
    None and why not (``"²".isdigit()`` is true, and ``int("²")`` raises: ASCII only)."""
    text = value.strip()
    if text.isascii() and text.isdigit():
        number = int(text) if len(text) <= 9 else MAX_NUMBER + 1
        if 0 < number <= MAX_NUMBER:
            return number, ""
    return None, f"{name!r} must be a whole number from 1 to {MAX_NUMBER}, got {text[:40]!r}"


def _visit_container(translator: Any, node: nodes.Element) -> None:
    translator.visit_container(node)


def _depart_container(translator: Any, node: nodes.Element) -> None:
    translator.depart_container(node)


#: ``app.add_node`` visitors that show a node of the blog's own (a card) as the block of
#: text it holds, in every builder.
AS_CONTAINER = {
    name: (_visit_container, _depart_container)
    for name in ("html", "latex", "text", "man", "texinfo")
}
