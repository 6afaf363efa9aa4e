"""Post images: published by the build beside the post, used by cards, social tags,
JSON-LD and feeds; a missing one is a located warning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import located, soup
from hugo_corpus import png

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

BASE = "https://blog.example.org/"
#: post page (html builder) -> the source file its image is
EXPECTED = {
    "blog/bundled/index.html": "blog/bundled/thumbnail.png",
    "blog/resource/index.html": "blog/resource/my-featured-image.png",
    "blog/featured.html": "blog/pictures/feature.jpg",
    "blog/single.html": "static/images/site-cover.png",
}


def _output_of(url: str, outdir: Path, page: Path) -> Path:
    """The output file an image URL (absolute, or relative to ``page``) names."""
    if url.startswith(BASE):
        return outdir / urlsplit(url).path.lstrip("/")
    assert not urlsplit(url).scheme, url
    return (page.parent / url).resolve()


def _social_images(page: Path) -> list[str]:
    html = soup(page)
    found = [
        html.find("meta", property="og:image")["content"],
        html.find("meta", attrs={"name": "twitter:image"})["content"],
    ]
    for script in html.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == "BlogPosting":
            found.append(data["image"])
    return found


def _check_site(outdir: Path, src: Path, pages: dict[str, str]) -> None:
    for page_name, source in pages.items():
        page = outdir / page_name
        images = _social_images(page)
        assert len(images) == 3, page_name
        for url in images:
            published = _output_of(url, outdir, page)
            assert published.is_file(), (page_name, url)
            assert published.read_bytes() == (src / source).read_bytes()
    # every card image on the listings resolves to a published file
    for listing in [outdir / "blog" / "index.html", *outdir.glob("blog/tag/*/index.html")]:
        for img in soup(listing).select(".blogext-listing img, .blogext-card img"):
            assert (listing.parent / img["src"]).resolve().is_file(), (listing, img["src"])


def test_post_images_are_published_and_used_everywhere(
    make_app: Callable[..., SphinxTestApp], copy_root: Callable[[str], Path]
) -> None:
    src = copy_root("postimages")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert located(app) == [("index.md:4", "image")]
    assert "'nothere.png' does not exist" in app.warning.getvalue()
    outdir = Path(app.outdir)
    _check_site(outdir, src, EXPECTED)
    # cards show the same images
    cards = [img["src"] for img in soup(outdir / "blog" / "index.html").select("img")]
    assert "../_blogext/img/blog/bundled/thumbnail-png-640x360.webp" in cards
    # only the image Hugo's rules pick is published from a bundle
    assert not (outdir / "blog" / "resource" / "other.png").exists()
    # feeds: JSON Feed's image is absolute and published
    feed = json.loads((outdir / "blog" / "feed.json").read_text(encoding="utf-8"))
    images = {item["title"]: item.get("image") for item in feed["items"]}
    assert images["A bundle with images"] == urljoin(BASE, "blog/bundled/thumbnail.png")
    assert images["An image that is not there"] is None


def test_dirhtml_in_parallel_publishes_at_the_same_paths(
    make_app: Callable[..., SphinxTestApp], copy_root: Callable[[str], Path]
) -> None:
    src = copy_root("postimages")
    app = make_app("dirhtml", srcdir=src, freshenv=True, parallel=2)
    app.build()
    assert located(app) == [("index.md:4", "image")]
    pages = {
        page.replace(".html", "/index.html").replace("index/index", "index"): source
        for page, source in EXPECTED.items()
    }
    _check_site(Path(app.outdir), src, pages)


def test_a_changed_or_new_image_is_published_by_an_incremental_build(
    make_app: Callable[..., SphinxTestApp], copy_root: Callable[[str], Path]
) -> None:
    src = copy_root("postimages")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    (src / "blog" / "bundled" / "thumbnail.png").write_bytes(png(200, 0, 0))
    (src / "blog" / "missing" / "nothere.png").write_bytes(png(0, 200, 0))
    again = make_app("html", srcdir=src)
    again.build()
    assert located(again) == []
    outdir = Path(again.outdir)
    pages = {**EXPECTED, "blog/missing/index.html": "blog/missing/nothere.png"}
    _check_site(outdir, src, pages)


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ('images: ["../../../etc/passwd.png"]', "does not exist"),
        ('images: ["notes.txt"]', "is not an image"),
        ('image: "javascript:alert(1)"', "scheme"),
        ('cover: {image: "gone.webp"}', "does not exist"),
    ],
)
def test_bad_images_are_located_warnings(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, front_matter: str, message: str
) -> None:
    src = tmp_path / "src"
    (src / "blog").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_blogext"]\nblog_feeds = []\n'
    )
    (src / "index.md").write_text("# Home\n")
    (src / "blog" / "notes.txt").write_text("not an image")
    (src / "blog" / "post.md").write_text(
        f"---\ntitle: Post\ndate: 2024-01-01\n{front_matter}\n---\n\nText.\n"
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    found = located(app)
    assert len(found) == 1 and found[0][0] == "post.md:4", found
    assert message in app.warning.getvalue()
    page = soup(Path(app.outdir) / "blog" / "post.html")
    assert page.find("meta", property="og:image") is None
