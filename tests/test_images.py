"""Images: covers on cards, resized copies of what pages show small, generated social
cards (issue 20, SPEC section 12). Every check reads the built output back: pages with
BeautifulSoup, images with Pillow, feeds with feedparser."""

from __future__ import annotations

import io
import json
import random
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import build, built_without_warnings, example_copy, located, soup
from PIL import Image

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

BASE = "https://seed.example.org/"
CARD = "_blogext/cards/posts/blog/seed.png"
#: The largest file an image shown small may be (the example site's are far smaller).
AVATAR_BUDGET = 20_000
CARD_IMAGE_BUDGET = 100_000

CONF = f"""
project = "Seed Garden"
extensions = ["myst_parser", "sphinx_blogext"]
blog_baseurl = "{BASE}"
blog_contributors_file = "contributors.yaml"
exclude_patterns = ["_build"]
"""

CONTRIBUTORS = """
ada:
  name: Ada Gardener
  role: Seed keeper
  avatar: avatars/ada.jpg
grace:
  name: Grace Potter
  avatar: avatars/grace.png
"""

SEED = """---
title: "Saving seeds from this year's tomatoes"
lead: "Ferment, rinse, dry: three steps to next year's crop."
date: 2026-03-01
tags: [garden, seeds]
contributors: [ada, grace]
---

Fermenting the pulp for three days separates the good seeds from the rest.
"""

COVERED = """---
title: "A greenhouse of our own"
date: 2026-02-01
tags: [garden]
contributors: [ada]
images: ["greenhouse.jpg"]
---

We built it from old windows.
"""

SHOWN = """---
title: "Planting plan"
date: 2026-01-15
images: ["plan.png"]
---

![The plan](plan.png)
"""

INDEX = """# Seed Garden

```{postlist}
:format: cards
```

```{toctree}
:hidden:
:glob:

blog/*
```
"""


def photo(width: int, height: int, seed: int, fmt: str = "JPEG") -> bytes:
    """A large, busy picture (a gradient with noise), as a camera would give; the same
    bytes for the same arguments."""
    pixels = random.Random(seed).randbytes(width * height * 3)
    noise = Image.frombytes("RGB", (width, height), pixels)
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    Image.blend(gradient, noise, 0.5).save(out, fmt, quality=95)
    return out.getvalue()


def seed_site(root: Path) -> Path:
    (root / "blog").mkdir(parents=True)
    (root / "avatars").mkdir()
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "contributors.yaml").write_text(CONTRIBUTORS, encoding="utf-8")
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    (root / "blog" / "seed.md").write_text(SEED, encoding="utf-8")
    (root / "blog" / "greenhouse.md").write_text(COVERED, encoding="utf-8")
    (root / "blog" / "plan.md").write_text(SHOWN, encoding="utf-8")
    (root / "avatars" / "ada.jpg").write_bytes(photo(1200, 1200, 1))
    (root / "avatars" / "grace.png").write_bytes(photo(900, 900, 2, "PNG"))
    (root / "blog" / "greenhouse.jpg").write_bytes(photo(2400, 1600, 3))
    (root / "blog" / "plan.png").write_bytes(photo(600, 400, 4, "PNG"))
    return root


def meta(page: Path) -> dict[str, str]:
    html = soup(page)
    found = {}
    for tag in html.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, tag.get("content", ""))
    return found


def output_files(outdir: Path, folder: str = "_blogext") -> dict[str, bytes]:
    return {
        str(p.relative_to(outdir)): p.read_bytes()
        for p in (outdir / folder).rglob("*")
        if p.is_file()
    }


def stamps(outdir: Path) -> dict[str, int]:
    return {
        str(p.relative_to(outdir)): p.stat().st_mtime_ns
        for p in (outdir / "_blogext").rglob("*")
        if p.is_file()
    }


