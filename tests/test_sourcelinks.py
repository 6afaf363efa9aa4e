"""Edit this page and view source links: the addresses of each host, and built pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest
from conftest import build, located, soup, warnings_of
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sphinx_blogext.sourcelinks import KIND_NAMES, SourceProblem, read_repository
from sphinx_blogext.urls import unsafe_url_reason

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

# -- the addresses ----------------------------------------------------------------------

SOURCE = "blog/été 2024.md"
ENCODED = "blog/%C3%A9t%C3%A9%202024.md"


@pytest.mark.parametrize(
    ("repository", "edit", "view"),
    [
        (
            "https://github.com/org/project",
            "https://github.com/org/project/edit/main/docs/" + ENCODED,
            "https://github.com/org/project/blob/main/docs/" + ENCODED,
        ),
        (
            # a clone address and a final slash say the same
            "https://github.com/org/project.git/",
            "https://github.com/org/project/edit/main/docs/" + ENCODED,
            "https://github.com/org/project/blob/main/docs/" + ENCODED,
        ),
        (
            "https://gitlab.com/group/subgroup/project",
            "https://gitlab.com/group/subgroup/project/-/edit/main/docs/" + ENCODED,
            "https://gitlab.com/group/subgroup/project/-/blob/main/docs/" + ENCODED,
        ),
        (
            # a self-hosted GitLab, known by its name
            "https://gitlab.example.org/team/web/site",
            "https://gitlab.example.org/team/web/site/-/edit/main/docs/" + ENCODED,
            "https://gitlab.example.org/team/web/site/-/blob/main/docs/" + ENCODED,
        ),
        (
            # … or named with a fragment
            "https://git.example.org/team/site#gitlab",
            "https://git.example.org/team/site/-/edit/main/docs/" + ENCODED,
            "https://git.example.org/team/site/-/blob/main/docs/" + ENCODED,
        ),
        (
            "https://codeberg.org/org/project",
            "https://codeberg.org/org/project/_edit/main/docs/" + ENCODED,
            "https://codeberg.org/org/project/src/branch/main/docs/" + ENCODED,
        ),
        (
            "https://code.example.net/org/project#forgejo",
            "https://code.example.net/org/project/_edit/main/docs/" + ENCODED,
            "https://code.example.net/org/project/src/branch/main/docs/" + ENCODED,
        ),
        (
            "https://gitea.example.net/org/project",
            "https://gitea.example.net/org/project/_edit/main/docs/" + ENCODED,
            "https://gitea.example.net/org/project/src/branch/main/docs/" + ENCODED,
        ),
        (
            "https://bitbucket.org/org/project",
            "https://bitbucket.org/org/project/src/main/docs/" + ENCODED + "?mode=edit",
            "https://bitbucket.org/org/project/src/main/docs/" + ENCODED,
        ),
        (
            "https://github.example.com/org/project",
            "https://github.example.com/org/project/edit/main/docs/" + ENCODED,
            "https://github.example.com/org/project/blob/main/docs/" + ENCODED,
        ),
    ],
)
def test_each_host_has_its_addresses(repository: str, edit: str, view: str) -> None:
    repo = read_repository(repository, "main", "docs/")
    assert repo is not None
    links = repo.links(SOURCE)
    assert (links.edit, links.view) == (edit, view)


def test_branch_and_folder_are_encoded_segment_by_segment() -> None:
    repo = read_repository("https://github.com/org/project", "release/1.x", "./my docs\\src")
    assert repo is not None
    assert repo.links("index.rst").view == (
        "https://github.com/org/project/blob/release/1.x/my%20docs/src/index.rst"
    )
    root = read_repository("https://github.com/org/project", "main", "")
    assert root is not None
    assert root.links("index.md").edit == "https://github.com/org/project/edit/main/index.md"


def test_no_repository_no_links() -> None:
    assert read_repository("", "main", "") is None


@pytest.mark.parametrize(
    ("repository", "branch", "directory", "setting", "says"),
    [
        ("https://git.example.org/team/site", "main", "", "blog_source_repository", "#gitlab"),
        ("https://git.example.org/team/site#svn", "main", "", "blog_source_repository", "kind"),
        ("https://github.com/org", "main", "", "blog_source_repository", "repository"),
        ("https://github.com/org/project/tree/main", "main", "", "blog_source_repository", ""),
        ("https://github.com/org/project", "", "", "blog_source_branch", "branch"),
        ("https://github.com/org/project", "a/../b", "", "blog_source_branch", "branch"),
        ("https://github.com/org/project", "main", "docs/../..", "blog_source_directory", ".."),
    ],
)
def test_settings_that_give_no_links(
    repository: str, branch: str, directory: str, setting: str, says: str
) -> None:
    with pytest.raises(SourceProblem) as problem:
        read_repository(repository, branch, directory)
    assert problem.value.setting == setting
    assert says in str(problem.value)


_HOSTS = st.sampled_from(
    [
        "https://github.com/o/r",
        "https://gitlab.com/g/s/r",
        "https://codeberg.org/o/r",
        "https://bitbucket.org/o/r",
        *(f"http://git.example.org:8080/o/r#{kind}" for kind in KIND_NAMES),
    ]
)
_SEGMENT = st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s and s not in (".", ".."))


@hsettings(max_examples=50, deadline=None)
@given(
    _HOSTS,
    st.lists(_SEGMENT, min_size=1, max_size=3),
    st.lists(_SEGMENT, max_size=3),
    st.lists(_SEGMENT, min_size=1, max_size=4),
)
def test_addresses_are_always_encoded_on_the_host(
    repository: str, branch: list[str], folder: list[str], source: list[str]
) -> None:
    try:
        repo = read_repository(repository, "/".join(branch), "/".join(folder))
    except SourceProblem:
        # a folder name with a backslash is two folders; "." and "" are none
        return
    assert repo is not None
    links = repo.links("/".join(source))
    host = urlsplit(repository).netloc
    for url in (links.edit, links.view):
        assert unsafe_url_reason(url) is None
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and parts.netloc == host
        assert url.isascii() and not any(c in url for c in " \"'<>`\\")
        segments = parts.path.split("/")
        assert not {".", ".."} & {unquote(s) for s in segments}
        # the file's name is the last segment, whole
        assert unquote(segments[-1], errors="surrogateescape") == source[-1]


# -- built pages --------------------------------------------------------------------------

CONF = """\
extensions = ["myst_parser", "sphinx_blogext"]
project = "Sources"
exclude_patterns = ["_build"]
html_theme = "{theme}"
templates_path = ["_templates"]
blog_baseurl = "https://example.org/"
blog_source_repository = "https://github.com/org/project"
blog_source_branch = "stable"
blog_source_directory = "docs/"
{extra}
"""

#: for another theme: the context variables and the page data, as a template shows them
LAYOUT = """\
{% extends "!layout.html" %}
{% block footer %}{{ super() }}
{%- if blogext_edit_url %}<a id="edit" href="{{ blogext_edit_url|e }}">Edit</a>{% endif %}
{%- if blogext_source_url %}<a id="view" href="{{ blogext_source_url|e }}">View</a>{% endif %}
{%- set links = blogext.get("source-links") if blogext is defined else none %}
{%- if links %}<span id="host">{{ links.host }}</span>{% endif %}
{%- endblock %}
"""


def write_site(src: Path, *, theme: str = "blogext", extra: str = "") -> Path:
    (src / "blog").mkdir(parents=True)
    (src / "guide").mkdir()
    (src / "_templates").mkdir()
    (src / "conf.py").write_text(CONF.format(theme=theme, extra=extra), encoding="utf-8")
    if theme != "blogext":
        (src / "_templates" / "layout.html").write_text(LAYOUT, encoding="utf-8")
    (src / "index.md").write_text(
        "# Home\n\n```{toctree}\nguide/intro\nguide/été notes\n```\n", encoding="utf-8"
    )
    (src / "guide" / "intro.md").write_text("# Intro\n\nText.\n", encoding="utf-8")
    (src / "guide" / "été notes.md").write_text("# Notes\n\nText.\n", encoding="utf-8")
    (src / "blog" / "hello.md").write_text(
        "---\ntitle: Hello\ndate: 2024-05-01\ntags: [news]\n---\n\nA post.\n", encoding="utf-8"
    )
    return src


BASE = "https://github.com/org/project"
EXPECTED = {
    "index.html": "docs/index.md",
    "guide/intro.html": "docs/guide/intro.md",
    "guide/été notes.html": "docs/guide/%C3%A9t%C3%A9%20notes.md",
    "blog/hello.html": "docs/blog/hello.md",
}


def links_on(page: Path, edit: str = "a.bx-edit-link", view: str = "a.bx-view-source-link"):
    found = soup(page)
    first, second = found.select_one(edit), found.select_one(view)
    return (first["href"] if first else None, second["href"] if second else None)


def test_the_theme_links_every_document_to_its_source(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = build(make_app, write_site(tmp_path / "src"))
    outdir = Path(app.outdir)
    for page, path in EXPECTED.items():
        assert links_on(outdir / page) == (
            f"{BASE}/edit/stable/{path}",
            f"{BASE}/blob/stable/{path}",
        ), page
        texts = [a.get_text(strip=True) for a in soup(outdir / page).select(".bx-source-links a")]
        assert texts == ["Edit this page", "View source"]
    # the pages the blog generates have no source file
    for page in ("blog/index.html", "blog/tags/news.html", "blog/tags/index.html"):
        assert (outdir / page).exists()
        assert soup(outdir / page).select(".bx-source-links") == [], page


def test_a_theme_option_hides_them(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", extra='html_theme_options = {"source_links": False}')
    app = build(make_app, src)
    assert soup(Path(app.outdir) / "guide" / "intro.html").select(".bx-source-links") == []


def test_another_theme_gets_them_in_its_context(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = build(make_app, write_site(tmp_path / "src", theme="alabaster"))
    outdir = Path(app.outdir)
    for page, path in EXPECTED.items():
        assert links_on(outdir / page, "a#edit", "a#view") == (
            f"{BASE}/edit/stable/{path}",
            f"{BASE}/blob/stable/{path}",
        ), page
        assert soup(outdir / page).select_one("#host").get_text() == "github"
    assert links_on(outdir / "blog" / "index.html", "a#edit", "a#view") == (None, None)
    assert soup(outdir / "blog" / "index.html").select("#host") == []


def test_dirhtml_and_parallel_builds_give_the_same_links(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = build(make_app, write_site(tmp_path / "dirhtml"), "dirhtml")
    assert links_on(Path(app.outdir) / "guide" / "été notes" / "index.html")[0] == (
        f"{BASE}/edit/stable/docs/guide/%C3%A9t%C3%A9%20notes.md"
    )
    parallel = build(make_app, write_site(tmp_path / "parallel"), parallel=2)
    for page, path in EXPECTED.items():
        assert links_on(Path(parallel.outdir) / page)[1] == f"{BASE}/blob/stable/{path}"


def test_a_changed_branch_rewrites_the_links(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = write_site(tmp_path / "src")
    build(make_app, src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('"stable"', '"next"'), encoding="utf-8")
    app = build(make_app, src)
    for page, path in EXPECTED.items():
        assert links_on(Path(app.outdir) / page)[0] == f"{BASE}/edit/next/{path}"


def test_an_unknown_host_is_reported_once_and_gives_no_links(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = write_site(tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace(BASE, "https://git.example.org/org/project"), encoding="utf-8"
    )
    app = make_app("html", srcdir=src)
    app.build()
    assert located(app) == [("conf.py:7", "config")]
    (message,) = [m for _, m, _ in warnings_of(app)]
    assert "#gitlab" in message
    assert links_on(Path(app.outdir) / "guide" / "intro.html") == (None, None)
