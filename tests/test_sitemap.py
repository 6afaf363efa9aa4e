"""sitemap.xml and robots.txt (issue 21, item 6): every published page once, with its
absolute address and last change, nothing else; and sphinx-sitemap completed when it is
the one that writes the sitemap."""

from __future__ import annotations

import shutil
import urllib.robotparser
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOTS, build, located, soup
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from sphinx_blogext.sitemap import Entry, Sitemap, _by_loc, _read_urls, make_sitemap

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.filterwarnings(
    # sphinx-sitemap's own use of an attribute Sphinx deprecates: theirs to change
    r"ignore:'sphinx\.environment\.BuildEnvironment\.app' is deprecated:Warning:sphinx_sitemap"
)

BASE = "https://lighthouse.example.org/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SCHEMA = etree.XMLSchema(etree.parse(str(ROOTS / "test-sitemap" / "sitemaps-0.9.xsd")))
EPOCH_2029 = str(int(datetime(2029, 12, 1, tzinfo=UTC).timestamp()))
EPOCH_2031 = str(int(datetime(2031, 1, 1, tzinfo=UTC).timestamp()))

#: what the test root publishes on 2029-12-01 (html addresses), with each page's lastmod
LAMPS = "2029-03-01T12:00:00+01:00"  # the newest change: lamps' lastmod
STORMS = "2029-02-05T00:00:00+00:00"
EXPECTED = {
    # documents: posts with their lastmod (else date), others without one
    "index.html": "",
    "guide.html": "",
    "hidden.html": "",  # an orphan is a page of the site all the same
    "people/ada.html": LAMPS,  # shows Ada's contributor page: her newest post
    "blog/lamps.html": LAMPS,
    "blog/storms.html": STORMS,
    "blog/fog.html": "2028-06-01T08:30:00+00:00",
    # generated pages: the newest post they list (every page of a listing the same)
    "blog/index.html": LAMPS,
    "blog/page/2.html": LAMPS,
    "blog/archive/index.html": LAMPS,
    "blog/archive/2029.html": LAMPS,
    "blog/archive/2028.html": "2028-09-01T00:00:00+00:00",  # the cross-posted post
    "blog/tags/index.html": LAMPS,
    "blog/tags/lamps.html": LAMPS,
    "blog/tags/weather.html": STORMS,
    "blog/tags/weather/page/2.html": STORMS,
    "blog/categories/index.html": LAMPS,
    "blog/categories/news.html": LAMPS,
    "contributors/index.html": LAMPS,
}
#: written pages that must not be listed: a redirect, a post whose canonical address is
#: another site's; and pages that must not exist at all (a draft, a held post)
NOT_LISTED = ("old/lamps/index.html", "blog/elsewhere.html")
ABSENT = ("blog/secret.html", "blog/reopening.html", "blog/tags/visits.html")


