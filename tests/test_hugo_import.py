"""``blogext import-hugo`` on the layouts of real Hugo sites, and on hostile ones.

Each site is written here, small, after Hugo's documentation: a configuration
folder (``config/_default/``) with ``languages.toml`` as Doks has it, a
``hugo.yaml`` with a map of languages, a ``config.json`` with module mounts.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import build, soup
from hugo_corpus import png
from test_cli import front_matter, imported

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def post(title: str, day: int = 1, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-03-{day:02d}\n{extra}---\n\nThe text of {title}.\n"


#: a Doks 0.x site: configuration folder, one content folder per language
DOKS = {
    "config/_default/hugo.toml": 'baseURL = "https://acme.example/"\nlanguageCode = "en-US"\n',
    "config/_default/languages.toml": (
        '[en]\n  languageName = "English"\n  contentDir = "content/en"\n  weight = 10\n'
        '[de]\n  languageName = "Deutsch"\n  contentDir = "content/de"\n  weight = 20\n'
    ),
    "config/_default/params.toml": (
        'title = "Acme Engineering"\ndescription = "How we build things at Acme."\n'
        'schemaLogo = "logo-acme.png"\n'
    ),
    "config/_default/menus/menus.en.toml": '[[main]]\n  name = "Blog"\n  url = "/blog/"\n',
    "content/en/blog/_index.md": "---\ntitle: Blog\n---\n",
    "content/en/blog/MyPost.md": post("My post", 2),
    "content/en/blog/second/index.md": post("Second", 3),
    "content/de/blog/erster.md": post("Erster", 2),
    "content/de/blog/zweiter.md": post("Zweiter", 3),
    "static/logo-acme.png": png(1, 2, 3),
    "static/favicon.ico": png(4, 5, 6),
    "static/images/shared.png": png(7, 8, 9),
}


@pytest.fixture
def doks(tmp_path: Path) -> Path:
    return write(tmp_path / "hugo", DOKS)


def test_a_doks_site_with_a_folder_per_language_builds_with_its_identity(
    doks: Path, tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    dest = tmp_path / "site"
    code, report = imported(doks, dest)
    assert code == 0, report
    assert "posts: 2" in report
    line = "config/_default/languages.toml: language de (content/de): 2 pages not imported"
    assert f"{line}; use --language de" in report
    # Hugo published content/en/blog/MyPost.md at /blog/mypost/
    assert (dest / "blog/mypost/index.md").is_file()
    assert not (dest / "blog/MyPost").exists()
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "project = 'Acme Engineering'" in conf
    assert "blog_description = 'How we build things at Acme.'" in conf
    assert "html_logo = 'static/logo-acme.png'" in conf
    assert "html_favicon = 'static/favicon.ico'" in conf
    assert "language = 'en'" in conf
    home = (dest / "index.md").read_text(encoding="utf-8")
    assert "```{postlist}\n:limit: 5\n```" in home and ":hidden:" in home
    out = build(make_app, dest).outdir
    index = soup(out / "index.html")
    assert "Acme Engineering" in index.title.get_text()
    listed = [a.get_text() for a in index.select(".blogext-postlist a")]
    assert "My post" in listed and "Second" in listed
    assert index.find("a", string="All posts")["href"] == "blog/index.html"
    assert "Acme Engineering" in soup(out / "blog/mypost/index.html").title.get_text()
    assert (out / "_static/logo-acme.png").is_file()
    assert (out / "favicon.ico").is_file()  # the old address of the favicon still answers


def test_another_language_and_src_given_as_a_content_folder(doks: Path, tmp_path: Path) -> None:
    code, report = imported(doks, tmp_path / "de", "--language", "de", "--dry-run")
    assert code == 0, report
    assert "posts: 2" in report
    assert "language en (content/en): 3 pages not imported; use --language en" in report
    dest = tmp_path / "de-real"
    assert imported(doks / "content/de", dest)[0] == 0  # the folder names the language
    assert (dest / "blog/erster/index.md").is_file()
    assert "language = 'de'" in (dest / "conf.py").read_text(encoding="utf-8")
    # content/ itself: the default language
    code, report = imported(doks / "content", tmp_path / "en", "--dry-run")
    assert code == 0 and "language de (content/de)" in report
    code, report = imported(doks, tmp_path / "x", "--language", "fr")
    assert code == 1 and not (tmp_path / "x").exists()


def test_the_blog_section_may_be_named_from_the_root(doks: Path, tmp_path: Path) -> None:
    (doks / "content/en/blog").rename(doks / "content/en/news")
    code, report = imported(doks, tmp_path / "a", "--blog-section", "content/en/news")
    assert code == 0, report
    assert "posts: 2" in report
    assert front_matter(tmp_path / "a/blog/mypost/index.md")["aliases"] == ["/news/mypost/"]


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(
            {
                "hugo.yaml": "title: Yaml site\ndefaultContentLanguage: fr\nlanguages:\n"
                "  fr:\n    contentDir: contenu/fr\n  en:\n    contentDir: contenu/en\n",
                "contenu/fr/blog/bonjour.md": post("Bonjour"),
                "contenu/en/blog/hello.md": post("Hello"),
            },
            id="hugo.yaml languages map",
        ),
        pytest.param(
            {
                "config.json": '{"title": "Json site", "defaultContentLanguage": "fr", "module": '
                '{"mounts": [{"source": "contenu/fr", "target": "content", "lang": "fr"},'
                ' {"source": "contenu/en", "target": "content", "lang": "en"}]},'
                ' "languages": {"fr": {}, "en": {}}}',
                "contenu/fr/blog/bonjour.md": post("Bonjour"),
                "contenu/en/blog/hello.md": post("Hello"),
            },
            id="config.json module mounts",
        ),
        pytest.param(
            {
                "hugo.toml": 'title = "Toml site"\ncontentDir = "contenu/fr"\n'
                'defaultContentLanguage = "fr"\n',
                "contenu/fr/blog/bonjour.md": post("Bonjour"),
            },
            id="root contentDir",
        ),
    ],
)
def test_content_folders_in_every_form_of_configuration(
    files: dict[str, str | bytes], tmp_path: Path
) -> None:
    site = write(tmp_path / "hugo", files)
    dest = tmp_path / "site"
    code, report = imported(site, dest)
    assert code == 0, report
    assert (dest / "blog/bonjour/index.md").is_file()
    assert not (dest / "blog/hello").exists()
    assert "language = 'fr'" in (dest / "conf.py").read_text(encoding="utf-8")
    if (site / "contenu/en").is_dir():
        assert "language en (contenu/en): 1 page not imported; use --language en" in report


def test_the_configuration_folder_is_merged_as_hugo_merges_it(tmp_path: Path) -> None:
    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": 'title = "Root"\nbaseURL = "https://old.example/"\n[params]\nkeep = 1\n',
            "config/_default/hugo.toml": 'title = "Default"\n',
            "config/production/params.yaml": "description: From production\n",
            "config/_default/params.en.toml": 'description = "From params.en"\n',
            "content/blog/a.md": post("A"),
        },
    )
    dest = tmp_path / "site"
    assert imported(site, dest)[0] == 0
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "project = 'Default'" in conf  # the folder wins over the root file
    assert "blog_baseurl = 'https://old.example/'" in conf  # ... key by key
    # the language's own params first (params.en.toml), as Hugo does
    assert "blog_description = 'From params.en'" in conf


def test_paths_keep_their_case_with_disable_path_to_lower(tmp_path: Path) -> None:
    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": "disablePathToLower = true\n",
            "content/blog/MyPost.md": post("Mine"),
            "content/blog/Other.md": post("Other", extra="slug: NewName\n"),
            "content/docs/Guide.md": "---\ntitle: Guide\n---\nText.\n",
        },
    )
    dest = tmp_path / "site"
    assert imported(site, dest, "--sections", "docs")[0] == 0
    assert (dest / "blog/MyPost/index.md").is_file()
    assert (dest / "blog/NewName/index.md").is_file()
    assert (dest / "docs/Guide/index.md").is_file()
    # Hugo's default again: the import moves the pages to their lower-case addresses
    (site / "hugo.toml").write_text("", encoding="utf-8")
    assert imported(site, dest, "--sections", "docs")[0] == 0
    pages = {p.relative_to(dest).as_posix() for p in dest.rglob("index.md")}
    assert {"blog/mypost/index.md", "blog/newname/index.md", "docs/guide/index.md"} <= pages
    assert not {"blog/MyPost/index.md", "blog/NewName/index.md", "docs/Guide/index.md"} & pages


def test_names_become_addresses_as_in_hugo(tmp_path: Path) -> None:
    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": 'title = "S"\n',
            "content/blog/My First Post.md": post("One", extra="")
            + "See [the second](../Second,%20Post!/).\n",
            "content/blog/Second, Post!.md": post("Two", 2),
            "content/blog/2024 Notes/a - b.md": post("Three", 3),
        },
    )
    dest = tmp_path / "site"
    assert imported(site, dest)[0] == 0
    pages = {p.relative_to(dest).as_posix() for p in dest.rglob("index.md")}
    assert {
        "blog/my-first-post/index.md",
        "blog/second-post/index.md",
        "blog/2024-notes/a-b/index.md",
    } <= pages
    text = (dest / "blog/my-first-post/index.md").read_text(encoding="utf-8")
    assert "[the second](../second-post/index.md)" in text


def test_report_and_titles_say_what_was_done(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": 'title = "T"\n[params]\nversion = "2.0"\n',
            "content/blog/own.md": post("Own", extra="url: /blog/own/\n"),
            "content/blog/links.md": post("Links", extra="team:\n  lead: Ana\n")
            + '{{< param version >}} by {{< param "team.lead" >}}: [open](vscode://file/x)\n',
            "content/blog/moved.md": post("Moved", extra="url: /old/moved/\n"),
            "content/docs/_index.md": "---\ntitle: Docs\n---\n# Docs\n\nThe docs.\n",
            "content/docs/a.md": "---\ntitle: Install\n---\n# Getting it\n\nText.\n",
            "content/docs/b.md": "---\ntitle: Usage\n---\n```md\n# not a heading\n```\n",
        },
    )
    dest = tmp_path / "site"
    code, report = imported(site, dest, "--sections", "docs")
    assert code == 0, report
    assert "content/blog/moved.md:4: url '/old/moved/' is now an alias" in report
    assert "url '/blog/own/'" not in report  # its own address: no alias
    assert "url" not in front_matter(dest / "blog/own/index.md")
    assert "aliases" not in front_matter(dest / "blog/own/index.md")
    docs = (dest / "docs/index.md").read_text(encoding="utf-8")
    assert docs.count("# Docs") == 1
    install = (dest / "docs/a/index.md").read_text(encoding="utf-8")
    assert install.index("# Install") < install.index("# Getting it")
    assert "# Usage" in (dest / "docs/b/index.md").read_text(encoding="utf-8")
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "myst_url_schemes = ['http', 'https', 'mailto', 'ftp', 'vscode']" in conf
    out = build(make_app, dest).outdir
    assert soup(out / "docs/a/index.html").h1.get_text().rstrip("¶") == "Install"
    links = soup(out / "blog/links/index.html")
    assert "2.0 by Ana" in links.get_text()
    assert links.find("a", string="open")["href"] == "vscode://file/x"


# -- hostile sites ------------------------------------------------------------------------

#: nine levels of nine aliases: 387,420,489 strings when expanded
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def run_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, with 1 GB of memory and a minute: a
    regression fails the test instead of eating the machine (not a speed test)."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx_blogext", "import-hugo", *args],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
        check=False,
    )


def test_hostile_front_matter_is_refused_where_it_is_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    deep_yaml = "deep:\n" + "".join("  " * i + "-\n" for i in range(1, 990))
    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": 'title = "Hostile"\n',
            "content/blog/bomb.md": f"---\ntitle: Bomb\n{BOMB}---\nBoom.\n",
            "content/blog/deep-yaml.md": f"---\ntitle: Deep\n{deep_yaml}---\nDeep.\n",
            "content/blog/deep-json.md": '{"title": "J", "x": ' + "[" * 3000 + "]" * 3000 + "}\n",
            "content/blog/deep-toml.md": "+++\nx = " + "[" * 3000 + "]" * 3000 + "\n+++\n",
            "content/blog/fine.md": post("Fine"),
        },
    )
    dest = tmp_path / "site"
    done = run_bounded(str(site), str(dest))
    assert done.returncode == 1, done.stderr
    report = done.stdout
    assert "content/blog/bomb.md:7: the YAML front matter is too large" in report
    assert "content/blog/deep-yaml.md:3: the YAML front matter is too deep" in report
    assert "content/blog/deep-json.md:1: the JSON front matter is nested too deeply" in report
    assert "content/blog/deep-toml.md:1: the TOML front matter" in report
    assert report.count("[not imported]") == 4
    assert (dest / "blog/fine/index.md").is_file()
    assert sorted(p.name for p in (dest / "blog").iterdir()) == ["fine", "index.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hugo", "site"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("config/_default/params.yaml", BOMB),
        ("hugo.json", '{"title": ' + "[" * 3000 + "]" * 3000 + "}"),
        ("hugo.yaml", "title:\n" + "".join("  " * i + "-\n" for i in range(1, 990))),
    ],
)
def test_a_hostile_configuration_stops_with_one_line(tmp_path: Path, name: str, text: str) -> None:
    site = write(tmp_path / "hugo", {name: text, "content/blog/a.md": post("A")})
    done = run_bounded(str(site), str(tmp_path / "site"))
    assert done.returncode == 1
    assert done.stderr.startswith(f"blogext import-hugo: cannot read {name}: ")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()


def test_static_files_never_replace_the_builds_own(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": 'title = "S"\nbaseURL = "https://s.example/"\n',
            "content/blog/x.md": post("X", extra="aliases: [/old/x/]\n"),
            "static/_static/basic.css": "/* HUGO-OVERRIDE */\n",
            "static/index.html": "<p>Hugo's home</p>\n",
            "static/blog/x/index.html": "<p>old</p>\n",
            "static/blog/atom.xml": "<feed/>\n",
            "static/old/x/index.html": "<p>old</p>\n",
            "static/Search.html": "<p>search</p>\n",
            "static/css/site.css": "body { color: red }\n",
        },
    )
    dest = tmp_path / "site"
    code, report = imported(site, dest)
    assert code == 0, report
    for name, what in (
        ("_static/basic.css", "Sphinx's own output"),
        ("index.html", "Sphinx's own output"),
        ("blog/x/index.html", "an imported page"),
        ("blog/atom.xml", "the blog's feeds"),
        ("old/x/index.html", "a redirect page"),
        ("Search.html", "Sphinx's own output"),
    ):
        assert f"static/{name}: /{name} is {what} in the new site; not copied" in report
        assert not (dest / "static" / name).exists()
    assert (dest / "static/css/site.css").is_file()
    out = build(make_app, dest).outdir
    assert "HUGO-OVERRIDE" not in (out / "_static/basic.css").read_text(encoding="utf-8")
    assert "The text of X" in soup(out / "blog/x/index.html").get_text()


def test_unsafe_file_names_are_refused(tmp_path: Path) -> None:
    names = ["http:evil.example.md", "back\\slash.md", "new\nline.md", "what?.md", "con.md"]
    files: dict[str, str | bytes] = {f"content/blog/{n}": post("Bad") for n in names}
    files |= {
        "hugo.toml": "",
        "content/blog/trailing. /index.md": post("Bad dir"),
        "content/blog/ok.md": post("Ok"),
        "static/nul.png": png(0, 0, 0),
        "static/a|b.png": png(0, 0, 0),
        "static/fine.png": png(0, 0, 0),
    }
    site = write(tmp_path / "hugo", files)
    dest = tmp_path / "site"
    code, report = imported(site, dest)
    assert code == 0, report
    assert "posts: 1" in report
    assert "content/blog/http:evil.example.md: a colon" in report
    assert "a name ending in a dot or a space in 'trailing. '; not imported" in report
    assert "content/blog/con.md: a name Windows reserves for a device" in report
    assert "static/nul.png: a name Windows reserves" in report
    assert "static/a|b.png: a colon" in report
    assert "content/blog/new\\x0aline.md: a colon" in report  # one item a line
    assert sorted(p.name for p in (dest / "blog").iterdir()) == ["index.md", "ok"]
    assert sorted(p.name for p in (dest / "static").iterdir()) == ["fine.png"]


def test_an_import_never_hides_the_users_page(tmp_path: Path) -> None:
    site = write(tmp_path / "hugo", {"hugo.toml": "", "content/blog/a.md": post("A")})
    dest = tmp_path / "site"
    assert imported(site, dest)[0] == 0
    write(dest, {"blog/mine.md": "# Mine\n", "blog/Notes.rst": "Notes\n=====\n"})
    write(site, {"content/blog/mine.md": post("Theirs"), "content/blog/notes.md": post("N")})
    code, report = imported(site, dest)
    assert code == 1, report
    hidden = f"would hide {dest / 'blog/mine.md'} (one page under dirhtml)"
    assert f"content/blog/mine.md: {hidden}; blog/mine/index.md not written [not imported]" in (
        report
    )
    assert f"would hide {dest / 'blog/Notes.rst'}" in report
    assert not (dest / "blog/mine").exists() and not (dest / "blog/notes").exists()
    assert (dest / "blog/mine.md").read_text(encoding="utf-8") == "# Mine\n"
    # the import's own pages are not the user's: a third run changes nothing
    code, again = imported(site, dest)
    assert "blog/a/index.md" not in again and (dest / "blog/a/index.md").is_file()


def test_params_come_from_the_page_then_the_site(tmp_path: Path) -> None:
    from sphinx_blogext.cli.hugo import Importer
    from sphinx_blogext.cli.hugo_layout import find_site
    from sphinx_blogext.cli.hugo_site import Page

    site = write(
        tmp_path / "hugo",
        {
            "config/_default/params.toml": 'version = "1.2"\n[Product]\n  Name = "Acme"\n',
            "config/_default/languages.toml": '[en]\n[en.params]\nversion = "1.3"\n',
            "content/blog/a.md": post("A"),
        },
    )
    importer = Importer(find_site(site), tmp_path / "site")
    fields = {"Team": {"lead": "Ana"}, "draft": True}
    page = Page(site / "content/blog/a.md", Path("blog/a.md"), "post", fields, {}, "", 1)  # type: ignore[arg-type]
    param = importer._param(page)
    assert param("team.lead") == "Ana"
    assert param("draft") == "true"
    assert param("product.name") == "Acme"
    assert param("version") == "1.3"  # the language's params first
    assert param("product") is None and param("nothing") is None


def test_what_the_build_would_refuse_is_left_out_and_reported(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    """Values Hugo never checked (a draft's dates and images, a typo, a Markdown author,
    a local baseURL): the import leaves them out, says so, and the project builds."""
    site = write(
        tmp_path / "hugo",
        {
            "config/_default/hugo.toml": 'baseURL = "http://localhost:1313/"\ntitle = "Local"\n',
            "content/blog/a.md": post(
                "A",
                extra="lastmod: 2023-16-01T09:19:42+01:00\n"
                "author: Riona MacNamara ([@rionam](https://x.com/rionam))\n"
                'images: ["nope.png", "/logo.png"]\ntag: [x]\n',
            ),
            "content/blog/b/index.md": post("B", 2, 'draft: true\nimages: ["header.jpg"]\n'),
            "content/blog/b/header.jpeg": png(1, 1, 1),
            "content/docs/guide.md": "---\ntitle: Guide\n---\nText.\n",
            "static/logo.png": png(2, 2, 2),
        },
    )
    dest = tmp_path / "site"
    code, report = imported(site, dest)
    assert code == 0, report
    assert "content/blog/a.md:4: cannot read date '2023-16-01T09:19:42+01:00'" in report
    assert "content/blog/a.md:5: author 'Riona MacNamara ([@rionam]" in report
    assert "written as 'Riona MacNamara'" in report
    assert "content/blog/a.md:6: images: the image 'nope.png' does not exist; left out" in report
    assert "content/blog/a.md:7: unknown field 'tag'" in report
    assert "content/blog/b/index.md:5: images: the image 'header.jpg' does not exist" in report
    assert "baseURL 'http://localhost:1313/' is a local address" in report
    fields = front_matter(dest / "blog/a/index.md")
    assert fields["author"] == "Riona MacNamara"
    assert fields["images"] == ["/logo.png"]
    assert "lastmod" not in fields and "tag" not in fields
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "html_title = 'Local'" in conf and "blog_baseurl =" not in conf
    build(make_app, dest, confoverrides={"blog_drafts": True})
    # a second run that brings a section: the home page is the user's now, so advice
    code, report = imported(site, dest, "--sections", "docs")
    assert f"{dest / 'index.md'}: consider adding docs/index to a toctree" in report
    assert "consider adding blog/index" not in report


def test_a_docsy_post_keeps_its_bundle_image(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    """Docsy: content mounted from content/en, ``imgproc`` finding a bundle file by
    name, the ``featured-*`` file as the post's image, a Markdown author."""
    site = write(
        tmp_path / "hugo",
        {
            "hugo.yaml": (
                "baseURL: https://docsy.example/\ntitle: Docsy Example\n"
                "module:\n  mounts:\n    - source: content/en\n      target: content\n"
            ),
            "content/en/blog/news/first-post/index.md": post(
                "First post", extra="author: Jane ([@jane](https://x.com/jane))\n"
            )
            + '\n{{< imgproc Sunset Fill "600x300" >}}\nA *sunset* by the sea.\n'
            "{{< /imgproc >}}\n\n```go-html-template\n{{ .Title }}\n```\n",
            "content/en/blog/news/first-post/featured-sunset-get.png": png(9, 8, 7),
        },
    )
    dest = tmp_path / "site"
    code, report = imported(site, dest)
    assert code == 0, report
    text = (dest / "blog/news/first-post/index.md").read_text(encoding="utf-8")
    assert "{figure} featured-sunset-get.png" in text
    assert "```html+django" in text
    out = build(make_app, dest).outdir
    page = soup(out / "blog/news/first-post/index.html")
    assert page.select_one("figure figcaption em").get_text() == "sunset"
    og = page.find("meta", property="og:image")["content"]
    assert og == "https://docsy.example/blog/news/first-post/featured-sunset-get.png"
    assert (out / "blog/news/first-post/featured-sunset-get.png").is_file()
    assert "Jane" in page.select_one(".blogext-author").get_text()


