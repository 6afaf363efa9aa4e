"""Contributors: definitions in reST, MyST and YAML, matching, bylines, pages, metadata."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING

import pytest
from conftest import blog_parts, build, catalog_of, clean_build, located, soup, warnings_of

from sphinx_blogext.model import PostQuery

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


def ld_json(page, kind: str) -> dict:
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        if data["@type"] == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


@pytest.mark.sphinx("html", testroot="contributors", freshenv=True)
def test_definitions_in_rest_myst_and_yaml(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    people = {k: d.data for k, d in catalog_of(app).defined("contributors").items()}
    assert sorted(people) == ["jane-doe", "lorena-martinez", "tal-zwick", "zoe-o-brien"]
    tal, jane = people["tal-zwick"], people["jane-doe"]
    # the MyST and the reST directive give the same kind of record
    assert (tal.name, tal.role, tal.docname) == (
        "Tal Zwick",
        "Maintainer",
        "contributors/tal-zwick",
    )
    assert (jane.name, jane.role, jane.docname) == (
        "Jane Doe",
        "Community manager",
        "contributors/jane-doe",
    )
    assert tal.links == {
        "github": "https://github.com/talzwick",
        "mastodon": "https://example.social/@tal",
        "email": "mailto:tal@example.org",
        "website": "https://tal.example.org",
    }
    assert jane.links == {
        "linkedin": "https://www.linkedin.com/in/janedoe",
        "twitter": "https://x.com/janedoe",
        "bluesky": "https://bsky.app/profile/jane.bsky.social",
    }
    assert tal.bio_html == (
        "<p>Tal writes the <strong>scheduler</strong> and "
        '<a href="https://tal.example.org/blog">a blog</a>.</p>'
    )
    assert "<em>meetups</em>" in jane.bio_html
    assert tal.avatar_file.endswith("contributors/tal.svg")
    # the file: display names as keys, accents and apostrophes slug safely
    assert people["zoe-o-brien"].name == "Zoë Ö'Brien"
    assert people["lorena-martinez"].file.endswith("people.yaml")


@pytest.mark.sphinx("html", testroot="contributors", freshenv=True)
def test_posts_match_by_slug_or_name_in_any_case(app: SphinxTestApp) -> None:
    app.build()
    terms = catalog_of(app).terms["contributors"]
    posts = {slug: [p.docname for p in term.posts] for slug, term in terms.items()}
    assert posts == {
        "tal-zwick": ["blog/post-5", "blog/post-4", "blog/post-1"],  # name, TAL-ZWICK
        "lorena-martinez": ["blog/post-1"],  # "lorena martinez"
        "jane-doe": ["blog/post-2"],
        "zoe-o-brien": ["blog/post-2"],
        "sam-okafor": ["blog/post-3"],  # named in front matter only: created
    }
    assert terms["sam-okafor"].definition is None


@pytest.mark.sphinx("html", testroot="contributors", freshenv=True)
def test_bylines_and_bio_cards(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "blog" / "post-1.html")
    byline = page.select(".blogext-post-header .blogext-byline a[rel=author]")
    assert [(a.get_text(), a["href"]) for a in byline] == [
        ("Tal Zwick", "../contributors/tal-zwick.html"),
        ("Lorena Martínez", "../contributors/lorena-martinez.html"),
    ]
    assert [a.select_one("img")["src"] for a in byline] == [
        "../contributors/tal-zwick/avatar.svg",
        "../contributors/lorena-martinez/avatar.svg",
    ]
    cards = page.select(".blogext-post-footer .blogext-bio")
    assert [c.select_one(".blogext-bio-name a").get_text() for c in cards] == [
        "Tal Zwick",
        "Lorena Martínez",
    ]
    tal, lorena = cards
    assert tal.select_one(".blogext-role").get_text() == "Maintainer"
    labels = [a["aria-label"] for a in tal.select(".blogext-social a")]
    assert labels == [
        "GitHub of Tal Zwick",
        "Mastodon of Tal Zwick",
        "Website of Tal Zwick",
        "Email of Tal Zwick",
    ]
    # the Markdown bio of the file: markup kept, HTML and javascript: links not
    body = lorena.select_one(".blogext-bio-body")
    assert body.select_one("strong").get_text() == "pipelines"
    assert [a["href"] for a in body.select("a")] == ["https://lorena.example.org"]
    assert body.select("script") == [] and "<script>alert(1)</script>" in body.get_text()
    # a contributor known from front matter only: initials, a page, no bio
    sam = soup(app.outdir / "blog" / "post-3.html").select_one(".blogext-byline")
    assert sam.select_one(".blogext-initials").get_text() == "SO"
    assert sam.select_one("a")["href"] == "../contributors/sam-okafor.html"
    # listings carry the bylines too
    index = soup(app.outdir / "blog" / "index.html")
    assert index.select_one(".blogext-entry a[rel=author]")["href"] == (
        "../contributors/tal-zwick.html"
    )


@pytest.mark.sphinx("html", testroot="contributors", freshenv=True)
def test_contributor_pages_and_overview(app: SphinxTestApp) -> None:
    app.build()
    out = app.outdir / "contributors"
    # Tal's own document is page 1: profile above the bio, posts below, page 2 generated
    tal = soup(out / "tal-zwick.html")
    assert tal.select_one(".blogext-contributor .blogext-profile img")["src"] == (
        "tal-zwick/avatar.svg"
    )
    assert "scheduler" in tal.select_one(".blogext-contributor").get_text()
    first = [a.get_text() for a in tal.select(".blogext-entry-title a")]
    assert first == ["Fifth post", "Fourth post"]
    assert tal.select_one("a.blogext-older")["href"] == "tal-zwick/page/2.html"
    second = soup(out / "tal-zwick" / "page" / "2.html")
    assert [a.get_text() for a in second.select(".blogext-entry-title a")] == ["First post"]
    assert second.select_one("a.blogext-newer")["href"] == "../../tal-zwick.html"
    # generated page of a contributor from the file: heading, profile with bio, posts
    lorena = soup(out / "lorena-martinez.html")
    assert lorena.select_one(".blogext-listing h1").get_text() == "Lorena Martínez"
    assert lorena.select_one(".blogext-profile-bio strong").get_text() == "pipelines"
    assert (out / "lorena-martinez" / "avatar.svg").read_text().startswith("<svg")
    # a contributor known from front matter only gets a page with their posts
    sam = soup(out / "sam-okafor.html")
    assert [a.get_text() for a in sam.select(".blogext-entry-title a")] == ["Third post"]
    # the overview, by name, with roles and post counts
    overview = soup(out / "index.html")
    people = [
        (p.select_one(".blogext-person-name").get_text(), p.select_one(".blogext-count").get_text())
        for p in overview.select(".blogext-person")
    ]
    assert people == [
        ("Jane Doe", "1 post"),
        ("Lorena Martínez", "1 post"),
        ("Sam Okafor", "1 post"),
        ("Tal Zwick", "3 posts"),
        ("Zoë Ö'Brien", "1 post"),
    ]
    # reachable from the blog
    links = [a["href"] for a in soup(app.outdir / "blog" / "index.html").select("a")]
    assert "../contributors/index.html" in links


@pytest.mark.sphinx("html", testroot="contributors", freshenv=True)
def test_role_links_to_contributor_pages(app: SphinxTestApp) -> None:
    app.build()
    refs = soup(app.outdir / "index.html").select("a.blogext-contributor-ref")  # MyST
    assert [(a.get_text(), a["href"]) for a in refs] == [
        ("Tal Zwick", "contributors/tal-zwick.html"),
        ("Lo", "contributors/lorena-martinez.html"),
    ]
    page = soup(app.outdir / "contributors" / "jane-doe.html")  # reST
    refs = page.select("a.blogext-contributor-ref")
    assert [(a.get_text(), a["href"]) for a in refs] == [
        ("Tal Zwick", "tal-zwick.html"),
        ("the data engineer", "lorena-martinez.html"),
    ]


@pytest.mark.sphinx("html", testroot="contributors", freshenv=True)
def test_postlist_filter_uses_the_same_matching(app: SphinxTestApp) -> None:
    app.build()
    catalog = catalog_of(app)
    by_slug = catalog.query(PostQuery(contributors=("tal-zwick",)))
    by_name = catalog.query(PostQuery(contributors=("TAL ZWICK",)))
    assert (
        [p.docname for p in by_slug]
        == [p.docname for p in by_name]
        == [
            "blog/post-5",
            "blog/post-4",
            "blog/post-1",
        ]
    )


@pytest.mark.sphinx("html", testroot="contributors", freshenv=True)
def test_profile_metadata(app: SphinxTestApp) -> None:
    app.build()
    for name in ("tal-zwick", "lorena-martinez"):
        page = soup(app.outdir / "contributors" / f"{name}.html")
        og = {m["property"]: m["content"] for m in page.select("meta[property^='og:']")}
        assert og["og:type"] == "profile"
        assert og["og:url"] == f"https://example.org/contributors/{name}.html"
        # a preview shows the contributor's social card; the Person's image is their picture
        card = f"_blogext/cards/contributors/{name}.png"
        assert og["og:image"] == f"https://example.org/{card}"
        assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
        assert (app.outdir / card).is_file()
        person = ld_json(page, "Person")
        assert person["url"] == og["og:url"]
        assert person["image"] == f"https://example.org/contributors/{name}/avatar.svg"
    tal = ld_json(soup(app.outdir / "contributors" / "tal-zwick.html"), "Person")
    assert tal["sameAs"] == [
        "https://github.com/talzwick",
        "https://example.social/@tal",
        "https://tal.example.org",
    ]
    posting = ld_json(soup(app.outdir / "blog" / "post-2.html"), "BlogPosting")
    assert posting["author"] == [
        {
            "@type": "Person",
            "name": "Jane Doe",
            "url": "https://example.org/contributors/jane-doe.html",
        },
        {
            "@type": "Person",
            "name": "Zoë Ö'Brien",
            "url": "https://example.org/contributors/zoe-o-brien.html",
        },
    ]


@pytest.mark.sphinx("dirhtml", testroot="contributors", freshenv=True)
def test_dirhtml_layout(app: SphinxTestApp) -> None:
    app.build()
    out = app.outdir
    page = soup(out / "blog" / "post-1" / "index.html")
    byline = page.select_one(".blogext-byline a[rel=author]")
    assert byline["href"] == "../../contributors/tal-zwick/"
    assert byline.select_one("img")["src"] == "../../contributors/tal-zwick/avatar.svg"
    assert (out / "contributors" / "tal-zwick" / "page" / "2" / "index.html").exists()
    assert (out / "contributors" / "lorena-martinez" / "index.html").exists()


@pytest.mark.sphinx("text", testroot="contributors", freshenv=True)
def test_text_builder_degrades_to_plain_text(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    post = (app.outdir / "blog" / "post-1.txt").read_text(encoding="utf-8")
    assert "By Tal Zwick, Lorena Martínez" in post
    assert "Tal Zwick, Maintainer — Tal writes the scheduler and a blog." in post
    page = (app.outdir / "contributors" / "tal-zwick.txt").read_text(encoding="utf-8")
    assert "Tal Zwick, Maintainer · GitHub: https://github.com/talzwick" in page
    assert "Email: tal@example.org" in page
    assert "Fifth post (2024-05-01)" in page


@pytest.mark.parametrize("builder", ["latex", "epub", "singlehtml"])
def test_other_builders_complete(make_app, copy_root, builder: str) -> None:
    src = copy_root("contributors")
    app = make_app(builder, srcdir=src, freshenv=True, confoverrides={"version": "1"})
    app.build()
    assert "blogext" not in app.warning.getvalue()
    assert "Traceback" not in app.warning.getvalue()


# -- bad input -------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="contributors-bad", freshenv=True)
def test_bad_definitions_are_located(app: SphinxTestApp) -> None:
    app.build()
    assert located(app) == sorted(
        [
            ("people.yaml:7", "contributor"),  # malformed YAML: the parser's line
            ("people.yaml:1", "contributor"),  # tal-zwick is already defined by a page
            ("people.yaml:1", "url"),  # javascript: in github
            ("people.yaml:1", "contributor"),  # unknown field "gitlab"
            ("tal-zwick.md:5", "contributor"),  # avatar file missing
            ("tal-zwick.md:6", "url"),  # website is not http(s)
            ("twice.md:3", "contributor"),  # tal-zwick defined by a second page
            ("post.md:4", "contributor"),  # Tal Zwik: unknown (policy "warn")
            ("index.md:3", "contributor"),  # role to nobody
        ]
    )
    messages = [m for _, m, _ in warnings_of(app)]
    assert any("unknown contributor 'Tal Zwik'; did you mean 'tal-zwick'?" in m for m in messages)
    assert any("already defined in 'contributors/tal-zwick'" in m for m in messages)
    page = (app.outdir / "contributors" / "tal-zwick.html").read_text(encoding="utf-8")
    assert "javascript:" not in page
    assert "<b>" not in page and "&lt;b&gt;Tal&lt;/b&gt;" in page
    # the unknown name gets no page and no link under the "warn" policy
    post = soup(app.outdir / "blog" / "post.html")
    assert post.select(".blogext-byline a") == []
    assert not (app.outdir / "contributors" / "tal-zwik.html").exists()


@pytest.mark.sphinx(
    "html",
    testroot="contributors-bad",
    freshenv=True,
    confoverrides={"blog_unknown_contributors": "error"},
)
def test_unknown_contributor_can_be_an_error(app: SphinxTestApp) -> None:
    app.build()
    errors = [line for line in app.warning.getvalue().splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "post.md:4" in errors[0] and "Tal Zwik" in errors[0]


# -- incremental -----------------------------------------------------------------


def test_incremental_builds_follow_contributors(make_app, copy_root) -> None:
    src = copy_root("contributors")
    build(make_app, src)
    tal = src / "contributors" / "tal-zwick.md"
    tal.write_text(
        tal.read_text()
        .replace(":name: Tal Zwick", ":name: Tal Zwick-Ray")
        .replace("the **scheduler**", "the **planner**")
    )
    post3 = src / "blog" / "post-3.md"
    post3.write_text(post3.read_text().replace("[Sam Okafor]", "[Jane Doe]"))
    people = src / "people.yaml"
    people.write_text(people.read_text().replace("Data engineer", "Staff engineer"))
    incremental = build(make_app, src)

    clean = clean_build(make_app, src)

    def pages(out: Path) -> dict[str, Path]:
        return {p.relative_to(out).as_posix(): p for p in out.rglob("*.html")}

    inc, fresh = pages(incremental.outdir), pages(clean.outdir)
    # Sphinx leaves nothing else behind; the blog removed Sam's page itself
    assert set(inc) == set(fresh)
    for name in sorted(fresh):
        assert blog_parts(inc[name]) == blog_parts(fresh[name]), name
        assert _profiles(inc[name]) == _profiles(fresh[name]), name
    post1 = soup(incremental.outdir / "blog" / "post-1.html")  # not re-read
    assert post1.select_one(".blogext-byline .blogext-author").get_text() == "Tal Zwick-Ray"
    assert "planner" in post1.select_one(".blogext-bios").get_text()
    assert "Staff engineer" in post1.select_one(".blogext-bios").get_text()


def _profiles(path: Path) -> str:
    page = soup(path)
    return "\n".join(
        str(el)
        for sel in (".blogext-bios", ".blogext-profile", ".blogext-people")
        for el in page.select(sel)
    )


def test_parallel_build_equals_serial_build(make_app, copy_root) -> None:
    serial_src = copy_root("contributors", "serial")
    parallel_src = serial_src.parent / "parallel"
    shutil.copytree(serial_src, parallel_src)
    serial = build(make_app, serial_src, freshenv=True)
    parallel = build(make_app, parallel_src, freshenv=True, parallel=2)
    assert parallel.parallel == 2
    serial_pages = {p.relative_to(serial.outdir): p for p in serial.outdir.rglob("*.html")}
    parallel_pages = {p.relative_to(parallel.outdir): p for p in parallel.outdir.rglob("*.html")}
    assert set(serial_pages) == set(parallel_pages)
    for name, path in serial_pages.items():
        if name.name not in ("search.html", "genindex.html"):
            assert path.read_bytes() == parallel_pages[name].read_bytes(), name


def test_a_contributor_cannot_take_the_overview_path(make_app, copy_root) -> None:
    src = copy_root("contributors")
    (src / "blog" / "post-6.md").write_text(
        '---\ntitle: "Sixth"\ndate: 2024-06-01\ncontributors: [Index]\n---\n\nBody.\n'
    )
    app = build(make_app, src, freshenv=True)
    # "index" is the overview's page name: the contributor's page is index-0
    overview = soup(app.outdir / "contributors" / "index.html")
    assert overview.select(".blogext-person")  # still the overview
    page = soup(app.outdir / "contributors" / "index-0.html")
    assert page.select_one("h1").get_text() == "Index"
    byline = soup(app.outdir / "blog" / "post-6.html").select_one(".blogext-byline a")
    assert byline["href"] == "../contributors/index-0.html"


def test_an_avatar_that_goes_away(make_app, copy_root) -> None:
    src = copy_root("contributors")
    build(make_app, src)
    avatar = src / "_build" / "html" / "contributors" / "tal-zwick" / "avatar.svg"
    assert avatar.exists()
    (src / "contributors" / "tal.svg").unlink()
    app = make_app("html", srcdir=src)
    app.build()
    assert located(app) == [("tal-zwick.md:6", "contributor")]  # the page was read again
    assert not avatar.exists()
    byline = soup(src / "_build" / "html" / "blog" / "post-1.html").select_one(".blogext-byline")
    assert byline.select_one(".blogext-initials").get_text() == "TZ"
