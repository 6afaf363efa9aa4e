"""The ``blogext`` theme as a reader meets it: code blocks (copy button, file-name tab,
language), images (size and loading hints), the page's contents after its title, and
one viewport tag per page."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from blogext_theme import _images
from conftest import built_without_warnings, example_copy, soup

THEME_JS = Path(_images.__file__).parent / "static" / "blogext-theme.js"
THEME_CSS = Path(_images.__file__).parent / "static" / "blogext-theme.css"


# -- image files, written byte by byte ------------------------------------------------


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def _gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


def _jpeg(width: int, height: int) -> bytes:
    # SOI, an APP0 (JFIF) segment to skip, then the baseline frame header
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def _webp(chunk: bytes, data: bytes) -> bytes:
    """A WebP file of one chunk (``VP8L``, ``VP8X``) holding ``data``."""
    size = struct.pack("<I", len(data))
    return b"RIFF" + struct.pack("<I", 4 + 8 + len(data)) + b"WEBP" + chunk + size + data


def _webp_lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    return _webp(b"VP8L", b"\x2f" + bits.to_bytes(4, "little"))


def _webp_extended(width: int, height: int) -> bytes:
    data = b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little")
    return _webp(b"VP8X", data + (height - 1).to_bytes(3, "little"))


@pytest.mark.parametrize(
    ("name", "data", "size"),
    [
        ("a.png", _png(40, 30), (40, 30)),
        ("a.gif", _gif(33, 17), (33, 17)),
        ("a.jpg", _jpeg(640, 480), (640, 480)),
        ("a.webp", _webp_lossless(300, 200), (300, 200)),
        ("b.webp", _webp_extended(1920, 1080), (1920, 1080)),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"/>', (120, 60)),
        ("b.svg", b'<?xml version="1.0"?>\n<svg viewBox="0 0 200 100"></svg>', (200, 100)),
        ("c.svg", b'<svg width="50" viewBox="0 0 200 100"></svg>', (50, 25)),
        # sizes not in pixels, and files that are not images: no size
        ("d.svg", b'<svg width="100%" height="100%"></svg>', None),
        ("e.png", b"not a png at all", None),
        ("f.jpg", b"\xff\xd8\xff\xe0\x00", None),
    ],
)
def test_intrinsic_sizes_from_file_headers(tmp_path: Path, name: str, data: bytes, size) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert _images.intrinsic_size(path) == size


def test_a_missing_file_has_no_size(tmp_path: Path) -> None:
    assert _images.intrinsic_size(tmp_path / "gone.png") is None


def test_hints_keep_what_the_author_set(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(_png(40, 30))
    body = (
        '<img src="a.png" alt="first">'
        '<img src="a.png" alt="sized" width="10">'
        '<img src="a.png" alt="styled" style="width: 50%">'
        '<img src="a.png" alt="eager" loading="eager" decoding="sync" />'
        '<img src="https://example.org/x.png" alt="remote">'
    )
    out = soup_of(_images.with_image_hints(body, lambda src: tmp_path / src))
    first, sized, styled, eager, remote = out.find_all("img")
    assert (first["width"], first["height"]) == ("40", "30")
    assert not first.has_attr("loading") and not first.has_attr("decoding")
    assert sized["width"] == "10" and not sized.has_attr("height")
    assert sized["loading"] == "lazy" and sized["decoding"] == "async"
    assert not styled.has_attr("width")
    assert (eager["loading"], eager["decoding"]) == ("eager", "sync")
    assert eager["width"] == "40"
    assert remote["loading"] == "lazy" and not remote.has_attr("width")


def soup_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


# -- a small site: code blocks and images ---------------------------------------------

PAGE = """\
Reading
=======

An introduction before the first section.

.. image:: images/hero.png
   :alt: The first image

First section
-------------

.. code-block:: python
   :caption: tidewater.toml

   print("hello")

.. code-block:: console

   $ tidewater run

.. image:: images/photo.jpg
   :alt: A photo

.. image:: images/anim.gif
   :alt: An animation

.. image:: images/picture.webp
   :alt: A picture

.. image:: images/drawing.svg
   :alt: A drawing

.. image:: images/hero.png
   :alt: Sized by the author
   :width: 120px

Second section
--------------