def test_doks_1_contributors_keep_their_avatar_and_summary(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": 'title = "Doks one"\nbaseURL = "https://one.example/"\n',
            "content/blog/hello/index.md": post("Hello", extra='contributors: ["Henk V"]\n'),
            "content/contributors/henk-v/_index.md": (
                '---\ntitle: "Henk V"\ndescription: "Learn about Henk, who made Doks."\n'
                'summary: "Creator of Doks."\navatar: "henk-v.jpg"\n---\n\nBio.\n'
            ),
            "content/contributors/nobody/_index.md": (
                '---\ntitle: "Nobody"\navatar: "gone.jpg"\n---\n'
            ),
            "assets/images/henk-v.jpg": png(3, 3, 3),
        },
    )
    dest = tmp_path / "site"
    code, report = imported(site, dest)
    assert code == 0, report
    assert "content/contributors/nobody/_index.md:3: avatar 'gone.jpg' is not beside" in report
    assert "has no equivalent" not in report
    page = (dest / "contributors/henk-v/index.md").read_text(encoding="utf-8")
    assert ":role: Creator of Doks." in page
    assert ":avatar: /assets/images/henk-v.jpg" in page
    out = build(make_app, dest).outdir
    assert (out / "contributors/henk-v/avatar.jpg").read_bytes() == png(3, 3, 3)
