"""Series: posts that are parts of one whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_series(app: Sphinx) -> None:
    """(being built)"""
