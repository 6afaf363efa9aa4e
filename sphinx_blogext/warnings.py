"""One way to report bad input: a located, typed Sphinx warning.

Every warning of the extension has ``type="blogext"`` and a subtype, so
``suppress_warnings = ["blogext.postlist"]`` silences one kind, and all of them
are fatal under ``-W``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable

logger = logging.getLogger("sphinx_blogext")


def warn(
    message: str,
    *,
    subtype: str,
    docname: str | None = None,
    line: int | None = None,
    path: str | None = None,
    error: bool = False,
) -> None:
    """Report ``message`` at a document's line, or at a line of another file (``path``)."""
    location: tuple[str, int | None] | str | None = (docname, line) if docname else None
    if path:
        location = f"{path}:{line}" if line else path
    # one line per warning, whatever the input put into the message
    message = " ".join(message.split())
    log = logger.error if error else logger.warning
    log(message, location=location, type="blogext", subtype=subtype)


@dataclass(frozen=True)
class Finding:
    """A problem found after reading, when the whole blog is known."""

    message: str
    docname: str
    line: int | None
    subtype: str
    #: a file that is not a document, such as ``blog_contributors_file``
    path: str = ""
    error: bool = False


def report(findings: Iterable[Finding]) -> None:
    for finding in findings:
        warn(
            finding.message,
            subtype=finding.subtype,
            docname=finding.docname or None,
            line=finding.line,
            path=finding.path or None,
            error=finding.error,
        )


def unknown_hint(name: str, known: list[str] | tuple[str, ...]) -> str:
    """The closest known name, or else the list of them, for an unknown option."""
    return suggestion(name, list(known)) or f" (known: {', '.join(known)})"


def suggestion(name: str, known: list[str]) -> str:
    """``; did you mean 'X'?`` for the known name closest to ``name``, or ""."""
    folded = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
    return f"; did you mean {folded[close[0]]!r}?" if close else ""