def picture(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


# -- the seed post's social card ------------------------------------------------------


def test_the_seed_post_has_a_card_in_its_social_tags(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = seed_site(tmp_path / "src")
    app = build(make_app, src, freshenv=True)
    outdir = Path(app.outdir)
    card = picture(outdir / CARD)
    assert card.format == "PNG" and card.size == (1200, 630)
    tags = meta(outdir / "blog" / "seed.html")
    assert tags["og:image"] == BASE + CARD
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "Saving seeds from this year's tomatoes"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == BASE + CARD
    posting = next(
        data
        for script in soup(outdir / "blog" / "seed.html").find_all(
            "script", type="application/ld+json"
        )
        if (data := json.loads(script.string)).get("@type") == "BlogPosting"
    )
    assert posting["image"] == BASE + CARD
    # a post with a raster cover shows its cover, with the cover's size
    covered = meta(outdir / "blog" / "greenhouse.html")
    assert covered["og:image"] == BASE + "blog/greenhouse.jpg"
    assert (covered["og:image:width"], covered["og:image:height"]) == ("2400", "1600")
    # tag and contributor pages have theirs
    for page, card_file in (
        ("blog/tags/seeds.html", "_blogext/cards/tags/seeds.png"),
        ("contributors/ada.html", "_blogext/cards/contributors/ada.png"),
    ):
        assert meta(outdir / page)["og:image"] == BASE + card_file
        assert picture(outdir / card_file).size == (1200, 630)


def test_cards_and_copies_are_the_same_bytes_in_clean_and_parallel_builds(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    first = build(make_app, seed_site(tmp_path / "one"), freshenv=True)
    second = build(make_app, seed_site(tmp_path / "two"), freshenv=True)
    parallel = build(make_app, seed_site(tmp_path / "three"), freshenv=True, parallel=2)
    made = output_files(Path(first.outdir))
    assert CARD in made and any(name.endswith(".webp") for name in made)
    assert output_files(Path(second.outdir)) == made
    assert output_files(Path(parallel.outdir)) == made


def test_no_change_draws_nothing_and_a_new_title_redraws_one_card(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = seed_site(tmp_path / "src")
    app = build(make_app, src, freshenv=True)
    outdir = Path(app.outdir)
    cache = Path(app.doctreedir) / "blogext" / "images"
    before, cached = stamps(outdir), sorted(p.name for p in cache.iterdir())
    build(make_app, src)
    assert stamps(outdir) == before
    assert sorted(p.name for p in cache.iterdir()) == cached
    old = (outdir / CARD).read_bytes()
    page = src / "blog" / "seed.md"
    page.write_text(page.read_text(encoding="utf-8").replace("this year's", "last year's"))
    build(make_app, src)
    after = stamps(outdir)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == [CARD]
    assert (outdir / CARD).read_bytes() != old
    # and the incremental result is what a clean build of the same sources gives
    clean = build(make_app, _copy(src, tmp_path / "clean"), freshenv=True)
    assert output_files(Path(clean.outdir)) == output_files(outdir)


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


# -- resized copies -------------------------------------------------------------------


def _file(page: Path, url: str) -> Path:
    return (page.parent / urlsplit(url).path).resolve()


def _candidates(img: object) -> list[str]:
    srcset = img.get("srcset", "")  # type: ignore[attr-defined]
    return [img["src"], *(c.split()[0] for c in srcset.split(",") if c.strip())]  # type: ignore[index]


def test_pages_show_resized_copies_of_avatars_and_covers(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = seed_site(tmp_path / "src")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    post = outdir / "blog" / "seed.html"
    avatars = soup(post).select(".blogext-post-header img.blogext-avatar")
    assert len(avatars) == 2
    for img in avatars:
        assert (img["width"], img["height"]) == ("24", "24")
        one, two = (_file(post, url) for url in _candidates(img)[1:])
        # with a quarter to spare: 48 for one pixel per CSS pixel, 64 for two
        assert picture(one).size == (48, 48) and picture(one).format == "WEBP"
        assert picture(two).size == (64, 64)
    # the listing's card shows a 16:9 copy of the cover at 1x and 2x
    index = outdir / "index.html"
    card = soup(index).select_one(".blogext-card-image img")
    assert (card["width"], card["height"]) == ("640", "360")
    sizes = sorted(picture(_file(index, url)).size for url in _candidates(card)[1:])
    assert sizes == [(640, 360), (800, 450), (1280, 720), (1600, 900)]
    # the post's page shows a larger copy under its title; the original stays published
    cover = soup(outdir / "blog" / "greenhouse.html").select_one(".blogext-cover img")
    assert picture(_file(outdir / "blog" / "greenhouse.html", cover["src"])).size == (800, 450)
    assert (outdir / "blog" / "greenhouse.jpg").read_bytes() == (
        src / "blog" / "greenhouse.jpg"
    ).read_bytes()
    # a post whose body shows its image gets no second copy above it
    assert soup(outdir / "blog" / "plan.html").select(".blogext-cover") == []
    # a card without an image gets a placeholder, never an empty image
    placeholders = soup(index).select(".blogext-card-placeholder")
    assert [p.get_text(strip=True) for p in placeholders] == ["garden"]
    assert all(img.get("src") for img in soup(index).select("img"))


def test_the_example_site_serves_small_images_within_budget(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    outdir = built_without_warnings(example_copy(tmp_path_factory, "images"))
    checked = 0
    for page in outdir.rglob("*.html"):
        for img in soup(page).select("img.blogext-avatar, .blogext-card-image img"):
            for url in _candidates(img):
                file = _file(page, url)
                assert file.is_file(), (page, url)
                if file.suffix == ".svg":
                    continue
                small = "blogext-avatar" in img.get("class", [])
                budget = AVATAR_BUDGET if small else CARD_IMAGE_BUDGET
                assert file.stat().st_size <= budget, (page, url, file.stat().st_size)
                assert file.suffix == ".webp", (page, url)
                checked += 1
    assert checked > 20
    cards = list((outdir / "_blogext" / "cards").rglob("*.png"))
    assert {picture(card).size for card in cards} == {(1200, 630)}
    kinds = {card.relative_to(outdir / "_blogext" / "cards").parts[0] for card in cards}
    assert kinds == {"posts", "tags", "categories", "series", "contributors", "talks"}


# -- feeds ----------------------------------------------------------------------------


def test_feeds_carry_the_cover(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    src = seed_site(tmp_path / "src")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    url = BASE + "blog/greenhouse.jpg"
    length = str((src / "blog" / "greenhouse.jpg").stat().st_size)
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse((outdir / "blog" / name).read_bytes())
        entry = next(e for e in feed.entries if e.title == "A greenhouse of our own")
        assert entry.media_content == [
            {"url": url, "medium": "image", "type": "image/jpeg", "filesize": length}
        ], name
        # one link to the post: the image is not a second "alternate" link
        assert [link.href for link in entry.links] == [BASE + "blog/greenhouse.html"], name
        seed = next(e for e in feed.entries if e.title.startswith("Saving seeds"))
        assert "media_content" not in seed
    items = json.loads((outdir / "blog" / "feed.json").read_text(encoding="utf-8"))["items"]
    assert {i["title"]: i.get("image") for i in items}["A greenhouse of our own"] == url


# -- settings and bad input -------------------------------------------------------------


def test_without_a_base_url_there_are_no_cards(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = seed_site(tmp_path / "src")
    conf = src / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace(f'blog_baseurl = "{BASE}"', "blog_feeds = []"))
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    assert not (outdir / "_blogext" / "cards").exists()
    assert "og:image" not in meta(outdir / "blog" / "seed.html")
    # resized copies do not need a base URL
    assert (outdir / "_blogext" / "img").is_dir()


def test_cards_can_be_switched_off_or_drawn_by_the_project(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = seed_site(tmp_path / "off")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("blog_social_cards = False\n")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    assert not (outdir / "_blogext" / "cards").exists()

    src = seed_site(tmp_path / "hook")
    (src / "mycards.py").write_text(
        "from PIL import Image\n"
        "def draw(content):\n"
        "    colour = (200, 30, 30) if content.title.startswith('Saving') else (0, 0, 0)\n"
        "    return Image.new('RGB', (1200, 630), colour)\n",
        encoding="utf-8",
    )
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
            'blog_social_card_hook = "mycards:draw"\n'
            'blog_social_card_colors = {"accent": "#aa3300"}\n'
        )
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    card = picture(outdir / CARD).convert("RGB")
    assert card.size == (1200, 630) and card.getpixel((600, 300)) == (200, 30, 30)


def test_a_hook_that_cannot_be_used_is_a_warning_at_its_line(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = seed_site(tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('blog_social_card_hook = "no_such_module:draw"\n')
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "blog_social_card_hook = 'no_such_module:draw' cannot be used" in app.warning.getvalue()
    assert "conf.py:7: WARNING" in app.warning.getvalue()
    assert picture(Path(app.outdir) / CARD).size == (1200, 630)


def test_an_image_that_cannot_be_read_is_a_located_warning_and_a_plain_copy(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = seed_site(tmp_path / "src")
    (src / "blog" / "greenhouse.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert located(app) == [("greenhouse.md:6", "image")]
    assert "is not an image Pillow can read" in app.warning.getvalue()
    index = Path(app.outdir) / "index.html"
    card = soup(index).select_one(".blogext-card-image img")
    assert picture(_file(index, card["src"])).size == (640, 360)


def test_an_image_replaced_in_place_is_copied_and_drawn_again(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = seed_site(tmp_path / "src")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    before = output_files(outdir)
    (src / "blog" / "greenhouse.jpg").write_bytes(photo(2000, 1500, 7))
    (src / "avatars" / "ada.jpg").write_bytes(photo(800, 800, 8))
    build(make_app, src)
    after = output_files(outdir)
    changed = {name for name in after if after[name] != before.get(name)}
    assert "_blogext/img/blog/greenhouse-jpg-640x360.webp" in changed
    assert "_blogext/img/contributors/ada/avatar-jpg-48x48.webp" in changed
    # the cards that show Ada's face are drawn again
    assert CARD in changed and "_blogext/cards/contributors/ada.png" in changed
    assert (outdir / "blog" / "greenhouse.jpg").read_bytes() == (
        src / "blog" / "greenhouse.jpg"
    ).read_bytes()
    clean = build(make_app, _copy(src, tmp_path / "clean"), freshenv=True)
    assert output_files(Path(clean.outdir)) == after


def test_builders_without_published_images_show_no_cover(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = seed_site(tmp_path / "src")
    outdir = Path(build(make_app, src, "singlehtml", freshenv=True).outdir)
    page = soup(outdir / "index.html")
    assert page.select(".blogext-cover") == []
    for img in page.select("img"):
        assert (outdir / urlsplit(img["src"]).path).is_file(), img["src"]
