"""Hugo's rules the extension follows for every site: the front matter title is the
title, terms are one when Hugo's ``urlize`` makes one of them, and a document beside
a folder's index of the same name is reported under every builder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import catalog_of, located, soup
from hypothesis import given
from hypothesis import strategies as st

from sphinx_blogext.catalog import tag_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from bs4 import BeautifulSoup
    from sphinx.testing.util import SphinxTestApp


def _headings(page: BeautifulSoup) -> list[str]:
    return [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.find_all("h1")]


def _project(root: Path, posts: dict[str, str]) -> Path:
    (root / "blog").mkdir(parents=True)
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_blogext"]\nblog_feeds = []\n', encoding="utf-8"
    )
    (root / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    for name, text in posts.items():
        path = root / "blog" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _post(title: str, body: str, tags: str = "[]", day: int = 1) -> str:
    return f'---\ntitle: "{title}"\ndate: 2024-01-{day:02d}\ntags: {tags}\n---\n\n{body}'


def test_front_matter_title_is_the_title(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = _project(
        tmp_path / "src",
        {
            "differs.md": _post("Who are we?", "# Our story\n\nText.\n\n## Part\n\nMore.\n"),
            "same.md": _post("Same title", "# Same *title*\n\nText.\n", day=2),
            "setext.md": _post("The title", "Another heading\n===============\n\nText.\n", day=3),
        },
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert located(app) == []
    out = Path(app.outdir) / "blog"
    differs = soup(out / "differs.html")
    assert differs.title.string.startswith("Who are we?")
    assert _headings(differs) == ["Who are we?", "Our story"]
    assert "Text." in differs.get_text()
    same = soup(out / "same.html")
    assert len(same.find_all("h1")) == 1
    setext = soup(out / "setext.html")
    assert setext.title.string.startswith("The title")
    assert _headings(setext) == ["The title", "Another heading"]
    titles = {p.docname: p.title for p in catalog_of(app).listed}
    assert titles["blog/differs"] == "Who are we?"


def test_terms_hugo_merges_are_one_term(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = _project(
        tmp_path / "src",
        {
            "a.md": _post("A", "Text.\n", '["Platform Engineering"]', 1),
            "b.md": _post("B", "Text.\n", '["platform-engineering"]', 2),
            "c.md": _post("C", "Text.\n", '["Platform Engineering", "C++"]', 3),
            "d.md": _post("D", "Text.\n", '["C#", "Hello, World"]', 4),
        },
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert located(app) == []
    tags = catalog_of(app).terms["tags"]
    merged = tags["platform-engineering"]
    assert merged.name == "Platform Engineering"
    assert len(merged.posts) == 3
    assert merged.slug == "platform-engineering"
    assert {t.slug for t in tags.values()} == {
        "platform-engineering",
        "c-plus-plus",
        "c-sharp",
        "hello-world",
    }
    pages = sorted(p.name for p in (Path(app.outdir) / "blog" / "tags").iterdir())
    assert "platform-engineering.html" in pages
    assert "platform-engineering-2.html" not in pages


@given(st.text(max_size=30))
def test_tag_key_is_stable_and_never_empty(name: str) -> None:
    key = tag_key(name)
    assert tag_key(key) == key or not name.strip()
    assert key or not name.strip()
    assert key == tag_key(name.upper().lower()) or name.upper().lower().casefold() != (
        name.casefold()
    )


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_page_beside_a_folder_index_of_its_name_is_reported(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str
) -> None:
    src = _project(tmp_path / "src", {"mine.md": "# Mine\n\nMine.\n"})
    (src / "blog" / "mine").mkdir()
    (src / "blog" / "mine" / "index.md").write_text("# Theirs\n\nTheirs.\n")
    (src / "index.md").write_text("# Home\n\n```{toctree}\nblog/mine\nblog/mine/index\n```\n")
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    assert ("index.md:1", "route") in located(app)
    assert "blog/mine" in app.warning.getvalue()
