"""The ``blogext`` theme without a browser: options, links, builders and rebuilds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import soup

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


def _site(root: Path, options: str = "{}", extensions: str = '["myst_parser"]') -> Path:
    src = root / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        f"extensions = {extensions}\nexclude_patterns = ['_build']\n"
        f"html_theme = 'blogext'\nhtml_theme_options = {options}\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Home\n\n```{toctree}\na\nguide/b\n```\n", encoding="utf-8")
    (src / "a.md").write_text("# Page A\n\nText.\n", encoding="utf-8")
    (src / "guide").mkdir()
    (src / "guide" / "b.md").write_text("# Page B\n\nText.\n", encoding="utf-8")
    return src


def _build(make_app: Callable[..., SphinxTestApp], src: Path, builder: str = "html"):
    app = make_app(builder, srcdir=src)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_bad_options_are_warnings_not_failures(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    options = (
        "{'pygments_dark_style': 'no-such-style', 'nav_links': [('Home', 'index'),"
        " ('Evil', 'javascript:alert(1)'), ('Data', 'data:text/html,x'), ('Typo', 'nope')],"
        " 'social_links': [('X', 'https://x.com/me'), ('Box', 'https://dropbox.com/me')],"
        " 'accent_color': 'red; } body { display: none'}"
    )
    app = _build(make_app, _site(tmp_path, options))
    warnings = app.warning.getvalue()
    assert "'no-such-style' is not a Pygments style" in warnings
    assert "'javascript:alert(1)' is not an allowed link" in warnings
    assert "'data:text/html,x' is not an allowed link" in warnings
    assert "'Typo' links to 'nope', no page" in warnings
    assert "is not a CSS colour" in warnings
    page = soup(app.outdir / "a.html")
    hrefs = [a["href"] for a in page.select("a[href]")]
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    assert "display: none" not in str(page.select("style"))
    icons = {a.get("href"): a for a in page.select(".bx-social a, .bx-actions a")}
    box = icons.get("https://dropbox.com/me")
    assert box is None or "twitter" not in str(box)


def test_one_top_level_link_is_the_current_section(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    options = "{'nav_links': [('Home', 'index'), ('A', 'a'), ('Guide', 'guide/b')]}"
    src = _site(tmp_path, options)
    out = _build(make_app, src).outdir

    def active(page: str) -> list[str]:
        return [a.get_text() for a in soup(out / page).select(".bx-nav a.bx-active")]

    assert active("a.html") == ["A"]
    assert active("index.html") == ["Home"]
    assert active("guide/b.html") == ["Guide"]
    # one page holds everything in singlehtml: its links lead to places in it
    single = _build(make_app, src, "singlehtml").outdir
    links = [a["href"] for a in soup(single / "index.html").select(".bx-nav a")]
    assert all(link != "#" for link in links), links


def test_the_sidebar_follows_a_new_page_on_a_rebuild(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = _site(tmp_path)
    out = _build(make_app, src).outdir
    assert "Page C" not in soup(out / "a.html").get_text()
    (src / "c.md").write_text("# Page C\n", encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n```{toctree}\na\nguide/b\nc\n```\n", encoding="utf-8")
    out = _build(make_app, src).outdir
    # a.md did not change, and its sidebar lists the new page
    assert "Page C" in soup(out / "a.html").select_one(".bx-sidebar").get_text()


def test_a_blog_only_site_has_no_docs_link_until_it_has_docs(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    (src / "blog").mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_blogext']\nhtml_theme = 'blogext'\nblog_feeds = []\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Home\n\n```{postlist} 5\n```\n", encoding="utf-8")
    (src / "blog" / "post.md").write_text(
        "---\ntitle: A post\ndate: 2024-01-01\n---\n\nText.\n", encoding="utf-8"
    )

    def labels() -> list[str]:
        out = _build(make_app, src).outdir
        return [
            a.get_text(strip=True) for a in soup(out / "blog" / "post.html").select(".bx-nav a")
        ]

    assert labels() == ["Blog"]
    (src / "guide.md").write_text("# A guide\n\nText.\n", encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n```{toctree}\nguide\n```\n", encoding="utf-8")
    assert labels() == ["Docs", "Blog"]
