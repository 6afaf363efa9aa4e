"""Hostile input, round two: collisions of every kind, extreme dates, bounded output.

Each case is a tiny project built as an attacker (or an unlucky author) would
write it: the build finishes, every problem is a located ``blogext`` warning,
and no output replaces another, whatever the file system.
"""

from __future__ import annotations

import json
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import soup, warnings_of
from icalendar import Calendar

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

CONF = """extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
project = "Hostile"
blog_baseurl = "https://example.org/"
blog_posts_per_page = 50
"""


def site(root: Path, files: dict[str, str], conf: str = "") -> Path:
    src = root / "src"
    for name, text in {"conf.py": CONF + conf, "index.md": "# Home\n", **files}.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return src


def post(title: str, extra: str = "", date: str = "2025-01-01") -> str:
    return f'---\ntitle: "{title}"\ndate: {date}\n{extra}---\n\nBody of {title}.\n'


def run(
    make_app: Callable[..., SphinxTestApp], src: Path, builder: str = "html", **kwargs: object
) -> SphinxTestApp:
    app = make_app(builder, srcdir=src, freshenv=True, **kwargs)
    app.build()
    app.cleanup()
    assert "Traceback" not in app.warning.getvalue()
    return app


def messages(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    """Every warning, checked to be ours, typed and located."""
    return warnings_of(app)


# -- 1, 3: slugs, aliases and documents on the blog's own files, in any letter case ----------

TALK = """# Talks

```{talk} Keynote
:event: Conf
:date: 2025-05-01T10:00:00Z
:speakers: jane
```
"""
JANE = "# Jane\n\n```{contributor} jane\n:avatar: jane.png\n```\n"
ALIASES = [
    "/blog/atom.xml",
    "/blog/tags/go/rss.xml",
    "/contributors/jane/atom.xml",
    "/talks/calendar.ics",
    "/talks/events/conf.ics",
    "/contributors/jane/avatar.png",
    "/index.html/x/",
    "/Index.html",
    "/BLOG/INDEX.HTML",
    "/Blog/Tags/",
    "/BLOG/ATOM.XML/",
    "/_STATIC/x/",
    "/SearchIndex.js",
]


def hostile_site(root: Path) -> Path:
    files = {
        "blog/a.md": post("A", "slug: atom.xml\ntags: [go]\ncontributors: [jane]\n"),
        "blog/b.md": post("B", "slug: RSS.xml\ntags: [Go]\n"),
        "blog/c.md": post("C", "aliases: " + json.dumps(ALIASES) + "\n"),
        "blog/d.md": post("D", "slug: Feed.JSON\n"),
        "talks-page.md": "---\norphan: true\n---\n" + TALK,
        "contributors/jane.md": JANE,
    }
    src = site(root, files)
    (src / "contributors" / "jane.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    return src


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_nothing_lands_on_a_file_the_blog_writes(make_app, tmp_path, builder) -> None:
    app = run(make_app, hostile_site(tmp_path), builder)
    found = messages(app)
    slugs = [m for where, m, s in found if s == "slug"]
    aliases = [m for where, m, s in found if s == "alias"]
    assert len(slugs) == 3, found  # atom.xml, RSS.xml, Feed.JSON
    assert len(aliases) == len(ALIASES), found
    assert all(where.startswith(("a.md", "b.md", "d.md")) for where, _m, s in found if s == "slug")
    assert all(where.startswith("c.md:") for where, _m, s in found if s == "alias")
    out = app.outdir
    # the blog's files are what they should be
    assert "<feed" in (out / "blog" / "atom.xml").read_text()
    assert "<rss" in (out / "blog" / "rss.xml").read_text()
    assert json.loads((out / "blog" / "feed.json").read_text())["items"]
    assert "<feed" in (out / "contributors" / "jane" / "atom.xml").read_text()
    tag_feed = out / "blog" / "tags" / "go" / "rss.xml"
    assert "<rss" in tag_feed.read_text()
    Calendar.from_ical((out / "talks" / "calendar.ics").read_bytes())
    Calendar.from_ical((out / "talks" / "events" / "conf.ics").read_bytes())
    assert (out / "contributors" / "jane" / "avatar.png").read_bytes().startswith(b"\x89PNG")
    # the pages are what they should be, on any file system: nothing with another
    # case or a folder of the same name was written beside them
    assert soup(out / "index.html").select_one("h1").get_text().rstrip("¶") == "Home"
    blog_index = out / "blog" / "index.html"
    assert soup(blog_index).select(".blogext-entry")
    written = {p.relative_to(out).as_posix().casefold() for p in out.rglob("*")}
    assert len(written) == len(list(out.rglob("*"))), "two outputs differ only in case"
    assert not (out / "index.html").is_dir()
    assert not [
        p for p in out.rglob("*") if p.name.casefold() in ("atom.xml", "rss.xml") and p.is_dir()
    ]


@pytest.mark.parametrize("name", ["blog/atom.xml", "talks/calendar.ics", "blog/Feed.JSON"])
def test_a_document_named_like_a_blog_file(make_app, tmp_path, name) -> None:
    files = {
        "blog/a.md": post("A", "tags: [go]\n"),
        f"{name}.md": "---\norphan: true\n---\n# Odd name\n",
        "talks-page.md": "---\norphan: true\n---\n" + TALK,
    }
    app = run(make_app, site(tmp_path, files), "dirhtml")
    found = messages(app)
    assert [(where, s) for where, _m, s in found] == [(f"{Path(name).name}.md:1", "route")], found
    page = app.outdir / name / "index.html"
    assert soup(page).select_one("h1").get_text().rstrip("¶") == "Odd name"


def test_a_slug_in_another_case_than_a_post(make_app, tmp_path) -> None:
    files = {"blog/b.md": post("Bee"), "blog/other.md": post("Other", "slug: B\n")}
    app = run(make_app, site(tmp_path, files), "dirhtml")
    found = messages(app)
    assert [(where, s) for where, _m, s in found] == [("other.md:4", "slug")], found
    assert (
        soup(app.outdir / "blog" / "b" / "index.html").select_one("h1").get_text().startswith("Bee")
    )


# -- 4: one page shadowing another ------------------------------------------------------------


def test_dirhtml_pages_of_two_documents_at_one_address(make_app, tmp_path) -> None:
    files = {"blog/x.md": post("X flat"), "blog/x/index.md": post("X bundle")}
    app = run(make_app, site(tmp_path, files), "dirhtml")
    found = messages(app)
    assert [(where, s) for where, _m, s in found] == [("index.md:1", "route")], found
    assert "'blog/x/index'" in found[0][1] and "'blog/x'" in found[0][1]
    page = soup(app.outdir / "blog" / "x" / "index.html")
    assert page.select_one("h1").get_text().startswith("X flat")


def test_documents_whose_pages_differ_only_in_case(make_app, tmp_path) -> None:
    files = {"notes/Setup.md": "# Setup one\n", "notes/setup.md": "# Setup two\n"}
    conf = 'suppress_warnings = ["toc.not_included"]\n'
    app = run(make_app, site(tmp_path, files, conf))
    found = messages(app)
    assert [(where, s) for where, _m, s in found] == [("setup.md:1", "route")], found
    assert (app.outdir / "notes" / "Setup.html").exists()
    assert not (app.outdir / "notes" / "setup.html").exists()


# -- 2: the end of the calendar -----------------------------------------------------------------

END_TALKS = """---
orphan: true
---
# Talks

```{talk} All day, last day
:date: 9999-12-31
```

```{talk} Two days at the end
:date: 9999-12-30
:duration: 2 days
```

```{talk} An hour too long
:date: 9999-12-31T23:00:00Z
:duration: 61m
```

```{talk} Just fits
:date: 9999-12-31T22:00:00Z
:duration: 60m
```
"""


@pytest.mark.parametrize("builder", ["html", "text"])
def test_talks_at_the_end_of_the_calendar(make_app, tmp_path, builder) -> None:
    app = run(make_app, site(tmp_path, {"talks/index.md": END_TALKS}), builder)
    found = messages(app)
    assert sorted((where, s) for where, _m, s in found) == sorted(
        [("index.md:7", "talk"), ("index.md:11", "talk"), ("index.md:16", "talk")]
    ), found
    assert all("9999-12-31" in m for _w, m, _s in found)
    if builder == "html":
        calendar = Calendar.from_ical((app.outdir / "talks" / "calendar.ics").read_bytes())
        assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Just fits"]


# -- 5: output linear in the tags of one post ----------------------------------------------------


def _bytes_written(make_app, root: Path, count: int) -> int:
    tags = json.dumps([f"tag {n}" for n in range(count)])
    files = {"blog/many.md": post("Many", f"tags: {tags}\n"), "blog/few.md": post("Few")}
    app = run(make_app, site(root, files))
    found = messages(app)
    assert [(w, s) for w, _m, s in found] == [("many.md:4", "tag")]  # more tags than anyone means
    return sum(
        p.stat().st_size
        for p in app.outdir.rglob("*")
        if p.is_file() and "_static" not in p.parts and p.name != "searchindex.js"
    )


def test_output_grows_linearly_with_the_tags_of_one_post(make_app, tmp_path) -> None:
    small = _bytes_written(make_app, tmp_path / "small", 150)
    large = _bytes_written(make_app, tmp_path / "large", 600)
    # four times the tags: about four times the output (sixteen if each tag page listed
    # the post with all its tags)
    assert large < 5 * small, (small, large)


def test_listings_show_the_first_tags_and_count_the_rest(make_app, tmp_path) -> None:
    tags = json.dumps([f"tag {n}" for n in range(12)])
    app = run(make_app, site(tmp_path, {"blog/many.md": post("Many", f"tags: {tags}\n")}))
    entry = soup(app.outdir / "blog" / "index.html").select_one(".blogext-entry")
    chips = entry.select(".blogext-tag")
    assert [c.get_text() for c in chips[:8]] == [f"tag {n}" for n in range(8)]
    assert chips[-1].get_text(" ", strip=True) == "+4 more and 4 more tags"
    assert chips[-1].select_one('[aria-hidden="true"]').get_text() == "+4 more"
    # the post's own page shows them all
    assert (
        len(soup(app.outdir / "blog" / "many.html").select(".blogext-post-header .blogext-tag"))
        == 12
    )


# -- 7: smaller ones ------------------------------------------------------------------------------


def test_avatars_outside_the_project_or_behind_links_are_refused(make_app, tmp_path) -> None:
    (tmp_path / "secret.png").write_bytes(b"\x89PNG secret")
    people = {
        "people/out.md": "# Out\n\n```{contributor} out\n:avatar: ../../secret.png\n```\n",
        "people/link.md": "# Link\n\n```{contributor} link\n:avatar: link.png\n```\n",
        "people/fine.md": "# Fine\n\n```{contributor} fine\n:avatar: fine.png\n```\n",
    }
    src = site(tmp_path, people)
    (src / "people" / "link.png").symlink_to("/etc/passwd")
    (src / "people" / "fine.png").write_bytes(b"\x89PNG fine")
    app = run(make_app, src)
    found = sorted((where, s) for where, _m, s in messages(app))
    # the accepted file is no image: published as it is, its small copies plain stand-ins
    assert found == [
        ("fine.md:3", "image"),
        ("link.md:4", "contributor"),
        ("out.md:4", "contributor"),
    ]
    published = [p for p in app.outdir.rglob("avatar.*")]
    assert [p.read_bytes() for p in published] == [b"\x89PNG fine"]


@pytest.mark.parametrize(
    "target", ["\\\\evil.example\\x.png", "/\\evil.example", "https://ok.example/\\x"]
)
def test_theme_links_with_backslashes_are_refused(target: str) -> None:
    from blogext_theme import _checked_links

    assert _checked_links([("Home", target)]) == []
    assert _checked_links([("Home", "https://ok.example/x")]) == [("Home", "https://ok.example/x")]


def test_an_image_without_a_host_is_refused(make_app, tmp_path) -> None:
    files = {"blog/a.md": post("A", 'images: ["http:evil.example"]\ncanonicalurl: "https:evil"\n')}
    app = run(make_app, site(tmp_path, files))
    found = messages(app)
    assert sorted((w, s) for w, _m, s in found) == [("a.md:4", "url"), ("a.md:5", "url")]
    page = soup(app.outdir / "blog" / "a.html")
    # the refused image is nowhere: the post's social card stands in
    og_image = page.select_one('meta[property="og:image"]')["content"]
    assert og_image == "https://example.org/_blogext/cards/posts/blog/a.png"
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == "https://example.org/blog/a.html"


def test_a_limit_beyond_the_cap_names_the_cap(make_app, tmp_path) -> None:
    files = {
        "index.md": "# Home\n\n```{postlist}\n:limit: 999999999999\n```\n",
        "blog/a.md": post("A"),
    }
    app = run(make_app, site(tmp_path, files))
    found = messages(app)
    assert [(w, s) for w, _m, s in found] == [("index.md:3", "postlist")]
    assert "from 1 to 99999" in found[0][1]


# -- 8: calendars the same whenever they are built ------------------------------------------------


def test_clean_builds_give_the_same_calendars(make_app, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    files = {
        "talks/index.md": TALK,
        "blog/recap.md": post("Recap", "lastmod: 2025-06-01T08:00:00+02:00\n")
        + "\n```{talk} Recap talk\n:event: Conf\n:date: 2025-05-02\n```\n",
    }
    builds = []
    for name in ("one", "two"):
        app = run(make_app, site(tmp_path / name, files))
        builds.append({p.name: p.read_bytes() for p in app.outdir.rglob("*.ics")})
        time.sleep(1.1)
    assert builds[0] == builds[1] and len(builds[0]) == 2
    events = {
        str(e["summary"]): e.decoded("dtstamp")
        for e in Calendar.from_ical(builds[0]["calendar.ics"]).walk("VEVENT")
    }
    # the post's lastmod, in UTC; a page that says nothing: the start of the epoch
    assert events["Recap talk"].isoformat() == "2025-06-01T06:00:00+00:00"
    assert events["Keynote"].isoformat() == "1970-01-01T00:00:00+00:00"


# -- 9: drafts in no index ---------------------------------------------------------------------


def _inventory(out: Path) -> str:
    raw = (out / "objects.inv").read_bytes()
    return zlib.decompress(raw.split(b"\n", 4)[4]).decode()


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_drafts_are_in_no_inventory_or_index(make_app, tmp_path, builder) -> None:
    secret = post("Secret plan", "draft: true\n") + (
        "\n(secret-label)=\n## Hidden section\n\n```{index} classified\n```\n\nWords.\n"
    )
    files = {
        "blog/secret.md": secret,
        "blog/open.md": post("Open plan") + "\n(open-label)=\n## Shown\n",
    }
    app = run(make_app, site(tmp_path, files), builder)
    inventory = _inventory(app.outdir)
    assert "open-label" in inventory and "blog/open" in inventory
    assert "secret" not in inventory.casefold() and "Hidden section" not in inventory
    genindex = app.outdir / ("genindex.html" if builder == "html" else "genindex/index.html")
    assert "classified" not in genindex.read_text(encoding="utf-8")
    assert "secret" not in (app.outdir / "searchindex.js").read_text(encoding="utf-8").casefold()
