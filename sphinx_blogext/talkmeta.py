"""Structured data for talks, and click-to-load video embeds."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_talkmeta(app: Sphinx) -> None:
    """(being built)"""
