from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from collections.abc import Callable

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def copy_root(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of a test root, for tests that edit sources."""

    def copy(name: str, dest: str = "src") -> Path:
        target = tmp_path / dest
        shutil.copytree(ROOTS / f"test-{name}", target)
        return target

    return copy


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def blog_parts(path: Path) -> str:
    """The blog-owned parts of a built page, for comparing two builds."""
    page = soup(path)
    selectors = [
        ".blogext-post-header",
        ".blogext-post-footer",
        ".blogext-listing",
        ".blogext-postlist",
        ".blogext-postlist-empty",
        "h1",
    ]
    found = [str(el) for sel in selectors for el in page.select(sel)]
    return "\n".join(found)
