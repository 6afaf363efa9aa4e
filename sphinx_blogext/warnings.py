"""One way to report bad input: a located, typed Sphinx warning.

Every warning of the extension has ``type="blogext"`` and a subtype, so
``suppress_warnings = ["blogext.postlist"]`` silences one kind, and all of them
are fatal under ``-W``.
"""

from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger("sphinx_blogext")


def warn(
    message: str,
    *,
    subtype: str,
    docname: str | None = None,
    line: int | None = None,
) -> None:
    location = (docname, line) if docname else None
    logger.warning(message, location=location, type="blogext", subtype=subtype)
