"""Metadata for the web: description, Open Graph, Twitter card, canonical link, JSON-LD."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import build, soup

BASE = "https://example.org/site/"
REPEATABLE = {"article:tag", "article:author"}
#: written twice by the themes themselves (Sphinx's basic layout and the theme's own)
THEIRS = {"viewport"}


def metas(page) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in page.select("meta[property], meta[name]"):
        key = tag.get("property") or tag.get("name")
        found.setdefault(key, []).append(tag.get("content"))
    return found


def keys_once(page) -> None:
    """No metadata key twice, except the ones Open Graph lets repeat."""
    counts = Counter(
        t.get("property") or t.get("name") for t in page.select("meta[property], meta[name]")
    )
    assert not {k: n for k, n in counts.items() if n > 1 and k not in REPEATABLE | THEIRS}
    assert len(page.select('link[rel="canonical"]')) == 1
    assert len(page.select('script[type="application/ld+json"]')) <= 1


def test_post_metadata(make_app, copy_root) -> None:
    app = build(make_app, copy_root("feeds"))
    page = soup(app.outdir / "blog" / "k8s-one.html")
    keys_once(page)
    found = metas(page)
    url = BASE + "blog/k8s-one.html"
    assert found["description"] == ["The first post about Kubernetes."]
    assert found["og:type"] == ["article"]
    assert found["og:title"] == ["First Kubernetes post"]
    assert found["og:url"] == [url]
    assert found["og:image"] == [BASE + "blog/img/card.png"]
    assert found["og:site_name"] == ["Feeds & <Friends>"]
    assert found["article:published_time"] == ["2024-01-10T09:00:00+01:00"]
    assert found["article:tag"] == ["Kubernetes", "AI/ML"]
    assert found["article:author"] == [BASE + "contributors/ana-lima.html"]
    assert found["twitter:card"] == ["summary_large_image"]
    assert found["twitter:image"] == [BASE + "blog/img/card.png"]
    assert page.select_one('link[rel="canonical"]')["href"] == url
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "First Kubernetes post"
    assert data["url"] == url
    assert data["image"] == BASE + "blog/img/card.png"
    assert data["datePublished"] == "2024-01-10T09:00:00+01:00"
    assert data["author"] == [
        {"@type": "Person", "name": "Ana Lima", "url": BASE + "contributors/ana-lima.html"}
    ]
    # modified time only when the post was updated; a name without a page stays a name
    two = metas(soup(app.outdir / "blog" / "k8s-two.html"))
    assert two["article:modified_time"] == ["2024-03-01T12:00:00-05:00"]
    assert two["article:author"] == [
        BASE + "contributors/ana-lima.html",
        BASE + "contributors/guest-writer.html",
    ]
    # a post without an image shows its social card
    assert two["twitter:card"] == ["summary_large_image"]
    assert two["og:image"] == [BASE + "_blogext/cards/posts/blog/k8s-two.png"]
    assert two["og:image:width"] == ["1200"] and two["og:image:height"] == ["630"]
    assert "article:modified_time" not in metas(soup(app.outdir / "blog" / "k8s-three.html"))
    # the description falls back to the summary, escaped in the attribute
    hostile = soup(app.outdir / "blog" / "hostile.html")
    assert metas(hostile)["description"] == ["A summary with <tags> & ampersands"]
    assert "<tags>" not in str(hostile.head).replace("&lt;tags&gt;", "")


def test_canonicalurl_wins(make_app, copy_root) -> None:
    src = copy_root("feeds")
    post = src / "blog" / "k8s-three.md"
    post.write_text(
        post.read_text().replace("tags:", "canonicalurl: https://elsewhere.example/k8s\ntags:")
    )
    app = build(make_app, src)
    page = soup(app.outdir / "blog" / "k8s-three.html")
    keys_once(page)
    assert page.select_one('link[rel="canonical"]')["href"] == "https://elsewhere.example/k8s"
    assert metas(page)["og:url"] == ["https://elsewhere.example/k8s"]
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["url"] == "https://elsewhere.example/k8s"


def test_listing_pages_describe_themselves(make_app, copy_root) -> None:
    app = build(make_app, copy_root("feeds"))
    tag = soup(app.outdir / "blog" / "tags" / "ai-ml.html")
    keys_once(tag)
    found = metas(tag)
    assert found["og:type"] == ["website"]
    assert found["og:url"] == [BASE + "blog/tags/ai-ml.html"]
    assert found["og:description"] == ["Notes on machine learning."]
    assert tag.select_one('link[rel="canonical"]')["href"] == BASE + "blog/tags/ai-ml.html"
    index = metas(soup(app.outdir / "blog" / "index.html"))
    assert index["og:description"] == ["News about feeds & tags."]
    assert index["og:title"] == ["Blog"]


@pytest.mark.parametrize("theme", ["alabaster", "furo", "pydata_sphinx_theme"])
def test_nothing_twice_with_sphinxext_opengraph(make_app, copy_root, theme: str) -> None:
    src = copy_root("feeds")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace('"sphinx_blogext"]', '"sphinx_blogext", "sphinxext.opengraph"]')
        + f'ogp_site_url = "{BASE}"\nhtml_theme = "{theme}"\n'
        + 'ogp_social_cards = {"enable": False}\n'
    )
    app = build(make_app, src, confoverrides={"blog_drafts": True})
    for name in ("blog/k8s-one.html", "blog/hostile.html", "docs.html", "blog/tags/ai-ml.html"):
        keys_once(soup(app.outdir / name))
    # a published draft gets no social preview from either extension
    draft = metas(soup(app.outdir / "blog" / "draft.html"))
    assert draft["robots"] == ["noindex"] and not [k for k in draft if k.startswith("og:")]
    found = metas(soup(app.outdir / "blog" / "k8s-one.html"))
    # sphinxext-opengraph writes og:*, given the post's own values; the blog adds the rest
    assert found["og:type"] == ["article"]
    assert found["og:description"] == ["The first post about Kubernetes."]
    assert found["og:image"] == [BASE + "blog/img/card.png"]
    assert found["description"] == ["The first post about Kubernetes."]
    assert found["article:tag"] == ["Kubernetes", "AI/ML"]
    assert found["twitter:card"] == ["summary_large_image"]
    # documents that are not posts keep what sphinxext-opengraph says
    assert metas(soup(app.outdir / "docs.html"))["og:type"] == ["website"]


def test_contributor_document_is_a_profile_with_sphinxext_opengraph(make_app, copy_root) -> None:
    src = copy_root("contributors")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace('"sphinx_blogext"', '"sphinx_blogext", "sphinxext.opengraph"')
        + 'ogp_site_url = "https://example.org/"\nogp_social_cards = {"enable": False}\n'
    )
    app = build(make_app, src)
    page = soup(app.outdir / "contributors" / "tal-zwick.html")
    keys_once(page)
    assert metas(page)["og:type"] == ["profile"]