@pytest.fixture(autouse=True)
def in_2029(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test root's "now": its 2030 post is scheduled, the others published."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2029)


def sitemap_of(outdir: Path, name: str = "sitemap.xml") -> dict[str, str]:
    """The sitemap, checked against the sitemaps.org schema: lastmod by address, in the
    file's order."""
    tree = etree.parse(str(outdir / name))
    SCHEMA.assertValid(tree)
    found: dict[str, str] = {}
    for url in tree.getroot().iterfind("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in found, f"{loc} is listed twice"
        found[loc] = url.findtext("s:lastmod", default="", namespaces=NS)
    assert list(found) == sorted(found), "entries are sorted by address"
    return found


#: Sphinx's own pages, which are not the site's content
SPHINX_OWN = ("genindex.html", "search.html", "genindex", "search")


def as_dirhtml(path: str) -> str:
    """An html address (``a/b.html``, ``a/index.html``) as dirhtml writes it (``a/b/``, ``a/``)."""
    if path == "index.html" or path.endswith("/index.html"):
        return path.removesuffix("index.html")
    return path.removesuffix(".html") + "/"


def indexable_pages(outdir: Path, dirhtml: bool = False) -> set[str]:
    """Every page written into ``outdir`` that a search engine should index, found from
    the output alone: HTML pages other than Sphinx's own index and search pages, leaving
    out those marked noindex (redirects, previews) or whose canonical address is
    elsewhere."""
    found = set()
    for path in outdir.rglob("*.html"):
        name = path.relative_to(outdir).as_posix()
        address = as_dirhtml(name) if dirhtml else name
        if name.startswith(("_", ".")) or address.removesuffix("/") in SPHINX_OWN:
            continue
        url = BASE + address
        page = soup(path)
        robots = page.select_one('meta[name="robots"]')
        if robots is not None and "noindex" in robots["content"]:
            continue
        canonical = page.select_one('link[rel="canonical"]')
        if canonical is not None and canonical["href"] != url:
            continue
        found.add(url)
    return found


def fresh(tmp_path: Path, name: str) -> Path:
    src = tmp_path / name
    shutil.copytree(ROOTS / "test-sitemap", src)
    return src


def rebuilt_clean(make_app: Callable[..., SphinxTestApp], src: Path, name: str) -> Path:
    """The output of a build from scratch of a copy of ``src``."""
    clean = src.parent / name
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    return Path(build(make_app, clean, freshenv=True).outdir)


def add_to_conf(src: Path, text: str) -> None:
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + text, encoding="utf-8")


# -- what the sitemap lists -------------------------------------------------------------


def test_the_sitemap_lists_every_published_page_with_its_last_change(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    outdir = Path(build(make_app, fresh(tmp_path, "src"), freshenv=True).outdir)
    listed = sitemap_of(outdir)
    assert listed == {BASE + path: lastmod for path, lastmod in EXPECTED.items()}
    # the same set, found from the written pages alone: nothing more, nothing less
    assert set(listed) == indexable_pages(outdir)
    for path in NOT_LISTED:
        assert (outdir / path).is_file(), path  # written, so leaving it out was a choice
    for path in ABSENT:
        assert not (outdir / path).exists(), path
    # no feeds, images or Sphinx pages
    assert not [loc for loc in listed if not loc.endswith(".html")]
    assert BASE + "genindex.html" not in listed and BASE + "search.html" not in listed


def test_dirhtml_lists_folder_addresses(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    outdir = Path(build(make_app, fresh(tmp_path, "src"), "dirhtml", freshenv=True).outdir)
    listed = sitemap_of(outdir)
    assert listed == {BASE + as_dirhtml(path): lastmod for path, lastmod in EXPECTED.items()}
    assert BASE in listed and BASE + "blog/tags/weather/page/2/" in listed
    assert set(listed) == indexable_pages(outdir, dirhtml=True)


def test_robots_txt_allows_everything_and_names_the_sitemap(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    outdir = Path(build(make_app, fresh(tmp_path, "src"), freshenv=True).outdir)
    robots = urllib.robotparser.RobotFileParser()
    robots.parse((outdir / "robots.txt").read_text(encoding="utf-8").splitlines())
    assert robots.site_maps() == [BASE + "sitemap.xml"]
    assert robots.can_fetch("AnyBot", BASE + "blog/lamps.html")
    assert robots.can_fetch("*", BASE)


def test_drafts_and_previews_are_published_but_not_listed(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    overrides = {"blog_drafts": True, "blog_build_future": True}
    app = build(make_app, fresh(tmp_path, "src"), freshenv=True, confoverrides=overrides)
    outdir = Path(app.outdir)
    assert (outdir / "blog" / "secret.html").is_file()
    assert (outdir / "blog" / "reopening.html").is_file()
    listed = sitemap_of(outdir)
    assert BASE + "blog/secret.html" not in listed
    assert BASE + "blog/reopening.html" not in listed
    # its tag page is a page of the site, listed with its (future) post's date
    assert listed[BASE + "blog/tags/visits.html"] == "2030-06-01T10:00:00+00:00"
    assert set(listed) == indexable_pages(outdir)


# -- incremental, parallel, written only when it changes --------------------------------


def test_a_preview_is_listed_once_its_date_passes(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With blog_build_future nothing is held back, so no post changes when the date
    passes: only the preview turning into a published post does."""
    src = fresh(tmp_path, "src")
    add_to_conf(src, "blog_build_future = True\n")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    assert BASE + "blog/reopening.html" not in sitemap_of(outdir)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2031)
    build(make_app, src)
    listed = sitemap_of(outdir)
    assert listed[BASE + "blog/reopening.html"] == "2030-06-01T10:00:00+00:00"
    clean = rebuilt_clean(make_app, src, "clean")
    assert (outdir / "sitemap.xml").read_bytes() == (clean / "sitemap.xml").read_bytes()


def test_incremental_builds_equal_clean_builds(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = fresh(tmp_path, "src")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    sitemap = outdir / "sitemap.xml"

    # a new post, with a new tag
    (src / "blog" / "keepers.md").write_text(
        "---\ntitle: New keepers\ndate: 2029-11-02\ntags: [people]\n---\n\nWelcome.\n",
        encoding="utf-8",
    )
    build(make_app, src)
    listed = sitemap_of(outdir)
    assert listed[BASE + "blog/keepers.html"] == "2029-11-02T00:00:00+00:00"
    assert listed[BASE + "blog/tags/people.html"] == "2029-11-02T00:00:00+00:00"
    assert listed[BASE + "blog/index.html"] == "2029-11-02T00:00:00+00:00"
    assert listed[BASE + "blog/page/3.html"] == "2029-11-02T00:00:00+00:00"  # five posts
    assert sitemap.read_bytes() == (rebuilt_clean(make_app, src, "c1") / "sitemap.xml").read_bytes()

    # a post removed: its page, its tag's pages and the index's second page go
    (src / "blog" / "fog.md").unlink()
    build(make_app, src)
    listed = sitemap_of(outdir)
    assert BASE + "blog/fog.html" not in listed
    assert BASE + "blog/tags/weather/page/2.html" not in listed
    assert BASE + "blog/page/3.html" not in listed
    assert sitemap.read_bytes() == (rebuilt_clean(make_app, src, "c2") / "sitemap.xml").read_bytes()

    # the scheduled post's date passes: listed, with no change to any source
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2031)
    build(make_app, src)
    listed = sitemap_of(outdir)
    assert listed[BASE + "blog/reopening.html"] == "2030-06-01T10:00:00+00:00"
    assert listed[BASE + "blog/tags/visits.html"] == "2030-06-01T10:00:00+00:00"
    assert listed[BASE + "blog/index.html"] == "2030-06-01T10:00:00+00:00"
    clean = rebuilt_clean(make_app, src, "c3")
    assert sitemap.read_bytes() == (clean / "sitemap.xml").read_bytes()
    # (Sphinx leaves the page of a removed document in the output folder: look at the clean one)
    assert set(listed) == indexable_pages(clean)


def test_the_sitemap_is_written_only_when_what_it_lists_changes(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = fresh(tmp_path, "src")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    sitemap, robots = outdir / "sitemap.xml", outdir / "robots.txt"
    stamps = sitemap.stat().st_mtime_ns, robots.stat().st_mtime_ns
    guide = src / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nMore words.\n", encoding="utf-8")
    lamps = src / "blog" / "lamps.md"
    lamps.write_text(lamps.read_text(encoding="utf-8") + "\nEven brighter.\n", encoding="utf-8")
    build(make_app, src)
    assert (sitemap.stat().st_mtime_ns, robots.stat().st_mtime_ns) == stamps
    # a new date is a change of what it lists
    lamps.write_text(
        lamps.read_text(encoding="utf-8").replace("2029-03-01T12:00", "2029-04-01T12:00"),
        encoding="utf-8",
    )
    build(make_app, src)
    assert sitemap.stat().st_mtime_ns != stamps[0]
    assert sitemap_of(outdir)[BASE + "blog/lamps.html"] == "2029-04-01T12:00:00+01:00"
    assert robots.stat().st_mtime_ns == stamps[1]


def test_a_parallel_build_writes_the_same_sitemap(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    serial = Path(build(make_app, fresh(tmp_path, "serial"), freshenv=True).outdir)
    app = build(make_app, fresh(tmp_path, "parallel"), freshenv=True, parallel=2)
    assert app.parallel == 2
    parallel = Path(app.outdir)
    for name in ("sitemap.xml", "robots.txt"):
        assert (parallel / name).read_bytes() == (serial / name).read_bytes()


# -- when there is none ---------------------------------------------------------------


def test_a_project_with_its_own_robots_txt_keeps_it(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = fresh(tmp_path, "src")
    (src / "_extra").mkdir()
    own = b"User-agent: *\nDisallow: /private/\n"
    (src / "_extra" / "robots.txt").write_bytes(own)
    add_to_conf(src, '\nhtml_extra_path = ["_extra"]\n')
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    assert (outdir / "robots.txt").read_bytes() == own
    assert BASE + "guide.html" in sitemap_of(outdir)


def test_a_robots_txt_added_later_to_the_project_is_kept(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = fresh(tmp_path, "src")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    assert b"sphinx-blogext" in (outdir / "robots.txt").read_bytes()
    (src / "_extra").mkdir()
    own = b"User-agent: *\nDisallow: /private/\n"
    (src / "_extra" / "robots.txt").write_bytes(own)
    add_to_conf(src, '\nhtml_extra_path = ["_extra"]\n')
    build(make_app, src)
    assert (outdir / "robots.txt").read_bytes() == own


def test_robots_txt_only_at_the_root_of_the_host(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    overrides = {"blog_baseurl": "https://example.org/lighthouse/"}
    app = build(make_app, fresh(tmp_path, "src"), freshenv=True, confoverrides=overrides)
    outdir = Path(app.outdir)
    assert not (outdir / "robots.txt").exists()
    assert "https://example.org/lighthouse/blog/lamps.html" in sitemap_of(outdir)


@pytest.mark.parametrize(
    "overrides",
    [{"blog_sitemap": False}, {"blog_baseurl": "", "blog_feeds": []}],
    ids=["turned-off", "no-address"],
)
def test_no_sitemap_when_turned_off_or_without_an_address(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, overrides: dict[str, object]
) -> None:
    app = build(make_app, fresh(tmp_path, "src"), freshenv=True, confoverrides=overrides)
    outdir = Path(app.outdir)
    assert (outdir / "blog" / "lamps.html").is_file()
    assert not (outdir / "sitemap.xml").exists()
    assert not (outdir / "robots.txt").exists()


def test_asking_for_a_sitemap_without_an_address_is_reported(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = fresh(tmp_path, "src")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            'blog_baseurl = "https://lighthouse.example.org/"', ""
        )
        + "blog_sitemap = True\nblog_feeds = []\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    line = conf.read_text(encoding="utf-8").splitlines().index("blog_sitemap = True") + 1
    assert located(app) == [(f"conf.py:{line}", "config")]
    assert "needs absolute links" in app.warning.getvalue()
    assert not (Path(app.outdir) / "sitemap.xml").exists()


def test_a_project_sitemap_wins_quietly_unless_the_blog_is_asked_for_one(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = fresh(tmp_path, "src")
    (src / "_extra").mkdir()
    own = b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>"
    (src / "_extra" / "sitemap.xml").write_bytes(own)
    add_to_conf(src, '\nhtml_extra_path = ["_extra"]\n')
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    assert (outdir / "sitemap.xml").read_bytes() == own
    assert not (outdir / "robots.txt").exists()  # it would name a sitemap the blog did not write

    app = make_app("html", srcdir=src, freshenv=True, confoverrides={"blog_sitemap": True})
    app.build()
    assert located(app) == [("conf.py:1", "route")]
    assert "the sitemap 'sitemap.xml' would replace the file 'sitemap.xml'" in (
        app.warning.getvalue()
    )
    assert (outdir / "sitemap.xml").read_bytes() == own


# -- with sphinx-sitemap ---------------------------------------------------------------

SPHINX_SITEMAP_CONF = f"""
extensions.append("sphinx_sitemap")
html_baseurl = "{BASE}"
sitemap_url_scheme = "{{link}}"
"""
#: what sphinx-sitemap lists besides the blog's pages: Sphinx's own
SPHINX_PAGES = {BASE + "genindex.html", BASE + "search.html"}


def with_sphinx_sitemap(tmp_path: Path, name: str) -> Path:
    src = fresh(tmp_path, name)
    add_to_conf(src, SPHINX_SITEMAP_CONF)
    return src


def sphinx_sitemap_urls(outdir: Path) -> list[str]:
    tree = etree.parse(str(outdir / "sitemap.xml"))
    SCHEMA.assertValid(tree)
    return [url.findtext("s:loc", namespaces=NS) for url in tree.getroot().iterfind("s:url", NS)]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_with_sphinx_sitemap_there_is_one_sitemap_with_every_published_page(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str
) -> None:
    app = build(make_app, with_sphinx_sitemap(tmp_path, "src"), builder, freshenv=True)
    outdir = Path(app.outdir)
    assert "sphinx_sitemap" in app.extensions
    assert [p.name for p in outdir.glob("*.xml")] == ["sitemap.xml"]
    assert not (outdir / "robots.txt").exists()
    urls = sphinx_sitemap_urls(outdir)
    assert urls == sorted(set(urls))
    dirhtml = builder == "dirhtml"
    address = as_dirhtml if dirhtml else str
    sphinx_pages = {BASE + address(page) for page in ("genindex.html", "search.html")}
    # the blog's generated pages are there (sphinx-sitemap saw them rendered), drafts,
    # held posts and the cross-posted post are not
    assert set(urls) == {BASE + address(path) for path in EXPECTED} | sphinx_pages
    assert set(urls) - sphinx_pages == indexable_pages(outdir, dirhtml=dirhtml)


def test_sphinx_sitemap_with_its_default_scheme(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Its default scheme puts the language and version before each link; the pages the
    blog adds back follow it too."""
    src = with_sphinx_sitemap(tmp_path, "src")
    add_to_conf(src, 'del sitemap_url_scheme\nversion = "2.1"\n')
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    first = sphinx_sitemap_urls(outdir)
    prefix = BASE + "en/2.1/"
    assert set(first) == {prefix + path for path in [*EXPECTED, "genindex.html", "search.html"]}
    guide = src / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nMore words.\n", encoding="utf-8")
    build(make_app, src)
    assert sphinx_sitemap_urls(outdir) == first


def test_sphinx_sitemap_keeps_every_page_through_incremental_builds(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = with_sphinx_sitemap(tmp_path, "src")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    first = sphinx_sitemap_urls(outdir)

    # a build that renders only what changed (sphinx-sitemap alone would list just that)
    guide = src / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nMore words.\n", encoding="utf-8")
    build(make_app, src)
    assert sphinx_sitemap_urls(outdir) == first
    # sphinx-sitemap's advice for its weakness, a fresh environment, renders every
    # document again but not the blog's generated pages, which have not changed
    build(make_app, src, freshenv=True)
    assert sphinx_sitemap_urls(outdir) == first

    (src / "blog" / "keepers.md").write_text(
        "---\ntitle: New keepers\ndate: 2029-11-02\ntags: [people]\n---\n\nWelcome.\n",
        encoding="utf-8",
    )
    (src / "blog" / "fog.md").unlink()
    build(make_app, src)
    urls = sphinx_sitemap_urls(outdir)
    assert BASE + "blog/keepers.html" in urls and BASE + "blog/tags/people.html" in urls
    assert BASE + "blog/fog.html" not in urls
    assert urls == sphinx_sitemap_urls(rebuilt_clean(make_app, src, "c1"))

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2031)
    build(make_app, src)
    urls = sphinx_sitemap_urls(outdir)
    assert BASE + "blog/reopening.html" in urls
    clean = rebuilt_clean(make_app, src, "c2")
    assert urls == sphinx_sitemap_urls(clean)
    assert set(urls) - SPHINX_PAGES == indexable_pages(clean)


def test_sphinx_sitemap_leaves_out_previews_and_honours_its_excludes(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = with_sphinx_sitemap(tmp_path, "src")
    add_to_conf(src, 'sitemap_excludes = ["search.html", "genindex.html", "blog/tags/*"]\n')
    overrides = {"blog_build_future": True, "blog_drafts": True}
    outdir = Path(build(make_app, src, freshenv=True, confoverrides=overrides).outdir)
    assert (outdir / "blog" / "reopening.html").is_file()
    urls = set(sphinx_sitemap_urls(outdir))
    assert BASE + "blog/reopening.html" not in urls
    assert BASE + "blog/secret.html" not in urls
    assert not [u for u in urls if "/tags/" in u or u in SPHINX_PAGES]
    assert BASE + "blog/categories/news.html" in urls


def test_sphinx_sitemap_in_a_parallel_build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    serial = Path(build(make_app, with_sphinx_sitemap(tmp_path, "serial"), freshenv=True).outdir)
    app = build(make_app, with_sphinx_sitemap(tmp_path, "parallel"), freshenv=True, parallel=2)
    assert app.parallel == 2
    assert (Path(app.outdir) / "sitemap.xml").read_bytes() == (serial / "sitemap.xml").read_bytes()


def test_asking_for_both_sitemaps_is_reported(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = with_sphinx_sitemap(tmp_path, "src")
    add_to_conf(src, "blog_sitemap = True\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    line = (src / "conf.py").read_text(encoding="utf-8").splitlines().index("blog_sitemap = True")
    assert located(app) == [(f"conf.py:{line + 1}", "config")]
    assert "sphinx_sitemap is enabled" in app.warning.getvalue()
    assert set(sphinx_sitemap_urls(Path(app.outdir))) == {BASE + p for p in EXPECTED} | SPHINX_PAGES


# -- the file itself ------------------------------------------------------------------

#: addresses as routes make them: a site, then a percent-encoded path
PATHS = st.lists(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
    ),
    min_size=1,
    max_size=4,
)
MOMENTS = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(PATHS, st.none() | MOMENTS), min_size=1, max_size=8))
def test_any_entries_make_a_valid_sitemap_that_reads_back(
    entries: list[tuple[list[str], datetime | None]],
) -> None:
    from urllib.parse import quote

    made = {}
    for parts, when in entries:
        loc = BASE + "/".join(quote(part, safe="") for part in parts) + ".html"
        made[loc] = Entry(loc, when.isoformat(timespec="seconds") if when else "")
    sitemap = Sitemap(tuple(made[loc] for loc in sorted(made)))
    content = make_sitemap(sitemap)
    root = etree.fromstring(content)
    SCHEMA.assertValid(root)
    back = {
        loc: url.findtext(f"{{{NS['s']}}}lastmod", default="") for loc, url in _by_loc(root).items()
    }
    assert back == {loc: entry.lastmod for loc, entry in made.items()}


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace")))
def test_reading_any_file_as_a_sitemap_never_fails(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("read") / "sitemap.xml"
    path.write_bytes(data)
    content, root = _read_urls(path)
    assert content == data
    urls = _by_loc(root)
    assert all(isinstance(loc, str) and loc for loc in urls)
    if root is not None:
        assert root.tag == f"{{{NS['s']}}}urlset"
