"""Tag pages, the tag overview, ``blog_tags_file``, ``rel="tag"`` and the ``{tag}`` role."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import build, clean_build, located, soup

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


def entry_titles(page) -> list[str]:
    return [a.get_text() for a in page.select(".blogext-entry-title a")]


@pytest.mark.sphinx("html", testroot="feeds", freshenv=True)
def test_one_page_per_tag_with_safe_stable_slugs(app: SphinxTestApp) -> None:
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    tags = app.outdir / "blog" / "tags"
    # "Kubernetes" and "kubernetes" are one tag; "AI/ML" and non-ASCII names get plain slugs
    pages = sorted(p.name for p in tags.glob("*.html"))
    assert pages == [
        "ai-ml.html",
        "b-and-amp-b.html",
        "emoji.html",
        "index.html",
        "kubernetes.html",
        "unicode-strasse.html",
    ]
    kubernetes = soup(tags / "kubernetes.html")
    # the label of the tags file; its description rendered as Markdown, raw HTML left out
    assert kubernetes.select_one("h1").get_text() == "Posts tagged “Kubernetes”"
    description = kubernetes.select_one(".blogext-description")
    assert description.select_one("strong").get_text() == "Kubernetes"
    assert not kubernetes.select(".blogext-description script")
    # drafts are not listed; the rest in listing order, two per page
    assert entry_titles(kubernetes) == ["Excluded post", "Third Kubernetes post"]
    second = soup(tags / "kubernetes" / "page" / "2.html")
    assert entry_titles(second) == ["Second Kubernetes post", "First Kubernetes post"]
    assert entry_titles(soup(tags / "kubernetes" / "page" / "3.html")) == ["Undated post"]
    hostile = soup(tags / "b-and-amp-b.html")
    assert hostile.select_one("h1").get_text() == "Posts tagged “<b>&amp;</b>”"


@pytest.mark.sphinx("html", testroot="feeds", freshenv=True)
def test_overview_counts_and_sizes(app: SphinxTestApp) -> None:
    app.build()
    overview = soup(app.outdir / "blog" / "tags" / "index.html")
    items = overview.select(".blogext-tag-cloud li")
    found = {
        li.a.get_text(): (li.select_one(".blogext-count").get_text(), li["class"][0])
        for li in items
    }
    assert found == {
        "AI/ML": ("2 posts", "blogext-tag-size-3"),
        "<b>&amp;</b>": ("1 post", "blogext-tag-size-1"),
        "emoji 🚀": ("1 post", "blogext-tag-size-1"),
        "Kubernetes": ("5 posts", "blogext-tag-size-5"),
        "Ünïcode Straße": ("1 post", "blogext-tag-size-1"),
    }
    # sorted by name, each link marked as a tag
    names = [li.a.get_text() for li in items]
    assert names == sorted(names, key=str.casefold)
    assert all(li.a["rel"] == ["tag"] for li in items)
    assert overview.select_one('a[href="ai-ml.html"]').get_text() == "AI/ML"


@pytest.mark.sphinx("html", testroot="feeds", freshenv=True)
def test_tag_links_carry_rel_tag_everywhere(app: SphinxTestApp) -> None:
    app.build()
    post = soup(app.outdir / "blog" / "k8s-one.html")
    links = post.select(".blogext-post-header .blogext-tag a")
    assert [(a.get_text(), a["href"], a["rel"]) for a in links] == [
        ("Kubernetes", "tags/kubernetes.html", ["tag"]),
        ("AI/ML", "tags/ai-ml.html", ["tag"]),
    ]
    index = soup(app.outdir / "blog" / "index.html")
    assert index.select(".blogext-entry .blogext-tag a")
    assert all(a["rel"] == ["tag"] for a in index.select(".blogext-entry .blogext-tag a"))
    # the {tag} role shows the tag's display name, or a text of its own
    docs = soup(app.outdir / "docs.html")
    roles = docs.select("a.blogext-tag-ref")
    assert [(a.get_text(), a["href"], a["rel"]) for a in roles] == [
        ("Kubernetes", "blog/tags/kubernetes.html", ["tag"]),
        ("machine learning", "blog/tags/ai-ml.html", ["tag"]),
    ]


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_tag_pages_in_dirhtml(app: SphinxTestApp) -> None:
    app.build()
    tags = app.outdir / "blog" / "tags"
    assert (tags / "kubernetes" / "index.html").exists()
    assert (tags / "kubernetes" / "page" / "2" / "index.html").exists()
    overview = soup(tags / "index.html")
    assert overview.select_one('.blogext-tag-cloud a[href="ai-ml/"]').get_text() == "AI/ML"
    # a tag page links its own tag too (the page's folder is the page: "./")
    own = soup(tags / "kubernetes" / "index.html").select_one(".blogext-tag a[rel=tag]")
    assert (own.get_text(), own["href"]) == ("Kubernetes", "./")


@pytest.mark.parametrize("builder", ["text", "singlehtml", "epub", "latex"])
def test_tags_in_other_builders(make_app, copy_root, builder: str) -> None:
    src = copy_root("feeds")
    # a list in a document that is not the root: single-file builders resolve it too
    docs = src / "docs.md"
    docs.write_text(docs.read_text() + "\n```{postlist}\n:tags: AI/ML\n```\n")
    app = build(make_app, src, builder)
    outdir = app.outdir
    assert not (outdir / "blog" / "tags").exists()
    if builder == "text":
        text = (outdir / "docs.txt").read_text(encoding="utf-8")
        assert "Read the posts about Kubernetes and machine learning." in text
        assert "Old machine learning post (2023-05-01)" in text
    if builder == "singlehtml":
        page = soup(outdir / "index.html")
        assert "Read the posts about Kubernetes and machine learning." in page.get_text()
        titles = [a.get_text() for a in page.select(".blogext-postlist .blogext-entry-title")]
        assert "Old machine learning post" in titles
        # every post in the one page has its header and footer (drafts are left out)
        assert len(page.select(".blogext-post-header")) == 7
        assert len(page.select(".blogext-post-footer")) == 7
    if builder == "latex":
        tex = next(outdir.glob("*.tex")).read_text(encoding="utf-8")
        assert "Read the posts about \\DUrole{blogext-tag-ref}{Kubernetes} and" in tex
        assert "Old machine learning post" in tex
        assert "Tags: Kubernetes, AI/ML" in tex  # the header of a post, as text


def test_unknown_tags_are_located(make_app, copy_root) -> None:
    src = copy_root("feeds")
    docs = src / "docs.md"
    docs.write_text(docs.read_text() + "\nAlso {tag}`kubernetis` and {tag}`nothing`.\n")
    (src / "conf.py").write_text(
        (src / "conf.py").read_text() + "blog_tags_allowed = True\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=src)
    app.build()
    assert located(app) == [
        ("docs.md:5", "tag"),
        ("docs.md:5", "tag"),
        ("hostile.md:4", "tag"),
        ("hostile.md:4", "tag"),
        ("k8s-three.md:4", "tag"),
    ]
    text = app.warning.getvalue()
    assert "no tag 'kubernetis'; did you mean 'Kubernetes'?" in text
    assert "tag 'Ünïcode Straße' is not in blog_tags_allowed" in text
    # the unknown target stays as text, not as a link
    page = soup(app.outdir / "docs.html")
    assert [s.get_text() for s in page.select("span.blogext-tag-ref")] == ["kubernetis", "nothing"]


def test_tags_file_problems_are_located(make_app, copy_root) -> None:
    src = copy_root("feeds")
    (src / "tags.yaml").write_text(
        "kubernetes:\n  labell: K8s\nbroken: [1, 2]\nKubernetes: again\nai/ml:\n  label: [x]\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src)
    app.build()
    assert located(app) == [
        ("tags.yaml:1", "tag"),
        ("tags.yaml:3", "tag"),
        ("tags.yaml:4", "tag"),
        ("tags.yaml:5", "tag"),
    ]
    assert "unknown field 'labell'; did you mean 'label'?" in app.warning.getvalue()
    app.cleanup()
    # a broken YAML file is a located warning too, and the build goes on
    (src / "tags.yaml").write_text("kubernetes: [unclosed\n", encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert located(app) == [("tags.yaml:1", "tag")]
    assert (app.outdir / "blog" / "tags" / "kubernetes.html").exists()


def test_retagging_and_deleting_match_a_clean_build(make_app, copy_root) -> None:
    src = copy_root("feeds")
    build(make_app, src)
    three = src / "blog" / "k8s-three.md"
    three.write_text(three.read_text().replace("tags: [kubernetes, ", "tags: [AI/ML, "))
    (src / "blog" / "old.md").unlink()
    (src / "tags.yaml").write_text("kubernetes:\n  label: K8s\n", encoding="utf-8")
    incremental = build(make_app, src)
    clean = clean_build(make_app, src)
    inc_tags, clean_tags = incremental.outdir / "blog" / "tags", clean.outdir / "blog" / "tags"
    files = sorted(p.relative_to(clean_tags) for p in clean_tags.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(inc_tags) for p in inc_tags.rglob("*") if p.is_file())
    for name in files:
        if name.suffix == ".html":
            inc, cln = soup(inc_tags / name), soup(clean_tags / name)
            assert str(inc.select_one(".blogext-listing")) == str(
                cln.select_one(".blogext-listing")
            )
        else:
            assert (inc_tags / name).read_bytes() == (clean_tags / name).read_bytes(), name
    overview = soup(inc_tags / "index.html")
    assert "K8s" in overview.select_one(".blogext-tag-cloud").get_text()
    assert entry_titles(soup(inc_tags / "ai-ml.html")) == [
        "Third Kubernetes post",
        "First Kubernetes post",
    ]


@pytest.mark.parametrize("builder", ["html", "text"])
def test_own_tags_document_keeps_its_text(make_app, copy_root, builder: str) -> None:
    src = copy_root("feeds")
    (src / "blog" / "tags").mkdir()
    (src / "blog" / "tags" / "index.md").write_text(
        "---\norphan: true\n---\n\n# Our subjects\n\nPick one.\n", encoding="utf-8"
    )
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'blog_post_pattern = ["blog/*"]\n', encoding="utf-8")
    app = build(make_app, src, builder)
    if builder == "text":
        text = (app.outdir / "blog" / "tags" / "index.txt").read_text(encoding="utf-8")
        assert "Pick one." in text and "Kubernetes (5)" in text
        return
    page = soup(app.outdir / "blog" / "tags" / "index.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "Our subjects"
    cloud = page.select(".blogext-tag-cloud a")
    assert [a.get_text() for a in cloud][:2] == ["<b>&amp;</b>", "AI/ML"]


def test_allowed_tags_follow_the_tags_file(make_app, copy_root) -> None:
    src = copy_root("feeds")
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + "blog_tags_allowed = True\n", encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    app.cleanup()
    assert located(app) == [
        ("hostile.md:4", "tag"),
        ("hostile.md:4", "tag"),
        ("k8s-three.md:4", "tag"),
    ]
    # a tag added to the file is allowed on the next build, though no post is read again
    tags = src / "tags.yaml"
    tags.write_text(tags.read_text() + '"emoji 🚀": Rockets.\n', encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert located(app) == [("hostile.md:4", "tag"), ("k8s-three.md:4", "tag")]
    assert "'emoji 🚀'" not in app.warning.getvalue()
