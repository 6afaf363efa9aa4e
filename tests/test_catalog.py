"""The plain data model: identities, ordering, related posts."""

from __future__ import annotations

from datetime import UTC, datetime

from sphinx_blogext.catalog import Catalog, name_key, tag_key, term_slug
from sphinx_blogext.model import Post, PostQuery


def post(docname: str, day: int, *, weight: int = 0, tags: tuple[str, ...] = ()) -> Post:
    return Post(
        docname=docname,
        title=docname,
        date=datetime(2024, 1, day, tzinfo=UTC),
        weight=weight,
        tags=list(tags),
    )


def test_tags_merge_by_case_and_spacing_only() -> None:
    assert tag_key("Kubernetes") == tag_key("kubernetes") == tag_key(" KUBERNETES ")
    assert tag_key("AI/ML") == tag_key("ai/ml")
    assert len({tag_key("C++"), tag_key("C#"), tag_key("C")}) == 3


def test_slugs_are_safe_and_stable_file_names() -> None:
    assert term_slug("AI/ML") == "ai-ml"
    assert term_slug("Ünïcode Straße") == "unicode-strasse"
    assert [term_slug(t) for t in ("C++", "C#", "C")] == ["c-plus-plus", "c-sharp", "c"]
    # names Windows keeps for devices are not folder names there
    assert term_slug("CON") == "con-0" and name_key("Nul") == "nul-0"
    # "index" is the page of the overview
    assert term_slug("Index") == "index-0" and name_key("index") == "index-0"
    assert term_slug("🚀") == term_slug("🚀") and term_slug("🚀").startswith("t-")


def test_contributor_names_match_without_accents() -> None:
    assert name_key("Lorena Martínez") == name_key("lorena martinez") == "lorena-martinez"


def test_hugo_order_weight_then_newest() -> None:
    posts = [
        post("a", 1),
        post("b", 5),
        post("c", 3, weight=20),
        post("d", 2, weight=-1),
        post("e", 4, weight=5),
    ]
    assert [p.docname for p in Catalog(posts).listed] == ["d", "e", "c", "b", "a"]
    assert [p.docname for p in Catalog(posts).by_date] == ["b", "e", "c", "d", "a"]


def test_related_prefers_more_shared_tags_then_newer() -> None:
    posts = [
        post("me", 10, tags=("x", "y")),
        post("one", 1, tags=("x",)),
        post("two", 2, tags=("x", "Y")),
        post("three", 3, tags=("z",)),
        post("four", 4, tags=("y",)),
    ]
    catalog = Catalog(posts)
    assert [p.docname for p in catalog.related(posts[0], 3)] == ["two", "four", "one"]
    assert catalog.query(PostQuery(tags=("Y",), limit=1))[0].docname == "me"
