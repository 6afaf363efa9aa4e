"""The drawing of social cards (sphinx_blogext.carddraw): size, determinism, the fallback
for text the bundled fonts can't draw, and hostile text and image files."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import warnings
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from sphinx_blogext import carddraw
from sphinx_blogext.carddraw import (
    HEIGHT,
    VERSION,
    WIDTH,
    CardContent,
    CardStyle,
    Person,
    covered,
    draw,
)

DARK = CardStyle(background="#0d1117", text="#e6edf3", muted="#8b949e", accent="#58a6ff")
WHITE = (255, 255, 255)
FONTS = Path(carddraw.__file__).parent / "fonts"


def decoded(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def card(png: bytes) -> Image.Image:
    """The decoded card, checked for its size and mode."""
    image = decoded(png)
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT)
    assert image.mode == "RGB"
    return image


def rgb(colour: str) -> tuple[int, int, int]:
    return carddraw.parse_colour(colour, "#000")


def is_plain(image: Image.Image, box: tuple[int, int, int, int], colour: tuple[int, ...]) -> bool:
    """Whether every pixel of ``box`` is ``colour``."""
    colours = image.crop(box).getcolors()
    return colours is not None and [c for _, c in colours] == [colour]


def margins_are_plain(image: Image.Image, colour: tuple[int, ...]) -> bool:
    """Nothing is drawn in the left and right margins above the accent band."""
    left = (0, 0, carddraw.MARGIN - 8, HEIGHT - carddraw.BAND)
    right = (WIDTH - carddraw.MARGIN + 8, 0, WIDTH, HEIGHT - carddraw.BAND)
    return is_plain(image, left, colour) and is_plain(image, right, colour)


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Image files, good and hostile, by kind."""
    folder = tmp_path_factory.mktemp("pictures")
    paths: dict[str, str] = {}

    def path(name: str) -> Path:
        paths[name.split(".")[0]] = str(folder / name)
        return folder / name

    photo = Image.new("RGB", (400, 300), (200, 60, 40))
    ImageDraw.Draw(photo).ellipse((100, 50, 300, 250), fill=(30, 90, 200))
    photo.save(path("photo.jpg"), quality=90)
    photo.save(path("photo.png"))
    logo = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rounded_rectangle((0, 0, 199, 99), radius=20, fill=(37, 99, 235, 255))
    logo.save(path("logo.png"))

    # usable, but unusual
    Image.new("RGB", (1, 1), (10, 200, 10)).save(path("one_pixel.png"))
    Image.new("CMYK", (120, 80), (0, 200, 200, 0)).save(path("cmyk.jpg"))
    palette = Image.new("P", (64, 64), 1)
    palette.putpalette([0, 0, 0, 250, 20, 20, 20, 250, 20] + [0] * (256 * 3 - 9))
    ImageDraw.Draw(palette).rectangle((0, 0, 31, 63), fill=2)
    palette.info["transparency"] = 0
    palette.save(path("palette.png"), transparency=1)
    frames = [Image.new("P", (50, 50), index) for index in (10, 20, 30)]
    frames[0].save(path("animated.gif"), save_all=True, append_images=frames[1:], duration=50)
    Image.new("I;16", (40, 40), 40000).save(path("sixteen_bit.png"))
    Image.new("LA", (40, 40), (90, 128)).save(path("grey_alpha.png"))
    Image.new("1", (40, 40), 1).save(path("bilevel.png"))
    Image.new("RGB", (40, 40), (1, 2, 3)).save(path("image.webp"))
    big = Image.new("RGB", (4000, 3000), (120, 30, 160))
    big.save(path("big.jpg"), quality=70)

    # unusable
    path("text.png").write_text("not an image at all\n", encoding="utf-8")
    path("empty.png").write_bytes(b"")
    data = (folder / "photo.png").read_bytes()
    path("truncated.png").write_bytes(data[: len(data) // 2])
    jpeg = (folder / "photo.jpg").read_bytes()
    path("truncated.jpg").write_bytes(jpeg[: len(jpeg) // 3])
    path("corrupt.png").write_bytes(data[:33] + bytes(range(256)) * 8)
    path("drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" '
        'height="10"/></svg>',
        encoding="utf-8",
    )
    # declared sizes: past Pillow's error (bomb), between its warning and its error
    # (warning), past the module's own cap but under Pillow's warning (cap)
    for name, side in (("bomb", 60_000), ("warning", 10_000), ("cap", 7_000)):
        path(f"{name}.png").write_bytes(png_header_only(side, side))
    path("postscript.eps").write_text(
        "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n0 0 moveto 10 10 lineto stroke\n",
        encoding="utf-8",
    )
    os.mkfifo(path("pipe.png"))  # opening it to read would wait for a writer forever
    folder.joinpath("folder").mkdir()
    paths["folder"] = str(folder / "folder")
    paths["missing"] = str(folder / "missing.png")
    paths["nul"] = str(folder / "nul\0.png")
    paths["relative"] = "photo.png"
    return paths


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a size and holds almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


UNUSABLE = (
    "text",
    "empty",
    "truncated",
    "corrupt",
    "drawing",
    "postscript",
    "pipe",
    "bomb",
    "warning",
    "cap",
    "folder",
    "missing",
    "nul",
    "relative",
)
UNUSUAL = (
    "one_pixel",
    "cmyk",
    "palette",
    "animated",
    "sixteen_bit",
    "grey_alpha",
    "bilevel",
    "image",
    "big",
)


def post(**changes: object) -> CardContent:
    content = CardContent(
        site="Example Engineering Blog",
        title="Feature pipelines for machine learning",
        kicker="Machine learning",
        subtitle="How we moved our feature computation into versioned, testable pipelines.",
        date="4 December 2026",
        people=(Person("Jane Doe"), Person("Lorena Martínez")),
    )
    return replace(content, **changes)  # type: ignore[arg-type]


# -- the interface --------------------------------------------------------------------------


def test_a_card_is_a_1200_by_630_rgb_png_without_varying_chunks() -> None:
    png = draw(post())
    card(png)
    assert (WIDTH, HEIGHT) == (1200, 630)
    assert isinstance(VERSION, str) and VERSION
    chunks = []
    offset = 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        chunks.append(png[offset + 4 : offset + 8])
        offset += length + 12
    assert set(chunks) == {b"IHDR", b"IDAT", b"IEND"}


def test_the_same_content_gives_the_same_bytes_and_a_new_title_new_bytes() -> None:
    assert draw(post()) == draw(post())
    assert draw(post()) != draw(post(title="Feature pipelines for machine learning!"))
    assert draw(post(title="")) == draw(post(title=""))


def test_every_field_changes_the_card() -> None:
    base = draw(post())
    for change in (
        {"site": "Another Blog"},
        {"kicker": "Tag"},
        {"subtitle": "Another lead."},
        {"date": "5 December 2026"},
        {"people": (Person("Jane Doe"),)},
        {"style": DARK},
    ):
        assert draw(post(**change)) != base, change


def test_the_default_style_is_white_with_an_accent_band() -> None:
    image = card(draw(post()))
    assert image.getpixel((0, 0)) == WHITE
    assert image.getpixel((WIDTH // 2, HEIGHT - 2)) == rgb(CardStyle().accent)


def test_a_dark_style_is_drawn_in_its_colours() -> None:
    image = card(draw(post(style=DARK)))
    background = rgb(DARK.background)
    assert image.getpixel((0, 0)) == background
    assert image.getpixel((WIDTH - 1, 0)) == background
    assert image.getpixel((WIDTH // 2, HEIGHT - 2)) == rgb(DARK.accent)
    assert margins_are_plain(image, background)
    colours = {colour for _, colour in image.getcolors(1 << 20) or []}
    assert rgb(DARK.text) in colours  # the title, in the text colour
    assert WHITE not in colours


def test_short_colours_and_bad_colours() -> None:
    short = CardStyle(background="#000", text="#fff", muted="#aaa", accent="#f80")
    assert card(draw(post(style=short))).getpixel((0, 0)) == (0, 0, 0)
    # other CSS colours Pillow reads are read too
    named = CardStyle(background="black", text="rgb(255,255,255)", muted="#aaaa", accent="teal")
    assert draw(post(style=named)) == draw(
        post(style=CardStyle(background="#000", text="#fff", muted="#aaa", accent="#008080"))
    )
    # what isn't a colour falls back to the default of that colour
    bad = CardStyle(background="not a colour", text="", muted="#12345", accent="#ggg")
    assert draw(post(style=bad)) == draw(post())


def test_text_of_too_little_contrast_is_made_readable() -> None:
    faint = CardStyle(background="#ffffff", text="#fefefe", muted="#fdfdfd", accent="#ffff00")
    palette = carddraw.Palette.of(faint)
    assert carddraw.contrast(palette.text, WHITE) >= 4.5
    assert carddraw.contrast(palette.muted, WHITE) >= 4.5
    assert carddraw.contrast(palette.accent_text, WHITE) >= 3
    image = card(draw(post(style=faint, people=())))
    colours = {colour for _, colour in image.getcolors(1 << 20) or []}
    assert palette.text in colours


# -- the fallback for text the fonts can't draw ---------------------------------------------


def test_covered() -> None:
    assert covered("Ünïcødé café \u2013 naïve")
    assert covered("Αθήνα, Ελλάδα")
    assert covered("Москва, Україна, Беларусь")
    assert covered("Tiếng Việt")
    assert covered("€100 — “quoted” \u2018text\u2019 … • № ™ ©")
    assert covered("")
    assert covered("a\u200bb\u00adc\x00\n\t")  # format and control characters aside
    assert covered("cafe\u0301")  # decomposed
    for text in ("漢字", "שלום", "مرحبا", "🙂", "Title 🙂", "नमस्ते", "\ue000", "x\U0001f600"):
        assert not covered(text), text


@pytest.mark.parametrize(
    "title",
    [
        "漢字のタイトル",
        "שלום עולם",
        "مرحبا بالعالم",
        "Launch day 🚀",
        "한국어 제목",
        "Mixed 漢字 title",
    ],
)
def test_a_title_the_fonts_cant_draw_gives_the_sites_card(title: str) -> None:
    assert draw(post(title=title)) == draw(post(title=""))
    assert draw(post(title=title, style=DARK)) == draw(post(title="", style=DARK))


def test_the_sites_card_is_not_a_page_card() -> None:
    site = card(draw(CardContent(site="Example Engineering Blog")))
    assert draw(CardContent(site="Example Engineering Blog")) != draw(post())
    assert margins_are_plain(site, WHITE)


def test_other_text_the_fonts_cant_draw_is_left_out(pictures: dict[str, str]) -> None:
    assert draw(post(kicker="漢字")) == draw(post(kicker=""))
    assert draw(post(subtitle="שלום עולם")) == draw(post(subtitle=""))
    assert draw(post(date="2026年12月4日")) == draw(post(date=""))
    # a site's name: the logo stays
    logo = pictures["logo"]
    assert draw(post(site="漢字", logo=logo)) == draw(post(site="", logo=logo))
    assert draw(CardContent(site="漢字", logo=logo)) == draw(CardContent(site="", logo=logo))
    # a person: their picture stays, or nothing is shown
    jane = Person("Jane Doe")
    assert draw(post(people=(jane, Person("山田太郎")))) == draw(post(people=(jane,)))
    with_picture = post(people=(jane, Person("山田太郎", pictures["photo"])))
    assert draw(with_picture) != draw(post(people=(jane,)))
    assert draw(with_picture) == draw(post(people=(jane, Person("", pictures["photo"]))))


def test_control_characters_and_white_space_dont_change_the_card() -> None:
    messy = post(
        title="  Feature\tpipelines\x00 for\u200b machine\n\nlearning ",
        kicker="Machine\x1b learning",
    )
    assert draw(messy) == draw(post())
    assert draw(post(title=" \x00\u200b\n ")) == draw(post(title=""))


def test_a_decomposed_title_is_drawn_as_the_composed_one() -> None:
    assert draw(post(title="Cafe\u0301 nai\u0308ve")) == draw(post(title="Café naïve"))


# -- long text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        " ".join(["word"] * 300),
        " ".join(f"word{index}" for index in range(300)),
        "x" * 500,
        "W" * 500,
        "Unbreakable" * 60 + " and then some words after it",
        "a " * 2000,
        "Zalgo" + "\u0301\u0302\u0303\u0304\u0305" * 200,
        "\u0301\u0308 marks without a letter \u0301\u0301 " * 20,
        "jjjj ȷȷȷ ʄʄʄ ffff " * 20,
    ],
)
def test_long_titles_stay_inside_the_margins(title: str) -> None:
    for style in (CardStyle(), DARK):
        image = card(draw(post(title=title, style=style)))
        assert margins_are_plain(image, rgb(style.background))
        # nothing drawn below the bottom row, above the accent band
        band_top = HEIGHT - carddraw.BAND
        assert is_plain(image, (0, band_top - 30, WIDTH, band_top), rgb(style.background))


def test_a_long_title_shrinks_and_ends_with_an_ellipsis() -> None:
    width = WIDTH - 2 * carddraw.MARGIN
    block = carddraw._fit_title(" ".join(["word"] * 300), width, 400, carddraw.Palette.of(DARK))
    assert block.font.size == min(carddraw.TITLE_SIZES)
    assert len(block.lines) <= carddraw.TITLE_MAX_LINES
    assert block.lines[-1].endswith("…")
    short = carddraw._fit_title("Short", width, 400, carddraw.Palette.of(DARK))
    assert short.font.size == max(carddraw.TITLE_SIZES)
    assert short.lines == ["Short"]


def test_wrap_breaks_on_spaces_and_cuts_words_longer_than_a_line() -> None:
    font = carddraw._font(40, bold=True)
    lines = carddraw.wrap("aaa bbb ccc", font.getlength, font.getlength("aaa bbb") + 1, 5)
    assert lines == ["aaa bbb", "ccc"]
    long_word = "m" * 200
    lines = carddraw.wrap(long_word, font.getlength, 300, 100)
    assert "".join(lines) == long_word
    assert all(font.getlength(line) <= 300 for line in lines)
    # it stops one line past the limit
    assert len(carddraw.wrap(" ".join(["word"] * 500), font.getlength, 300, 3)) == 4


def test_ellipsize_fits_the_width() -> None:
    font = carddraw._font(30)
    for line in ("A sentence, with words: and more", "x" * 80, "a", "—", "a, b,"):
        shortened = carddraw.ellipsize(line, font.getlength, 200)
        assert shortened.endswith("…")
        assert font.getlength(shortened) <= 200


# -- images ---------------------------------------------------------------------------------


def test_pictures_are_shown(pictures: dict[str, str]) -> None:
    plain = draw(post())
    jane = Person("Jane Doe", pictures["photo"])
    assert draw(post(people=(jane,))) != draw(post(people=(Person("Jane Doe"),)))
    assert draw(post(logo=pictures["logo"])) != plain
    with_cover = card(draw(post(cover=pictures["photo"])))
    left, top, right, bottom = carddraw.COVER_BOX
    middle = with_cover.getpixel(((left + right) // 2, (top + bottom) // 2))
    assert isinstance(middle, tuple) and middle[2] > 150  # the photo's blue disc
    assert margins_are_plain(with_cover, WHITE)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    upright = Image.new("RGB", (300, 400), (220, 20, 20))
    ImageDraw.Draw(upright).rectangle((0, 200, 299, 399), fill=(20, 20, 220))  # blue below
    exif = Image.Exif()
    exif[0x0112] = 3  # shown turned by 180°: blue above
    upright.save(tmp_path / "turned.jpg", exif=exif, quality=95)
    image = card(draw(post(cover=str(tmp_path / "turned.jpg"))))
    left, top, right, bottom = carddraw.COVER_BOX
    above = image.getpixel(((left + right) // 2, top + 40))
    below = image.getpixel(((left + right) // 2, bottom - 40))
    assert isinstance(above, tuple) and isinstance(below, tuple)
    assert above[2] > 150 > above[0]
    assert below[0] > 150 > below[2]


@pytest.mark.parametrize("kind", UNUSABLE)
def test_an_unusable_image_is_skipped(pictures: dict[str, str], kind: str) -> None:
    bad = pictures[kind]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert draw(post(people=(Person("Jane Doe", bad),))) == draw(
            post(people=(Person("Jane Doe"),))
        )
        assert draw(post(logo=bad)) == draw(post())
        assert draw(post(cover=bad)) == draw(post())
        assert draw(CardContent(site="Blog", logo=bad)) == draw(CardContent(site="Blog"))
    assert caught == []


@pytest.mark.parametrize("kind", UNUSUAL)
def test_an_unusual_image_is_used(pictures: dict[str, str], kind: str) -> None:
    picture = pictures[kind]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with_avatar = card(draw(post(people=(Person("Jane Doe", picture),))))
        assert draw(post(people=(Person("Jane Doe", picture),))) != draw(
            post(people=(Person("Jane Doe"),))
        )
        assert draw(post(logo=picture)) != draw(post())
        assert card(draw(post(cover=picture))) != with_avatar
        card(draw(CardContent(site="Blog", logo=picture, subtitle="Tagline")))
    assert caught == []


def test_a_transparent_picture_shows_the_background(pictures: dict[str, str]) -> None:
    image = card(draw(post(cover=pictures["palette"], style=DARK)))
    left, top, right, bottom = carddraw.COVER_BOX
    # the palette image's right half is transparent: the card's background shows through
    assert image.getpixel((right - 40, (top + bottom) // 2)) == rgb(DARK.background)
    assert image.getpixel((left + 40, (top + bottom) // 2)) == (20, 250, 20)


def test_people_show_three_then_a_count(pictures: dict[str, str]) -> None:
    names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"]
    people = tuple(Person(name, pictures["photo"] if i % 2 else "") for i, name in enumerate(names))
    five = draw(post(people=people))
    assert five != draw(post(people=people[:3]))
    assert five != draw(post(people=people[:4]))
    # only the first three are shown: the others count, whoever they are
    assert five == draw(post(people=(*people[:3], Person("Someone"), Person("Else"))))
    card(draw(post(people=tuple(Person(f"Person {i}") for i in range(1000)))))


# -- random input ---------------------------------------------------------------------------

TEXT = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["", " ", "\x00", "\u200b", "漢字", "🙂", "a" * 3000, "é" * 700]),
)
COLOUR = st.one_of(
    st.from_regex(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", fullmatch=True), st.text(max_size=8)
)


@settings(max_examples=40, deadline=None)
@given(
    site=TEXT,
    title=TEXT,
    kicker=TEXT,
    subtitle=TEXT,
    date=TEXT,
    names=st.lists(TEXT, max_size=5),
    colours=st.tuples(COLOUR, COLOUR, COLOUR, COLOUR),
)
def test_any_text_gives_a_card(
    site: str,
    title: str,
    kicker: str,
    subtitle: str,
    date: str,
    names: list[str],
    colours: tuple[str, str, str, str],
) -> None:
    style = CardStyle(*colours)
    content = CardContent(
        site=site,
        title=title,
        kicker=kicker,
        subtitle=subtitle,
        date=date,
        people=tuple(Person(name) for name in names),
        style=style,
    )
    png = draw(content)
    image = card(png)
    background = carddraw.Palette.of(style).background
    assert image.getpixel((0, 0)) == background
    assert margins_are_plain(image, background)
    assert draw(content) == png
    if not covered(title):
        assert png == draw(replace(content, title=""))


@settings(max_examples=40, deadline=None)
@given(st.text())
def test_covered_agrees_with_the_fonts(text: str) -> None:
    if covered(text):
        coverage = carddraw._coverage()
        assert all(ord(char) in coverage for char in carddraw.clean(text) if char != " ")


# -- layout engines, fonts, import ----------------------------------------------------------


def test_the_basic_layout_engine_draws_too(monkeypatch: pytest.MonkeyPatch) -> None:
    carddraw._font.cache_clear()
    monkeypatch.setattr(carddraw, "_layout_engine", lambda: ImageFont.Layout.BASIC)
    try:
        card(draw(post()))
        assert draw(post(title="漢字")) == draw(post(title=""))
        assert margins_are_plain(card(draw(post(title="W" * 500))), WHITE)
    finally:
        carddraw._font.cache_clear()
        carddraw._cap_height.cache_clear()


def test_the_fonts_are_small_subsets_with_their_licence() -> None:
    fonts = sorted(FONTS.glob("*.ttf"))
    assert [font.name for font in fonts] == ["NotoSans-Bold.ttf", "NotoSans-Regular.ttf"]
    assert sum(font.stat().st_size for font in fonts) < 400_000
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert (FONTS / "README.md").is_file()


def test_the_coverage_file_matches_the_fonts() -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    coverage = json.loads((FONTS / "coverage.json").read_text(encoding="utf-8"))
    listed = {cp for first, last in coverage["ranges"] for cp in range(first, last + 1)}
    for name in coverage["fonts"]:
        mapped = set(ttlib.TTFont(FONTS / name).getBestCmap())
        assert listed <= mapped
    assert {0x20, 0x41, 0xE9, 0x3A9, 0x416, 0x1EA0, 0x2026, 0x20AC} <= listed


def test_drawing_needs_no_font_tools() -> None:
    script = (
        "import sys\n"
        "from sphinx_blogext.carddraw import CardContent, draw, covered\n"
        "draw(CardContent(site='Blog', title='Title'))\n"
        "assert covered('Title')\n"
        "assert 'fontTools' not in sys.modules, 'fontTools imported'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