Text.
"""


@pytest.fixture(scope="module")
def reading_site(tmp_path_factory) -> Path:

    src = tmp_path_factory.mktemp("reading") / "src"
    (src / "images").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_copybutton"]\n'
        "exclude_patterns = ['_build']\nhtml_theme = 'blogext'\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Home\n\n```{toctree}\nreading\n```\n", encoding="utf-8")
    (src / "reading.rst").write_text(PAGE, encoding="utf-8")
    (src / "images" / "hero.png").write_bytes(_png(64, 48))
    (src / "images" / "photo.jpg").write_bytes(_jpeg(800, 600))
    (src / "images" / "anim.gif").write_bytes(_gif(32, 16))
    (src / "images" / "picture.webp").write_bytes(_webp_lossless(300, 150))
    (src / "images" / "drawing.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 90 30">'
        b'<rect width="90" height="30"/></svg>'
    )
    return built_without_warnings(src)


def test_images_get_their_size_and_load_late_below_the_first(reading_site: Path) -> None:
    page = soup(reading_site / "reading.html")
    images = page.select(".bx-article img")
    sizes = [(img.get("width"), img.get("height")) for img in images]
    assert sizes == [
        ("64", "48"),
        ("800", "600"),
        ("32", "16"),
        ("300", "150"),
        ("90", "30"),
        (None, None),  # :width: given: the author's size stands
    ]
    first, *rest = images
    assert not first.has_attr("loading") and not first.has_attr("decoding")
    assert all(img["loading"] == "lazy" and img["decoding"] == "async" for img in rest)
    assert "width: 120px" in images[-1]["style"]


def test_code_blocks_get_the_copy_button_and_a_file_tab(reading_site: Path) -> None:
    page = soup(reading_site / "reading.html")
    scripts = [script.get("src", "") for script in page.select("script[src]")]
    assert any("copybutton.js" in src for src in scripts)
    assert any("blogext-theme.js" in src for src in scripts)
    styles = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    # the theme's stylesheet comes after sphinx-copybutton's, which it restyles
    copy = next(i for i, href in enumerate(styles) if "copybutton.css" in href)
    theme = next(i for i, href in enumerate(styles) if "blogext-theme.css" in href)
    assert copy < theme
    wrapper = page.select_one(".literal-block-wrapper")
    assert wrapper.select_one(".code-block-caption .caption-text").get_text() == "tidewater.toml"
    # the language is a class Sphinx writes; the theme's script shows it
    assert wrapper.select_one('div[class*="highlight-"]')["class"][0] == "highlight-python"
    assert page.select_one(".highlight-console")
    js = THEME_JS.read_text(encoding="utf-8")
    assert "highlight-(" in js and "bx-code-lang" in js
    css = THEME_CSS.read_text(encoding="utf-8")
    for rule in (".bx-code-lang", "button.copybtn:focus-visible", ".code-block-caption"):
        assert rule in css


def test_the_contents_follow_the_title(reading_site: Path) -> None:
    page = soup(reading_site / "reading.html")
    toc = page.select_one("nav.bx-toc")
    assert toc is not None and "bx-toc-inline" in toc["class"]
    title = page.select_one(".bx-article h1")
    following = [el for el in title.find_all_next() if el.name in ("nav", "p", "section")]
    assert following[0] is toc, "the contents come right after the title"
    assert len(page.select("nav.bx-toc")) == 1


def test_the_place_of_the_contents() -> None:
    from blogext_theme import TOC_MARK, _mark_toc_place

    assert _mark_toc_place("<p>No title</p>") == ("<p>No title</p>", False)
    body = "<section>\n<h1>T<a>¶</a></h1>\n<p>x</p></section>"
    assert _mark_toc_place(body) == (body.replace("</h1>", "</h1>" + TOC_MARK), True)
    post = (
        '<section><h1>T</h1>\n<div class="blogext-post-header"><div class="x">'
        "<p>meta</p>\n</div>\n</div><p>text</p></section>"
    )
    marked, found = _mark_toc_place(post)
    assert found and marked.endswith(f"</div>\n</div>{TOC_MARK}<p>text</p></section>")


# -- the example site: every kind of page ---------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return built_without_warnings(example_copy(tmp_path_factory, "example-reading"))


def _theme_pages(site: Path) -> list[Path]:
    """Every page the theme wrote (the redirect stubs of moved pages are not its own)."""
    return [
        page
        for page in sorted(site.rglob("*.html"))
        if ".doctrees" not in page.parts and 'http-equiv="refresh"' not in page.read_text("utf-8")
    ]


def test_one_viewport_tag_on_every_page(example: Path) -> None:
    pages = _theme_pages(example)
    kinds = {"docs/configuration.html", "blog/index.html", "search.html", "genindex.html"}
    assert kinds <= {page.relative_to(example).as_posix() for page in pages}
    counts = {
        page.relative_to(example).as_posix(): len(soup(page).select('meta[name="viewport"]'))
        for page in pages
    }
    assert {name: n for name, n in counts.items() if n != 1} == {}


def test_posts_show_their_contents_after_the_header(example: Path) -> None:
    page = soup(example / "blog" / "backfills-without-tears.html")
    header = page.select_one(".blogext-post-header")
    toc = page.select_one("nav.bx-toc")
    assert header is not None and toc is not None
    assert header.find_next_sibling() is toc
    assert page.select_one("h1").find_next("nav") is toc


def test_avatars_and_covers_have_a_size(example: Path) -> None:
    missing = []
    for path in _theme_pages(example):
        for img in soup(path).select(".bx-article img"):
            if not (img.get("width") and img.get("height")):
                missing.append(f"{path.relative_to(example)}: {img}")
    assert missing == []


def test_the_example_site_enables_the_copy_button(example: Path) -> None:
    page = soup(example / "docs" / "configuration.html")
    assert any("copybutton.js" in s.get("src", "") for s in page.select("script[src]"))


def test_imported_sites_enable_the_copy_button(tmp_path: Path) -> None:
    from contextlib import redirect_stdout
    from io import StringIO

    from sphinx_blogext.cli import main

    hugo = tmp_path / "hugo"
    (hugo / "content" / "posts").mkdir(parents=True)
    (hugo / "hugo.toml").write_text('title = "Site"\n', encoding="utf-8")
    (hugo / "content" / "posts" / "one.md").write_text(
        '---\ntitle: "One"\ndate: 2025-01-02\n---\n\nText.\n', encoding="utf-8"
    )
    with redirect_stdout(StringIO()) as report:
        code = main(["import-hugo", str(hugo), str(tmp_path / "site")])
    assert code == 0, report.getvalue()
    conf = (tmp_path / "site" / "conf.py").read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    exec(compile(conf, "conf.py", "exec"), namespace)
    assert "sphinx_copybutton" in namespace["extensions"]  # type: ignore[operator]
