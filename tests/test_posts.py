"""Posts: front matter in three syntaxes, the post page, drafts, bad input."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest
from conftest import soup

from sphinx_blogext.model import blog_data

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="posts", freshenv=True)
def test_doks_post_page(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app.outdir / "blog" / "exampleconf.html")
    h1s = page.select("h1")
    assert [h.get_text(strip=True).rstrip("¶") for h in h1s] == [
        "Five things we learned at ExampleConf 2024"
    ]
    # the body's "##" section sits below the title
    assert page.select_one("section section h2").get_text(strip=True).startswith("First section")
    header = page.select_one(".blogext-post-header")
    assert header.select_one(".blogext-lead").get_text() == (
        "The lead paragraph, shown under the title."
    )
    time = header.select_one("time.blogext-date")
    assert time["datetime"] == "2024-02-22T06:00:00+00:00"
    assert time.get_text() == "February 22, 2024"
    assert header.select_one(".blogext-updated") is None  # lastmod == date
    assert header.select_one(".blogext-reading-time").get_text() == "1 min read"
    assert [a.get_text() for a in header.select(".blogext-author")] == ["Jane Doe"]
    assert [t.get_text() for t in header.select(".blogext-tag")] == [
        "CNCF",
        "cloud",
        "application-testing",
        "AI/ML",
        "platform-engineering",
    ]
    meta = page.select('meta[name="description"]')
    assert [m["content"] for m in meta] == ["A short summary for search engines."]


@pytest.mark.sphinx("html", testroot="posts", freshenv=True)
def test_three_syntaxes_give_the_same_post(app: SphinxTestApp) -> None:
    app.build()
    posts = blog_data(app.env).posts

    def fields(docname: str) -> dict[str, object]:
        values = dataclasses.asdict(posts[docname])
        for private in ("docname", "lines", "slug", "digest"):  # the digest covers the name
            values.pop(private)
        return values

    md = fields("blog/twin-md")
    assert md == fields("blog/twin-rst") == fields("blog/twin-directive")
    assert md["title"] == "Twin & <friends>"
    assert md["tags"] == ["Kubernetes", "cloud"]
    assert md["contributors"] == ["Lorena Martínez", "Tal Zwick"]
    assert md["categories"] == ["release"]
    assert md["date"].isoformat() == "2024-05-01T09:30:00+00:00"
    assert md["lastmod"].isoformat() == "2024-06-01T10:00:00+02:00"
    assert md["excerpt"] == "A lead."

    headers = set()
    for name in ("twin-md", "twin-rst", "twin-directive"):
        page = soup(app.outdir / "blog" / f"{name}.html")
        assert [h.get_text().rstrip("¶") for h in page.select("h1")] == ["Twin & <friends>"]
        header = page.select_one(".blogext-post-header")
        assert header.select_one(".blogext-updated time")["datetime"] == (
            "2024-06-01T10:00:00+02:00"
        )
        headers.add(str(header))
    assert len(headers) == 1


@pytest.mark.sphinx("html", testroot="posts", freshenv=True)
def test_drafts_are_neither_listed_nor_published(app: SphinxTestApp) -> None:
    app.build()
    assert not (app.outdir / "blog" / "draft.html").exists()
    assert not list((app.outdir / "_sources" / "blog").glob("draft.*"))
    index = soup(app.outdir / "blog" / "index.html")
    titles = [a.get_text() for a in index.select(".blogext-entry-title a")]
    assert "Not ready yet" not in titles
    for page in app.outdir.rglob("*.html"):
        assert "draft.html" not in page.read_text(encoding="utf-8"), page
    search_index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "secret" not in search_index  # the draft's body is not searchable
    assert "Not ready yet" not in search_index
    assert "blog/draft" not in search_index


@pytest.mark.sphinx("html", testroot="posts", freshenv=True, confoverrides={"blog_drafts": True})
def test_published_draft_has_banner_and_noindex(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "blog" / "draft.html")
    assert page.select_one(".blogext-draft-banner") is not None
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    index = soup(app.outdir / "blog" / "index.html")
    assert "Not ready yet" not in index.get_text()


@pytest.mark.sphinx("html", testroot="posts", freshenv=True)
def test_index_order_pinned_then_weight_then_date(app: SphinxTestApp) -> None:
    app.build()
    index = soup(app.outdir / "blog" / "index.html")
    titles = [a.get_text() for a in index.select(".blogext-entry-title a")]
    assert titles[0] == "Pinned announcement"
    # weights 10 then 50, then unweighted posts newest first
    assert titles[1:3] == ["Weighted old post", "Five things we learned at ExampleConf 2024"]
    assert titles[3:] == ["Twin & <friends>"] * 3
    # the project's own blog/index body comes first, the listing after it
    body = index.select_one("h1")
    assert body.get_text().rstrip("¶") == "News"


@pytest.mark.sphinx(
    "html", testroot="posts", freshenv=True, confoverrides={"blog_timezone": "America/New_York"}
)
def test_naive_dates_use_blog_timezone(app: SphinxTestApp) -> None:
    app.build()
    post = blog_data(app.env).posts["blog/twin-md"]
    assert post.date.isoformat() == "2024-05-01T09:30:00-04:00"
    # an explicit offset is kept as written
    assert post.lastmod.isoformat() == "2024-06-01T10:00:00+02:00"
