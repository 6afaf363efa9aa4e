"""One way to report bad input: a located, typed Sphinx warning.

Every warning of the extension has ``type="blogext"`` and a subtype, so
``suppress_warnings = ["blogext.postlist"]`` silences one kind, and all of them
are fatal under ``-W``.
"""

from __future__ import annotations

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
) -> None:
    location = (docname, line) if docname else None
    # one line per warning, whatever the input put into the message
    message = " ".join(message.split())
    logger.warning(message, location=location, type="blogext", subtype=subtype)


@dataclass(frozen=True)
class Finding:
    """A problem found after reading, when the whole blog is known."""

    message: str
    docname: str
    line: int | None
    subtype: str


def report(findings: Iterable[Finding]) -> None:
    for finding in findings:
        warn(
            finding.message,
            subtype=finding.subtype,
            docname=finding.docname or None,
            line=finding.line,
        )
