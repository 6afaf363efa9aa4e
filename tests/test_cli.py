"""The ``blogext`` command: ``new-post`` and ``import-hugo`` (on a synthetic Doks site)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import build, soup
from hugo_corpus import CONTRIBUTORS, SENTINEL, make_corpus

from sphinx_blogext import __version__
from sphinx_blogext.cli import main

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

POSTS = 30


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


# -- the command -----------------------------------------------------------------


def test_version_help_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out
    for command in ("new-post", "import-hugo", "import-talks"):
        with pytest.raises(SystemExit) as exit_:
            main([command, "--help"])
        assert exit_.value.code == 0
        assert "usage: blogext " + command in capsys.readouterr().out
    for wrong in ([], ["no-such-command"], ["new-post"], ["import-hugo", "only-src"]):
        with pytest.raises(SystemExit) as exit_:
            main(wrong)
        assert exit_.value.code == 2
        assert "usage:" in capsys.readouterr().err


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_blogext", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"blogext {__version__}"


# -- new-post ----------------------------------------------------------------------


def test_new_post_in_a_project(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make_app: Callable[..., SphinxTestApp],
) -> None:
    project = tmp_path / "site"
    (project / "sub").mkdir(parents=True)
    (project / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_blogext"]\n'
        'blog_timezone = "Pacific/Auckland"\nblog_path = "news"\n'
        'blog_post_pattern = ["news/**"]\nexclude_patterns = ["_build"]\n'
        'blog_baseurl = "https://example.org/"\n',
        encoding="utf-8",
    )
    (project / "index.md").write_text("# Home\n", encoding="utf-8")
    monkeypatch.chdir(project / "sub")  # anywhere inside the project
    before = datetime.now(ZoneInfo("Pacific/Auckland"))
    code = main(
        ["new-post", "Hello, Wörld: “quotes” & more", "--tags", "a, B", "--contributor", "jane"]
    )
    after = datetime.now(ZoneInfo("Pacific/Auckland"))
    assert code == 0
    path = project / "news" / "hello-world-quotes-more.md"
    assert capsys.readouterr().out.strip() == str(path)
    fields = front_matter(path)
    assert fields["title"] == "Hello, Wörld: “quotes” & more"
    assert fields["tags"] == ["a", "B"]
    assert fields["contributors"] == ["jane"]
    assert "draft" not in fields
    written = datetime.fromisoformat(str(fields["date"]))
    # today, in the project's zone (not the machine's)
    assert written.utcoffset() == before.utcoffset()
    assert before.replace(microsecond=0) <= written <= after
    # it builds, and is a post of the blog
    out = build(make_app, project).outdir
    page = soup(out / "news" / "hello-world-quotes-more.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "Hello, Wörld: “quotes” & more"
    assert page.select_one(".blogext-post-header time")["datetime"] == written.isoformat()
    # never overwritten, in either format: the next free name is taken, and said
    path.write_text(path.read_text(encoding="utf-8") + "\nMy words.\n", encoding="utf-8")
    for number, fmt in ((2, "md"), (3, "rst")):
        code = main(["new-post", "Hello, Wörld: “quotes” & more", "--format", fmt])
        assert code == 0
        output = capsys.readouterr()
        assert str(path.parent) in output.err and "already exists" in output.err
        assert output.out.strip().endswith(f"hello-world-quotes-more-{number}.{fmt}")
    assert path.read_text(encoding="utf-8").endswith("My words.\n")


def test_new_post_in_rest_as_a_draft_outside_a_project(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new-post", "Second thoughts", "--format", "rst", "--draft", "--dir", "out"]) == 0
    text = (tmp_path / "out" / "second-thoughts.rst").read_text(encoding="utf-8")
    assert text.startswith(":title: Second thoughts\n:date: ")
    assert ":draft: true\n" in text
    assert re.search(r":date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\n", text)  # UTC
    assert "dated in UTC" in capsys.readouterr().err


def test_new_post_refuses_a_broken_conf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "conf.py").write_text("raise RuntimeError('broken')\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new-post", "x"]) == 1
    assert "conf.py" in capsys.readouterr().err
    (tmp_path / "conf.py").write_text("blog_timezone = 'Mars/Olympus'\n", encoding="utf-8")
    assert main(["new-post", "x"]) == 1
    assert "Mars/Olympus" in capsys.readouterr().err
    assert not (tmp_path / "blog").exists()


# -- import-hugo ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("hugo") / "site", POSTS)


def imported(src: Path, dest: Path, *extra: str) -> tuple[int, str]:
    from contextlib import redirect_stdout
    from io import StringIO

    stream = StringIO()
    with redirect_stdout(stream):
        code = main(["import-hugo", str(src), str(dest), *extra])
    return code, stream.getvalue()


def test_import_builds_with_every_post_contributor_image_and_redirect(
    corpus: Path, tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    dest = tmp_path / "project"
    code, report = imported(corpus, dest, "--sections", "docs")
    assert code == 0, report
    assert f"posts: {POSTS} (1 draft)" in report
    assert "contributors: 6" in report
    assert re.search(
        r"shortcodes converted: figure \d+, highlight \d+, ref \d+, tweet \d+, youtube \d+", report
    )
    # the unknown shortcode is reported with its file and line
    line = next(
        n
        for n, text in enumerate(
            (corpus / "content/blog/post-008/index.md").read_text(encoding="utf-8").splitlines(), 1
        )
        if "{{< newsletter-signup" in text
    )
    assert f"content/blog/post-008/index.md:{line}: unknown shortcode 'newsletter-signup'" in report
    # the result builds without a single warning (as with -W)
    out = build(make_app, dest).outdir
    for n in range(1, POSTS + 1):
        # post 6 has a slug: Hugo's address for it, and so its place here
        page = out / "blog" / ("a-custom-slug" if n == 6 else f"post-{n:03d}") / "index.html"
        if n == 2:
            assert not page.exists()  # the draft
            continue
        html = soup(page)
        # the body survived, and there is one H1: the title
        assert SENTINEL.format(n=n) in html.get_text(), n
        assert [h.get_text().rstrip("¶") for h in html.select("h1")] == [
            f"Post number {n}: notes from the field"
        ]
        for image in html.select("img"):
            src = image["src"]
            if not src.startswith("http"):
                assert (page.parent / src).resolve().is_file(), (n, src)
    # Hugo's addresses keep working: bundles and single files alike, and redirects
    assert (out / "blog/post-003/index.html").is_file()  # was blog/post-003.md
    assert not (out / "blog/post-006").exists()
    assert "post-009" in (out / "news/2024/post-nine/index.html").read_text(encoding="utf-8")
    for alias in ("old/blog/post-005/index.html", "5.html", "old/blog/post-015/index.html"):
        assert (out / alias).is_file(), alias
    # shortcodes
    figure = soup(out / "blog/post-010/index.html").select_one("figure")
    assert figure.img["alt"] == "The cover of post 10"
    # (docutils writes a width without unit as an attribute, older ones as a style)
    assert figure.img.get("width") == "600" or "600px" in figure.img.get("style", "")
    assert figure.figcaption.strong.get_text() == "cover"
    shared = soup(out / "blog/post-001/index.html").select_one("figure img")
    assert shared["alt"] == "A shared picture"  # from static/, in {{% %}} form
    video = soup(out / "blog/post-007/index.html").select_one(".blogext-video iframe")
    assert video["src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert video["loading"] == "lazy"
    named = soup(out / "blog/post-008/index.html").select_one(".blogext-video iframe")
    assert named["src"].endswith("/aqz-KE-bpKQ") and named["title"] == "A talk"
    code_block = soup(out / "blog/post-004/index.html").select_one("div.highlight-python")
    assert "return" in code_block.get_text() and code_block.select_one(".hll")
    ref = soup(out / "blog/post-008/index.html").find("a", string="the post before")
    assert ref["href"] == "../post-007/index.html"
    kept = [c.get_text() for c in soup(out / "blog/post-008/index.html").select("code")]
    assert '{{< newsletter-signup list="weekly" >}}' in kept
    # a post on X becomes a link to it (no third party's script on the page)
    tweet = soup(out / "blog/post-008/index.html").find("a", href=re.compile("x.com"))
    assert tweet["href"] == "https://x.com/example/status/1234567890"
    # contributors: a page each, with their picture where they have one
    for slug, name, picture in CONTRIBUTORS:
        page = soup(out / "contributors" / slug / "index.html")
        assert page.select_one("h1").get_text().rstrip("¶") == name
        avatar = page.select_one(".blogext-profile .blogext-avatar")
        assert (avatar.name == "img") is picture, slug
        assert f"{name} has worked on the platform team" in page.get_text()
    # names in posts match them: bylines link to the contributor pages
    byline = soup(out / "blog/post-004/index.html").select_one(".blogext-byline a")
    assert byline["href"] == "../../contributors/sam-okafor/index.html"
    # tags that differ only in case are one tag
    assert (out / "blog/tags/kubernetes.html").is_file()
    # the docs section, with its toctree and a download from static/
    install = soup(out / "docs/install/index.html")
    assert install.select_one("a.download")["href"].endswith("checklist.pdf")
    assert soup(out / "docs/index.html").find("a", string="Guides") is not None


def test_import_again_updates_and_leaves_the_users_files(corpus: Path, tmp_path: Path) -> None:
    src = tmp_path / "hugo"
    make_corpus(src, 12)
    dest = tmp_path / "project"
    assert imported(src, dest)[0] == 0
    files = {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    code, report = imported(src, dest)
    assert code == 0
    assert "files: " in report and "written" not in report and "updated" not in report
    assert {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()} == files
    # the user's own file, an edited post and the edited conf.py stay as they are
    (dest / "blog" / "my-own-post.md").write_text(
        "---\ntitle: Mine\n---\nMine.\n", encoding="utf-8"
    )
    edited = dest / "blog" / "post-004" / "index.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    conf = dest / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "html_theme = 'furo'\n", encoding="utf-8")
    # the source changes: one post edited, one removed
    changed = src / "content" / "blog" / "post-010" / "index.md"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8"
    )
    (src / "content" / "blog" / "post-005.md").unlink()
    code, report = imported(src, dest)
    assert code == 0
    assert "blog/post-004/index.md: edited since the last import; left as it is" in report
    assert (dest / "blog" / "my-own-post.md").read_text(encoding="utf-8").endswith("Mine.\n")
    assert edited.read_text(encoding="utf-8").endswith("An edit.\n")
    assert conf.read_text(encoding="utf-8").endswith("html_theme = 'furo'\n")
    assert "A new paragraph." in (dest / "blog/post-010/index.md").read_text(encoding="utf-8")
    assert not (dest / "blog/post-005").exists()  # its folder too


def test_dry_run_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    dest = tmp_path / "project"
    code, report = imported(corpus, dest, "--dry-run")
    assert code == 0
    assert report.startswith("Would import")
    assert "dry run: nothing written" in report
    assert not dest.exists()
    assert not list(tmp_path.glob(".blogext-import-*"))


# -- bad input -------------------------------------------------------------------------


def test_bad_sources_and_destinations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_hugo = tmp_path / "plain"
    not_hugo.mkdir()
    assert main(["import-hugo", str(not_hugo), str(tmp_path / "out")]) == 1
    assert f"{not_hugo} is not a Hugo site" in capsys.readouterr().err
    site = make_corpus(tmp_path / "site", 3)
    assert main(["import-hugo", str(site), str(site / "content" / "sphinx")]) == 1
    assert "is inside SRC" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert not (site / "content" / "sphinx").exists()


def test_bad_pages_are_named_and_the_rest_is_imported(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    site = make_corpus(tmp_path / "site", 4)
    blog = site / "content" / "blog"
    (blog / "broken-yaml.md").write_text('---\ntitle: "x\ntags: [a\n---\nBody.\n', encoding="utf-8")
    (blog / "broken-toml.md").write_text("+++\ntitle = \nx\n+++\nBody.\n", encoding="utf-8")
    (blog / "broken-json.md").write_text('{\n  "title": "x",\n  oops\n}\nBody.\n', encoding="utf-8")
    (blog / "no-index").mkdir()
    (blog / "no-index" / "picture.png").write_bytes(b"\x89PNG")
    (blog / "missing-image.md").write_text(
        "---\ntitle: Missing image\n---\n\nText.\n\n![A lost picture](nowhere.png)\n",
        encoding="utf-8",
    )
    dest = tmp_path / "project"
    code, report = imported(site, dest)
    assert code == 1  # some pages were not imported; the rest was
    assert "content/blog/broken-yaml.md:2: the YAML front matter does not parse" in report
    assert "content/blog/broken-toml.md:2: the TOML front matter does not parse" in report
    assert "content/blog/broken-json.md:3: the JSON front matter does not parse" in report
    assert "content/blog/no-index: a folder with files but no index.md" in report
    assert "content/blog/missing-image.md:7: image 'nowhere.png' does not exist" in report
    assert (dest / "blog" / "post-001" / "index.md").is_file()
    assert not (dest / "blog" / "broken-yaml").exists()
    out = build(make_app, dest).outdir
    missing = soup(out / "blog" / "missing-image" / "index.html")
    assert "A lost picture: image missing" in missing.get_text()


def test_a_failed_write_leaves_dest_as_it_was(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dest = tmp_path / "project"
    real = Path.write_bytes
    calls = []

    def failing(self: Path, data: bytes) -> int:
        calls.append(self)
        if len(calls) == 20:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    assert main(["import-hugo", str(corpus), str(dest)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert not dest.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".blogext-import-")]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_edge_cases_of_real_hugo_sites(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    """A site without baseURL, translations, code that shows shortcodes, raw HTML."""
    site = tmp_path / "hugo"
    _write(site / "config.yaml", "title: Edge\ndefaultContentLanguage: en\n")
    _write(
        site / "content/blog/hello/index.en.md",
        "---\ntitle: Hello\ndate: 2024-01-02\n---\n\nHi. <!--more--> More.\n\n"
        '```go\n// {{< figure src="pic.png" >}}\nfunc main() {}\n```\n\n'
        '{{< figure src="pic.png" caption="A [linked](https://example.org) *caption*" >}}\n\n'
        '<a href="{{< relref "other" >}}">raw link</a> and <img src="pic.png" alt="">\n\n'
        '[gone](/blog/nowhere/) and {{< youtube id="bad id!" >}}\n',
    )
    (site / "content/blog/hello/pic.png").write_bytes(b"\x89PNG\r\n")
    _write(site / "content/blog/hello/index.de.md", "---\ntitle: Hallo\n---\nHallo.\n")
    _write(site / "content/blog/other.md", "---\ntitle: Other\ndate: 2024-01-03\n---\nOther.\n")
    _write(
        site / "content/contributors/ana/_index.md",
        "---\ntitle: Ana\ngithub: ana-gh\nfavourite_colour: green\n---\n\n"
        "![Ana talking](talk.png)\n",
    )
    (site / "content/contributors/ana/talk.png").write_bytes(b"\x89PNG\r\n")
    for name, weight in (("zzz", 0), ("install", 10), ("aaa", 0), ("guides", 20)):
        _write(
            site / f"content/docs/{name}.md", f"---\ntitle: {name}\nweight: {weight}\n---\nText.\n"
        )
    dest = tmp_path / "project"
    code, report = imported(site, dest, "--sections", "docs")
    assert code == 0, report
    assert "content/blog/hello/index.de.md: a translation (de); not imported" in report
    assert "shortcode 'figure' inside a code block kept as written" in report
    assert "raw HTML image 'pic.png'" not in report  # now a Markdown image
    assert "'/blog/nowhere/' does not exist; kept as text" in report
    assert "youtube id 'bad id!' is not a video id" in report
    assert "unknown shortcode 'youtube'" not in report
    assert "summary divider <!--more-->" in report
    assert "contributor field 'favourite_colour' has no equivalent" in report
    # hugo items sorted by file and line
    lines = [line for line in report.splitlines() if "content/blog/hello/index.en.md:" in line]
    numbers = [int(re.search(r"index\.en\.md:(\d+)", line).group(1)) for line in lines]
    assert numbers == sorted(numbers)
    text = (dest / "blog/hello/index.md").read_text(encoding="utf-8")
    assert '// {{< figure src="pic.png" >}}' in text  # the code block is intact
    assert ":alt: A linked caption" in text
    assert '<a href="../other/">raw link</a>' in text
    assert "![](pic.png)" in text
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "blog_feeds = []" in conf  # no baseURL: no feeds, and no warning
    out = build(make_app, dest).outdir
    page = soup(out / "blog/hello/index.html")
    assert page.select_one("figure img")["alt"] == "A linked caption"
    assert page.select_one("div.highlight-go") is not None
    ana = soup(out / "contributors/ana/index.html")
    assert ana.select_one(".blogext-social-github")["href"] == "https://github.com/ana-gh"
    assert ana.select_one("img[alt='Ana talking']") is not None
    # Hugo's order: weighted pages first, lowest first; then the others by title
    docs = (dest / "docs/index.md").read_text(encoding="utf-8")
    toctree = docs.split(":maxdepth: 1\n\n")[1].split("\n```")[0].splitlines()
    assert toctree == ["install/index", "guides/index", "aaa/index", "zzz/index"]


def test_import_into_an_existing_project_advises_on_conf(tmp_path: Path) -> None:
    site = make_corpus(tmp_path / "hugo", 3)
    dest = tmp_path / "docs"
    _write(dest / "conf.py", 'extensions = ["myst_parser"]\n')
    _write(dest / "index.md", "# My docs\n")
    code, report = imported(site, dest)
    assert code == 0
    conf = str(dest / "conf.py")
    assert f"{conf}: consider adding 'sphinx_blogext' in extensions" in report
    assert f"{conf}: consider adding blog_baseurl = 'https://blog.example.org/'" in report
    assert f"{conf}: consider adding blog_timezone = 'Europe/Berlin'" in report
    assert (dest / "conf.py").read_text(encoding="utf-8") == 'extensions = ["myst_parser"]\n'
    assert (dest / "index.md").read_text(encoding="utf-8") == "# My docs\n"


def test_new_post_follows_a_bundle_blog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_corpus(tmp_path / "hugo", 4)
    dest = tmp_path / "project"
    imported(site, dest)
    monkeypatch.chdir(dest)
    assert main(["new-post", "What's new in 2.0"]) == 0
    assert (dest / "blog" / "whats-new-in-2-0" / "index.md").is_file()
    capsys.readouterr()
    assert main(["new-post", "What\u2019s new in 2.0"]) == 0  # the same slug: the next one
    assert "already exists" in capsys.readouterr().err
    assert (dest / "blog" / "whats-new-in-2-0-2" / "index.md").is_file()


def test_collisions_missing_sections_and_half_written_shortcodes(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    site = tmp_path / "hugo"
    _write(site / "hugo.toml", 'baseURL = "https://example.org/"\ntitle = "C"\n')
    # a.md takes b's address with its slug; b.md was there first in Hugo's eyes
    _write(site / "content/blog/a.md", "---\ntitle: A\ndate: 2024-01-01\nslug: b\n---\nA text.\n")
    _write(site / "content/blog/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\nB text.\n")
    _write(
        site / "content/blog/c/index.md",
        "---\ntitle: C\ndate: 2024-01-03\n---\n{{< highlight go >}}\nno end\n\n"
        '{{< figure src="gone.png" alt="Gone" >}}\n',
    )
    _write(site / "content/blog/c/index.de.md", "---\ntitle: C de\n---\n")
    _write(site / "content/docs/_index.md", "---\ntitle: Docs\n---\n![Map](map.png)\n")
    (site / "content/docs/map.png").write_bytes(b"\x89PNG\r\n")
    _write(site / "content/docs/x.md", "---\ntitle: X\n---\nX.\n")
    _write(site / "content/docs/x/_index.md", "---\ntitle: X again\n---\n")
    _write(site / "content/contributors/jo/_index.md", "---\ntitle: Jo\nwebsite: jo.example\n---\n")
    dest = tmp_path / "project"
    code, report = imported(site, dest, "--sections", "docs,nope")
    assert code == 1, report  # one docs page could not be placed
    assert "content/blog/a.md:4: slug 'b' is the address of content/blog/b.md; left out" in report
    assert re.search(r"content/docs/x(/_index)?\.md: has the same address as", report)
    assert "content/nope: no such section; nothing imported" in report
    assert "a translation (de); not imported" in report
    assert "a Markdown file inside a bundle" not in report
    assert "highlight without {{< /highlight >}}; not converted" in report
    assert "figure image 'gone.png' is missing; not converted" in report
    assert "unknown shortcode" not in report
    assert "website:" in report and "jo.example" in report
    assert "figure" not in report.split("shortcodes converted:")[1].splitlines()[0]
    assert (dest / "blog/a/index.md").is_file() and (dest / "blog/b/index.md").is_file()
    assert "slug" not in front_matter(dest / "blog/a/index.md")
    assert not (dest / "nope").exists()
    assert "nope" not in (dest / "index.md").read_text(encoding="utf-8")
    assert (dest / "docs/map.png").is_file()  # a section's own files come along
    # what was imported builds without a warning
    out = build(make_app, dest).outdir
    assert "A text." in soup(out / "blog/a/index.html").get_text()
    assert "B text." in soup(out / "blog/b/index.html").get_text()


def test_nothing_is_read_or_written_outside_src_and_dest(tmp_path: Path) -> None:
    site = make_corpus(tmp_path / "hugo", 3)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    (site / "static" / "key.txt").symlink_to(secret)
    (site / "content" / "blog" / "post-002" / "leak.txt").symlink_to(secret)
    # a link that climbs out of static/, and aliases as one address
    post = site / "content" / "blog" / "post-003.md"
    text = post.read_text(encoding="utf-8").replace("---\n\n", "---\n\n[up](/../hugo.toml)\n\n", 1)
    post.write_text(text, encoding="utf-8")
    single = site / "content" / "blog" / "post-001.md"
    single.write_text(
        "---\ntitle: One\ndate: 2024-01-01\naliases: /old-one/\n---\nOne.\n", encoding="utf-8"
    )
    dest = tmp_path / "project"
    outside = tmp_path / "elsewhere"
    assert main(["import-hugo", str(site), str(dest), "--blog-section", "../../elsewhere"]) == 1
    assert not outside.exists() and not dest.exists()
    code, report = imported(site, dest)
    assert code == 0, report
    assert "static/key.txt: a symbolic link; not imported" in report
    assert "content/blog/post-002/leak.txt: a symbolic link; not imported" in report
    assert not any("TOP SECRET" in p.read_text(errors="replace") for p in dest.rglob("*.txt"))
    assert front_matter(dest / "blog/post-001/index.md")["aliases"] == ["/old-one/"]
    # a manifest that names a file outside DEST does not reach it
    manifest = dest / ".blogext-import.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    data["files"]["../secret.txt"] = digest
    data["files"][str(secret)] = digest
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert imported(site, dest)[0] == 0
    assert secret.read_text(encoding="utf-8") == "TOP SECRET"


# -- new-post: names that are taken or reserved ------------------------------------------


def _blog(root: Path, conf: str = "") -> Path:
    """A project with an empty blog folder, ``conf`` added to its conf.py; the blog folder."""
    _write(
        root / "conf.py",
        'extensions = ["myst_parser", "sphinx_blogext"]\nexclude_patterns = ["_build"]\n'
        'blog_baseurl = "https://example.org/"\n' + conf,
    )
    _write(root / "index.md", "# Home\n")
    (root / "blog").mkdir()
    return root / "blog"


def _new_post(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    """What ``blogext new-post`` printed, on stdout and stderr; it must succeed."""
    code = main(["new-post", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out.strip(), err.strip()


def test_new_post_does_not_shadow_a_source_of_another_suffix(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make_app: Callable[..., SphinxTestApp],
) -> None:
    blog = _blog(
        tmp_path,
        'source_suffix = {".rst": "restructuredtext", ".md": "markdown",\n'
        '                 ".markdown": "markdown"}\n',
    )
    mine = "---\ntitle: Hello\ndate: 2024-01-02\n---\n\nMy words.\n"
    (blog / "hello.markdown").write_text(mine, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = _new_post(capsys, "Hello")
    assert out == str(blog / "hello-2.md")
    assert err == (
        f"blogext new-post: {blog / 'hello.markdown'} already exists; writing {blog / 'hello-2.md'}"
    )
    assert sorted(p.name for p in blog.iterdir()) == ["hello-2.md", "hello.markdown"]
    assert (blog / "hello.markdown").read_text(encoding="utf-8") == mine
    # two posts, and no "multiple files" warning (build() fails on any warning)
    outdir = build(make_app, tmp_path).outdir
    assert "My words." in soup(outdir / "blog" / "hello.html").get_text()
    assert (outdir / "blog" / "hello-2.html").is_file()


def test_new_post_checks_every_suffix_of_source_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a list: .txt beside Sphinx's .rst; .md is a candidate all the same
    blog = _blog(tmp_path, 'source_suffix = [".rst", ".txt"]\n')
    (blog / "hello.txt").write_text("Hello\n=====\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = _new_post(capsys, "Hello")
    assert out == str(blog / "hello-2.md")
    assert f"{blog / 'hello.txt'} already exists; writing {blog / 'hello-2.md'}" in err
    # the next one counts on past hello-2, in reST too
    out, err = _new_post(capsys, "Hello", "--format", "rst")
    assert out == str(blog / "hello-3.rst")
    assert f"{blog / 'hello.txt'} already exists; writing {blog / 'hello-3.rst'}" in err
    # a single str
    (tmp_path / "conf.py").write_text('source_suffix = ".txt"\n', encoding="utf-8")
    (blog / "notes.txt").write_text("Notes\n=====\n", encoding="utf-8")
    out, err = _new_post(capsys, "Notes")
    assert out == str(blog / "notes-2.md")
    assert f"{blog / 'notes.txt'} already exists" in err
    assert sorted(p.name for p in blog.iterdir()) == [
        "hello-2.md",
        "hello-3.rst",
        "hello.txt",
        "notes-2.md",
        "notes.txt",
    ]


def test_new_post_checks_both_layouts_with_every_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = _blog(tmp_path, 'source_suffix = {".md": "markdown", ".markdown": "markdown"}\n')
    for name in ("a/index.md", "b/index.md", "hello/index.markdown"):
        _write(blog / name, "---\ntitle: X\n---\n")
    monkeypatch.chdir(tmp_path)
    # a blog of bundles: the bundle of another suffix takes the name
    out, err = _new_post(capsys, "Hello")
    assert out == str(blog / "hello-2" / "index.md")
    assert (
        f"{blog / 'hello' / 'index.markdown'} already exists; "
        f"writing {blog / 'hello-2' / 'index.md'}"
    ) in err
    assert sorted(p.name for p in (blog / "hello").iterdir()) == ["index.markdown"]
    # a flat post of another suffix takes it too, for a bundle
    (blog / "world.markdown").write_text("---\ntitle: World\n---\n", encoding="utf-8")
    out, err = _new_post(capsys, "World")
    assert out == str(blog / "world-2" / "index.md")
    assert not (blog / "world").exists()
    # and a bundle of another suffix, for a flat post
    flat = tmp_path / "flat"
    _write(flat / "a.md", "---\ntitle: A\n---\n")
    _write(flat / "b.md", "---\ntitle: B\n---\n")
    _write(flat / "c" / "index.markdown", "---\ntitle: C\n---\n")
    out, err = _new_post(capsys, "C", "--dir", "flat")
    assert out == str(Path("flat") / "c-2.md")
    assert f"{Path('flat') / 'c' / 'index.markdown'} already exists" in err
    assert not (flat / "c.md").exists()


def test_new_post_never_takes_a_reserved_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = _blog(tmp_path)
    monkeypatch.chdir(tmp_path)
    for title, slug, what in (
        ("Index", "index", "the blog's index page"),
        ("TAGS", "tags", "the tag pages"),
        ("Archive", "archive", "the blog's archive pages"),
        ("Page", "page", "the blog's numbered index pages"),
    ):
        out, err = _new_post(capsys, title)
        assert out == str(blog / f"{slug}-2.md")
        assert err == (
            f"blogext new-post: {blog / slug} is reserved for {what}; "
            f"writing {blog / f'{slug}-2.md'}"
        )
        assert not (blog / f"{slug}.md").exists()
        assert not (blog / slug).exists()
    # the next one counts on
    out, err = _new_post(capsys, "Index", "--format", "rst")
    assert out == str(blog / "index-3.rst")
    assert "is reserved for the blog's index page; writing" in err
    # contributors and talks have their folders outside the blog by default
    assert _new_post(capsys, "Contributors") == (str(blog / "contributors.md"), "")
    assert _new_post(capsys, "Talks") == (str(blog / "talks.md"), "")


def test_new_post_never_takes_a_reserved_name_in_bundles_or_outside_a_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = _blog(tmp_path / "site")
    for name in ("a/index.md", "b/index.md"):
        _write(blog / name, "---\ntitle: X\n---\n")
    monkeypatch.chdir(tmp_path / "site")
    out, err = _new_post(capsys, "Index")
    assert out == str(blog / "index-2" / "index.md")
    assert f"{blog / 'index'} is reserved for the blog's index page" in err
    out, err = _new_post(capsys, "Archive")
    assert out == str(blog / "archive-2" / "index.md")
    assert not (blog / "index").exists() and not (blog / "archive").exists()
    # no conf.py: the defaults
    bare = tmp_path / "bare"
    bare.mkdir()
    monkeypatch.chdir(bare)
    out, err = _new_post(capsys, "Tags")
    assert out == str(bare / "blog" / "tags-2.md")
    assert "is reserved for the tag pages" in err and "dated in UTC" in err
    # an index is a folder's own page anywhere
    out, err = _new_post(capsys, "Index", "--dir", "elsewhere")
    assert out == str(Path("elsewhere") / "index-2.md")
    assert not (bare / "elsewhere" / "index.md").exists()


def test_new_post_compares_names_case_folded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = _blog(tmp_path)
    (blog / "Hello.md").write_text("---\ntitle: Mine\n---\n", encoding="utf-8")
    _write(blog / "WORLD" / "index.RST", ":title: Mine\n")
    monkeypatch.chdir(tmp_path)
    out, err = _new_post(capsys, "hello")
    assert out == str(blog / "hello-2.md")
    assert f"{blog / 'Hello.md'} already exists; writing {blog / 'hello-2.md'}" in err
    out, err = _new_post(capsys, "World")
    assert out == str(blog / "world-2.md")
    assert f"{blog / 'WORLD' / 'index.RST'} already exists" in err
    assert sorted(p.name for p in blog.iterdir()) == [
        "Hello.md",
        "WORLD",
        "hello-2.md",
        "world-2.md",
    ]


def test_new_post_reads_the_folders_of_generated_pages_from_conf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = _blog(
        tmp_path,
        'blog_tags_path = "/blog/Topics/"\nblog_contributors_path = "blog/people"\n'
        'blog_talks_path = "blog/events/talks"\n',
    )
    monkeypatch.chdir(tmp_path)
    for title, slug, what in (
        ("Topics", "topics", "the tag pages"),
        ("People", "people", "the contributor pages"),
        ("Events", "events", "the talks pages"),
    ):
        out, err = _new_post(capsys, title)
        assert out == str(blog / f"{slug}-2.md")
        assert f"{blog / slug} is reserved for {what}; writing {out}" in err
    # the default tags folder is free now
    assert _new_post(capsys, "Tags") == (str(blog / "tags.md"), "")
    # a blog_path of its own: the tags folder goes with it
    news = _blog(tmp_path / "other", 'blog_path = "news"\n').parent / "news"
    monkeypatch.chdir(tmp_path / "other")
    out, err = _new_post(capsys, "Tags")
    assert out == str(news / "tags-2.md")
    assert f"{news / 'tags'} is reserved for the tag pages" in err


def test_new_post_says_which_name_it_took_and_overwrites_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = _blog(tmp_path)
    for name in ("hello.md", "hello-2.md", "hello-3"):
        (blog / name).write_text(f"mine: {name}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = _new_post(capsys, "Hello")
    # stdout is the path only, for scripts; the note goes to stderr
    assert out == str(blog / "hello-3.md")
    assert err == (
        f"blogext new-post: {blog / 'hello.md'} already exists; writing {blog / 'hello-3.md'}"
    )
    for name in ("hello.md", "hello-2.md", "hello-3"):
        assert (blog / name).read_text(encoding="utf-8") == f"mine: {name}\n"
    # a long title keeps its numbered slug within 80 characters, cut at a word
    title = "A title that goes on and on about the many things a post may be about in the end"
    first, _ = _new_post(capsys, title)
    second, err = _new_post(capsys, title)
    words = "a-title-that-goes-on-and-on-about-the-many-things-a-post-may-be-about-in-the"
    assert Path(first).stem == f"{words}-end"  # 80 characters
    assert Path(second).stem == f"{words}-2"
    assert f"{first} already exists; writing {second}" in err


def test_reserved_names_include_the_feeds(tmp_path: Path) -> None:
    from sphinx_blogext.cli.newpost import Project, reserved_names

    project = Project(tmp_path)
    blog = reserved_names(project, tmp_path / "blog")
    # slugify never makes these, but a post named so would stand where a feed is written
    assert {"atom.xml", "rss.xml", "feed.json"} <= blog.keys()
    assert {"index", "archive", "page", "tags"} <= blog.keys()
    assert "contributors" not in blog and "talks" not in blog
    # at the top of the project: the folders of the blog, contributors and talks
    top = reserved_names(project, tmp_path)
    assert {"blog", "contributors", "talks", "index"} <= top.keys()
    # outside it: only a folder's own index
    assert reserved_names(project, tmp_path.parent) == {"index": "the folder's index page"}
