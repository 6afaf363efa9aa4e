"""A draft is absent from every builder's output unless ``blog_drafts`` publishes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import build, docs_found_by, search_index, soup

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

SECRETS = ("Secret plans", "Not ready yet", "Unreleased section")


def leaks(outdir: Path) -> list[str]:
    """Output files that mention the draft (the doctree cache is not output)."""
    found = []
    for path in outdir.rglob("*"):
        if not path.is_file() or ".doctrees" in path.parts:
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        if any(secret in text for secret in SECRETS) or "blog/draft" in text:
            found.append(path.relative_to(outdir).as_posix())
    return found


@pytest.mark.parametrize(
    "builder", ["html", "dirhtml", "singlehtml", "text", "latex", "epub", "gettext"]
)
def test_draft_is_in_no_output(make_app, copy_root, builder: str) -> None:
    src = copy_root("drafts")
    app = make_app(builder, srcdir=src, freshenv=True, confoverrides={"version": "1"})
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    assert leaks(app.outdir) == []
    # the published post is there, so the check looked at real output
    assert any(
        "Public words" in p.read_bytes().decode("utf-8", "replace")
        for p in app.outdir.rglob("*")
        if p.is_file() and ".doctrees" not in p.parts
    )


@pytest.mark.sphinx("html", testroot="drafts", freshenv=True, confoverrides={"blog_drafts": True})
def test_blog_drafts_publishes_them(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "blog" / "draft.html")
    assert page.select_one(".blogext-draft-banner") is not None
    assert "Secret plans." in page.get_text()
    nav = [a["href"] for a in soup(app.outdir / "index.html").select(".toctree-wrapper a")]
    assert "blog/draft.html" in nav


def test_post_turned_draft_and_back(make_app, copy_root) -> None:
    src = copy_root("drafts")
    post = src / "blog" / "public.md"

    build(make_app, src)
    out = src / "_build" / "html"
    assert (out / "blog" / "public.html").exists()
    assert "blog/public.html" in _nav(out)

    post.write_text(post.read_text().replace("tags: [cloud]", "tags: [cloud]\ndraft: true"))
    build(make_app, src)
    assert not (out / "blog" / "public.html").exists()
    assert not list((out / "_sources" / "blog").glob("public.*"))
    assert "blog/public.html" not in _nav(out)
    index = search_index(out)
    assert "blog/public" not in index["docnames"]
    assert docs_found_by(index, "public") == set()

    post.write_text(post.read_text().replace("draft: true", "draft: false"))
    build(make_app, src)
    assert (out / "blog" / "public.html").exists()
    assert "blog/public.html" in _nav(out)


def _nav(outdir: Path) -> list[str]:
    page = soup(outdir / "index.html")
    return [a["href"] for a in page.select(".toctree-wrapper a, .sphinxsidebar a")]
