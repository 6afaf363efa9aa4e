"""Dates from git."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_gitdates(app: Sphinx) -> None:
    """(being built)"""
