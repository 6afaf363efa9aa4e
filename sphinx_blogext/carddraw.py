"""Social cards: the 1200 x 630 PNG a link preview shows, drawn from plain text and paths.

This module only draws; which pages get a card, with which colours, and where the file
goes is decided elsewhere. :func:`draw` turns a :class:`CardContent` into PNG bytes.

Layout of a page's card, top to bottom, on the style's background:

* the **header**: the site's logo (at most 56 pixels high) and the site's name beside it;
* the **kicker**, a short label in the accent colour ("Tag", an event's name), one line;
* the **title**, bold, wrapped on spaces (a word wider than the line is cut), at the
  largest size from 72 down to 40 pixels at which it fits the room left; at 40 pixels
  it is cut to at most 4 lines, the last ending with "…";
* the **subtitle**, muted, at most 2 lines (fewer when the title leaves no room), "…";
* the **bottom row**: the round pictures of the first 3 people (then a "+N" disc), their
  names, and the date under the names (or alone when nobody is named);
* an accent band along the bottom edge.

Kicker, title and subtitle are centred vertically between the header and the bottom row.
A cover image is shown as an inset on the right, cropped to fill a rounded box, and the
text column narrows to its left, so text is never drawn over a picture. The site's own
card (an empty title) centres the logo, the site's name, and the subtitle as a tagline;
it shows no kicker, people, date or cover. Every colour comes from the :class:`CardStyle`
(a text colour of too little contrast on the background is darkened or lightened until
it reads).

Fallback rule: the bundled font (Noto Sans, cut down to Latin, Greek and Cyrillic, see
``fonts/README.md``) has no glyph for other scripts or for emoji, and a missing glyph
would be drawn as an empty box. So every text is checked with :func:`covered` first, and
a text that is not covered is left out as a whole, never drawn in part: a title that is
not covered gives the site's card (exactly the card of the same content with an empty
title), an uncovered site name leaves the logo alone, an uncovered person's name leaves
their picture, or nothing when they have no usable picture either. Before any check or
layout, texts are put in NFC, control and format characters are removed and white space
is collapsed.

Images (logo, cover, avatars) are absolute paths, read defensively: a missing, unreadable,
truncated or corrupt file, one that isn't a raster image of the web's formats, or one of
more than :data:`MAX_PIXELS` pixels is skipped, as if no path had been given; a person
without a usable picture gets their initials in a disc of the accent colour. Whatever the
texts and files, :func:`draw` doesn't raise, and it is deterministic: the same content
gives the same bytes (the PNG holds the pixels and nothing else).
"""

from __future__ import annotations

import functools
import io
import json
import os
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont, ImageOps, features

if TYPE_CHECKING:
    from collections.abc import Sequence

WIDTH, HEIGHT = 1200, 630
#: Bumped whenever the drawing changes (part of the cache key of drawn cards).
VERSION = "1"
#: Decoded pixels beyond which an image is skipped (a "decompression bomb").
MAX_PIXELS = 40_000_000
#: Images shown up to this many pixels (logos, avatars) are kept in memory once read.
SMALL_IMAGE = 300 * 300
#: zlib's level for the PNG: 1 to 3 cost about the same here, 6 is half as fast again.
PNG_COMPRESSION = 3

FONTS = Path(__file__).parent / "fonts"
REGULAR_FONT = FONTS / "NotoSans-Regular.ttf"
BOLD_FONT = FONTS / "NotoSans-Bold.ttf"
COVERAGE_FILE = FONTS / "coverage.json"


@dataclass(frozen=True)
class CardStyle:
    """The card's colours, as CSS hex colours ("#rgb" or "#rrggbb"; other CSS colours that
    Pillow reads work too). A colour that can't be read is replaced by its default."""

    background: str = "#ffffff"
    text: str = "#1f2328"
    muted: str = "#57606a"
    accent: str = "#2563eb"


@dataclass(frozen=True)
class Person:
    """An author or speaker: a name and the absolute path of a picture, or ""."""

    name: str
    avatar: str = ""


@dataclass(frozen=True)
class CardContent:
    """What a card shows; every text is plain text, every path absolute or ""."""

    site: str
    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    date: str = ""
    people: tuple[Person, ...] = ()
    logo: str = ""
    cover: str = ""
    style: CardStyle = CardStyle()


# -- geometry (pixels) -------------------------------------------------------------------

MARGIN = 80  # left and right edges of the text
TOP = 60  # top of the header
HEADER = 56  # height of the header (the logo's box)
BAND = 12  # the accent band along the bottom edge
BOTTOM = HEIGHT - BAND - 52  # bottom of the bottom row
CONTENT_TOP = TOP + HEADER + 56  # the kicker, title and subtitle start below this
CONTENT_GAP = 44  # at least this much room above the bottom row
AVATAR = 64
AVATAR_RING = 4  # a ring of background colour separates overlapping pictures
AVATAR_STEP = AVATAR - 10  # pictures overlap a little
MAX_PEOPLE = 3
COVER_BOX = (760, TOP, WIDTH - MARGIN, BOTTOM)  # left, top, right, bottom
COVER_RADIUS = 24
COVER_GAP = 56  # between the text column and the cover

# -- type (pixels) -----------------------------------------------------------------------

SITE_SIZE = 30
KICKER_SIZE = 28
TITLE_SIZES = tuple(range(72, 39, -4))  # 72, 68, ..., 40
TITLE_MAX_LINES = 4  # at the smallest size
TITLE_LEADING = 1.16  # line step as a multiple of the size
SUBTITLE_SIZE = 30
SUBTITLE_LEADING = 1.35
SUBTITLE_MAX_LINES = 2
NAME_SIZE = 26
DATE_SIZE = 24
# the site's own card
SITE_CARD_SIZES = tuple(range(80, 43, -6))  # 80, 74, ..., 44
SITE_CARD_LOGO = 128
TAGLINE_SIZE = 32

ELLIPSIS = "…"
#: Input beyond this many characters can never be shown (4 lines of the smallest size).
MAX_TEXT = 1000

RGB = tuple[int, int, int]
BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)


# -- text ---------------------------------------------------------------------------------


#: Combining marks kept on one letter: more stack up into the lines around ("Zalgo" text).
MAX_MARKS = 2


def clean(text: object) -> str:
    """``text`` in NFC without control and format characters, white space collapsed, and
    at most :data:`MAX_MARKS` combining marks on a letter (none without a letter: they
    would hang out of the line's start)."""
    if not isinstance(text, str):
        return ""
    kept: list[str] = []
    marks = 0
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if char.isspace():
            kept.append(" ")
            marks = 0
        elif category == "Mn":
            marks += 1
            if kept and kept[-1] != " " and marks <= MAX_MARKS:
                kept.append(char)
        elif category not in ("Cc", "Cf", "Cs"):
            kept.append(char)
            marks = 0
    return " ".join("".join(kept).split())


@functools.cache
def _coverage() -> frozenset[int]:
    """The code points both bundled fonts draw (written by tools/subset_fonts.py)."""
    ranges = json.loads(COVERAGE_FILE.read_text(encoding="utf-8"))["ranges"]
    return frozenset(cp for first, last in ranges for cp in range(first, last + 1))


def covered(text: str) -> bool:
    """Whether the bundled fonts have a glyph for every character of ``text``.

    Spaces, control and format characters are not drawn, so they don't count; an empty
    text is covered.
    """
    return _drawable(clean(text))


def _drawable(cleaned: str) -> bool:
    """Whether the fonts draw every character of a text :func:`clean` returned."""
    return _coverage().issuperset(map(ord, cleaned))  # the space is covered


def _shown(text: object) -> str:
    """The cleaned text if it can be drawn, else ""."""
    cleaned = clean(text)
    return cleaned if _drawable(cleaned) else ""


@functools.cache
def _layout_engine() -> ImageFont.Layout:
    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@functools.lru_cache(maxsize=64)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = BOLD_FONT if bold else REGULAR_FONT
    return ImageFont.truetype(str(path), size, layout_engine=_layout_engine())


@functools.lru_cache(maxsize=64)
def _cap_height(font: ImageFont.FreeTypeFont) -> int:
    return -int(font.getbbox("H", anchor="ls")[1])


def _descent(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size * 0.26)


#: How wide a text is, in pixels (a font's ``getlength``, or :class:`ScaledWidths`).
Measure = Callable[[str], float]


class ScaledWidths:
    """Widths of texts in one font at any size, each text measured once at a reference size.

    The bundled fonts are unhinted, so widths scale with the size: a title tried at nine
    sizes measures each word once instead of nine times.
    """

    def __init__(self, bold: bool, reference: int) -> None:
        self.font = _font(reference, bold)
        self.reference = reference
        self.known: dict[str, float] = {}

    def at(self, size: int) -> Measure:
        scale = size / self.reference

        def measure(text: str) -> float:
            width = self.known.get(text)
            if width is None:
                width = self.known[text] = self.font.getlength(text)
            return width * scale

        return measure


def _cut_to_width(word: str, measure: Measure, width: float) -> tuple[str, str]:
    """The longest head of ``word`` (at least one character) that fits, and the rest."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return word[:low], word[low:]


def wrap(text: str, measure: Measure, width: float, max_lines: int) -> list[str]:
    """``text`` broken into lines at most ``width`` wide, on spaces where it can.

    Stops after ``max_lines + 1`` lines: more lines than ``max_lines`` means it doesn't fit.
    """
    space = measure(" ")
    lines: list[str] = []
    line, line_width = "", 0.0
    for word in text.split(" "):
        word_width = measure(word)
        if line and line_width + space + word_width <= width:
            line, line_width = f"{line} {word}", line_width + space + word_width
            continue
        if line:
            lines.append(line)
            if len(lines) > max_lines:
                return lines
        while word_width > width:
            head, word = _cut_to_width(word, measure, width)
            lines.append(head)
            if len(lines) > max_lines:
                return lines
            word_width = measure(word)
        line, line_width = word, word_width
    if line:
        lines.append(line)
    return lines


#: Left out before an ellipsis
TRAILING = " ,;:.-\u2013\u2014\u00b7/|"


def ellipsize(line: str, measure: Measure, width: float) -> str:
    """``line`` shortened so that it ends with "…" and fits; cut at a space when that
    keeps most of the line."""
    room = width - measure(ELLIPSIS)
    line = line.rstrip(TRAILING)
    if measure(line) > room:
        head, _ = _cut_to_width(line, measure, room)
        at_space = head.rsplit(" ", 1)[0]
        line = at_space if len(at_space) >= 0.6 * len(head) else head
    return line.rstrip(TRAILING) + ELLIPSIS


def fits(text: str, measure: Measure, width: float, max_lines: int) -> list[str]:
    """``text`` wrapped into at most ``max_lines`` lines, or [] if it needs more."""
    if len(text) > MAX_TEXT or max_lines <= 0:
        return []
    lines = wrap(text, measure, width, max_lines)
    return lines if len(lines) <= max_lines else []


def fit_lines(text: str, measure: Measure, width: float, max_lines: int) -> list[str]:
    """At most ``max_lines`` lines of ``text``, the last ellipsized if the text is longer."""
    if max_lines <= 0 or not text:
        return []
    if len(text) < 100 and measure(text) <= width:  # one line: measured at once
        return [text]
    lines = wrap(text[:MAX_TEXT].rstrip(), measure, width, max_lines)
    if len(lines) <= max_lines and len(text) <= MAX_TEXT:
        return lines
    shown = lines[:max_lines]
    shown[-1] = ellipsize(shown[-1], measure, width)
    return shown


@dataclass
class TextBlock:
    """Lines of one font and colour, stacked at a fixed step."""

    lines: list[str]
    font: ImageFont.FreeTypeFont
    fill: RGB
    step: int

    @property
    def height(self) -> int:
        """From the top of the capitals of the first line to the descent of the last."""
        if not self.lines:
            return 0
        return _cap_height(self.font) + (len(self.lines) - 1) * self.step + _descent(self.font)

    def draw(self, draw: ImageDraw.ImageDraw, x: float, top: float, align: str = "l") -> None:
        baseline = top + _cap_height(self.font)
        for line in self.lines:
            draw.text((x, baseline), line, font=self.font, fill=self.fill, anchor=f"{align}s")
            baseline += self.step


def _lines_that_fit(font: ImageFont.FreeTypeFont, step: int, height: float) -> int:
    room = height - _cap_height(font) - _descent(font)
    return 0 if room < 0 else int(room // step) + 1


# -- colours ------------------------------------------------------------------------------


def parse_colour(value: object, default: str) -> RGB:
    """A "#rgb" or "#rrggbb" colour (or another CSS colour Pillow reads: "teal",
    "rgb(0,128,128)"; any alpha is ignored), or ``default`` when ``value`` is none."""
    for text in (value, default):
        if not isinstance(text, str) or not text.strip():
            continue
        digits = text.strip().removeprefix("#")
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        if len(digits) == 6 and all(d in "0123456789abcdefABCDEF" for d in digits):
            return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
        try:
            colour = ImageColor.getrgb(text.strip())
        except ValueError:
            continue
        return (colour[0], colour[1], colour[2])
    return BLACK


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """``a`` moved ``amount`` (0 to 1) of the way to ``b``."""
    return (
        round(a[0] + (b[0] - a[0]) * amount),
        round(a[1] + (b[1] - a[1]) * amount),
        round(a[2] + (b[2] - a[2]) * amount),
    )


def _luminance(colour: RGB) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: RGB, b: RGB) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: RGB, background: RGB, minimum: float) -> RGB:
    """``colour``, moved towards black or white as little as needed to reach ``minimum``
    contrast on ``background``."""
    if contrast(colour, background) >= minimum:
        return colour
    target = BLACK if contrast(BLACK, background) >= contrast(WHITE, background) else WHITE
    for step in range(1, 11):
        moved = mix(colour, target, step / 10)
        if contrast(moved, background) >= minimum:
            return moved
    return target


@dataclass(frozen=True)
class Palette:
    background: RGB
    text: RGB
    muted: RGB
    accent: RGB  # fills: the band, discs
    accent_text: RGB  # the accent as text on the background

    @classmethod
    def of(cls, style: CardStyle) -> Palette:
        default = CardStyle()
        background = parse_colour(getattr(style, "background", None), default.background)
        accent = parse_colour(getattr(style, "accent", None), default.accent)
        return cls(
            background=background,
            text=readable(
                parse_colour(getattr(style, "text", None), default.text), background, 4.5
            ),
            muted=readable(
                parse_colour(getattr(style, "muted", None), default.muted), background, 4.5
            ),
            accent=accent,
            accent_text=readable(accent, background, 3.0),
        )


# -- images -------------------------------------------------------------------------------


def load_image(path: object, size: tuple[int, int], fit: bool = True) -> Image.Image | None:
    """The image file at ``path`` in RGB(A), cropped to fill ``size`` (or, with ``fit``
    false, scaled to fit inside it); None when it isn't a usable raster image.

    The image returned may be shared between calls: don't change it.
    """
    if not isinstance(path, str) or not os.path.isabs(path):
        return None
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    if not S_ISREG(stat.st_mode):  # a folder, a pipe, a device
        return None
    if size[0] * size[1] > SMALL_IMAGE:  # covers: one per page, not worth keeping
        return _read_image(path, size, fit)
    # logos and avatars appear on many cards
    return _read_small_image(path, size, fit, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _read_small_image(
    path: str, size: tuple[int, int], fit: bool, mtime_ns: int, file_size: int
) -> Image.Image | None:
    """:func:`_read_image`, remembered for as long as the file is unchanged."""
    return _read_image(path, size, fit)


def _read_image(path: str, size: tuple[int, int], fit: bool) -> Image.Image | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=_raster_formats()) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    return None
                # a JPEG is decoded at the smallest scale that still covers the box
                side = max(size)
                opened.draft("RGB", (side, side))
                ImageOps.exif_transpose(opened, in_place=True)
                image: Image.Image = opened
                if image.mode not in ("RGB", "RGBA", "L", "LA"):
                    image = _rgb_or_rgba(image)  # others can't be resized as they are
                return _rgb_or_rgba(_resized(image, size, fit))
    except Exception:  # Pillow's decoders raise many kinds: any failure skips the file
        return None


#: The formats read: those of pictures on the web (others, like EPS, run programs to read).
FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "AVIF", "BMP", "TIFF")  # JPEG reads MPO too


@functools.cache
def _raster_formats() -> tuple[str, ...]:
    """:data:`FORMATS` that this Pillow reads."""
    Image.init()
    return tuple(name for name in FORMATS if name in Image.OPEN)


def _rgb_or_rgba(image: Image.Image) -> Image.Image:
    """``image`` in RGB, or in RGBA when it has transparency."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode.startswith("I;16"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    transparent = image.mode in ("LA", "La", "PA", "RGBa") or "transparency" in image.info
    return image.convert("RGBA" if transparent else "RGB")


def _resized(image: Image.Image, size: tuple[int, int], fit: bool) -> Image.Image:
    width, height = image.size
    target_w, target_h = size
    if fit:
        scale = max(target_w / width, target_h / height)
        crop_w, crop_h = target_w / scale, target_h / scale
        left, top = max(0.0, (width - crop_w) / 2), max(0.0, (height - crop_h) / 2)
        box = (left, top, min(width, left + crop_w), min(height, top + crop_h))
        return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    scale = min(target_w / width, target_h / height)
    new_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(new_size, Image.Resampling.LANCZOS, reducing_gap=3.0)


@functools.lru_cache(maxsize=16)
def _rounded_mask(size: tuple[int, int], radius: int) -> Image.Image:
    """An antialiased mask of a rounded rectangle (a circle when radius is half the side)."""
    scale = 4
    big = Image.new("L", (size[0] * scale, size[1] * scale), 0)
    ImageDraw.Draw(big).rounded_rectangle(
        (0, 0, big.width - 1, big.height - 1), radius=radius * scale, fill=255
    )
    return big.resize(size, Image.Resampling.LANCZOS)


def _circle_mask(diameter: int) -> Image.Image:
    return _rounded_mask((diameter, diameter), diameter // 2)


def _paste(
    card: Image.Image, image: Image.Image, xy: tuple[int, int], mask: Image.Image | None = None
) -> None:
    """Paste ``image`` (RGB or RGBA) through ``mask`` and the image's own transparency."""
    if image.mode == "RGBA":
        alpha = image.getchannel("A")
        mask = alpha if mask is None else ImageChops.multiply(mask, alpha)
        image = image.convert("RGB")
    card.paste(image, xy, mask)


# -- drawing ------------------------------------------------------------------------------


def draw(content: CardContent) -> bytes:
    """The PNG of ``content``'s card, :data:`WIDTH` by :data:`HEIGHT` pixels."""
    palette = Palette.of(content.style)
    card = Image.new("RGB", (WIDTH, HEIGHT), palette.background)
    canvas = ImageDraw.Draw(card)
    title = _shown(content.title)
    if title:
        _draw_page_card(card, canvas, content, title, palette)
    else:
        _draw_site_card(card, canvas, content, palette)
    canvas.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=palette.accent)
    return _png(card)


def _png(card: Image.Image) -> bytes:
    """``card`` (RGB) as a PNG with no ancillary chunks (no time, no text): the same
    pixels give the same bytes."""
    out = io.BytesIO()
    card.save(out, "PNG", compress_level=PNG_COMPRESSION)
    return out.getvalue()


def _draw_page_card(
    card: Image.Image,
    canvas: ImageDraw.ImageDraw,
    content: CardContent,
    title: str,
    palette: Palette,
) -> None:
    right = WIDTH - MARGIN
    cover = load_image(content.cover, (COVER_BOX[2] - COVER_BOX[0], COVER_BOX[3] - COVER_BOX[1]))
    if cover is not None:
        _paste(card, cover, (COVER_BOX[0], COVER_BOX[1]), _rounded_mask(cover.size, COVER_RADIUS))
        right = COVER_BOX[0] - COVER_GAP
    width = right - MARGIN

    _draw_header(card, canvas, content, palette, right)
    row_top = _draw_bottom_row(card, canvas, content, palette, right)
    top = CONTENT_TOP
    bottom = (row_top - CONTENT_GAP) if row_top is not None else BOTTOM

    blocks: list[tuple[TextBlock, int]] = []  # and the gap above each
    kicker = _shown(content.kicker)
    if kicker:
        font = _font(KICKER_SIZE, bold=True)
        lines = fit_lines(kicker, font.getlength, width, 1)
        blocks.append((TextBlock(lines, font, palette.accent_text, 0), 0))

    subtitle = _shown(content.subtitle)
    subtitle_font = _font(SUBTITLE_SIZE)
    subtitle_step = round(SUBTITLE_SIZE * SUBTITLE_LEADING)
    subtitle_gap = 28
    kicker_height = blocks[0][0].height + 24 if blocks else 0
    # the title may take all the room but one line of the subtitle
    reserved = (
        subtitle_gap + _cap_height(subtitle_font) + _descent(subtitle_font) if subtitle else 0
    )
    title_block = _fit_title(title, width, bottom - top - kicker_height - reserved, palette)
    blocks.append((title_block, 24 if blocks else 0))

    if subtitle:
        room = bottom - top - kicker_height - title_block.height - subtitle_gap
        max_lines = min(SUBTITLE_MAX_LINES, _lines_that_fit(subtitle_font, subtitle_step, room))
        lines = fit_lines(subtitle, subtitle_font.getlength, width, max_lines)
        if lines:
            blocks.append((TextBlock(lines, subtitle_font, palette.muted, subtitle_step), 28))

    # centred in the room between the header and the bottom row
    used = sum(gap + block.height for block, gap in blocks)
    y = top + max(0, (bottom - top - used) // 2)
    for block, gap in blocks:
        y += gap
        block.draw(canvas, MARGIN, y)
        y += block.height


def _fit_title(title: str, width: int, height: int, palette: Palette) -> TextBlock:
    """The title at the largest size that fits, else at the smallest, ellipsized."""
    widths = ScaledWidths(bold=True, reference=TITLE_SIZES[0])
    for size in TITLE_SIZES:
        font = _font(size, bold=True)
        step = round(size * TITLE_LEADING)
        max_lines = _lines_that_fit(font, step, height)
        measure = widths.at(size)
        if size == TITLE_SIZES[-1]:
            lines = fit_lines(title, measure, width, max(1, min(max_lines, TITLE_MAX_LINES)))
        else:
            lines = fits(title, measure, width, max_lines)
        if lines:
            return TextBlock(lines, font, palette.text, step)
    raise AssertionError("unreachable")  # pragma: no cover


def _draw_header(
    card: Image.Image,
    canvas: ImageDraw.ImageDraw,
    content: CardContent,
    palette: Palette,
    right: int,
) -> None:
    """The logo and the site's name at the top, the name ending before ``right``."""
    x = MARGIN
    middle = TOP + HEADER // 2
    logo = load_image(content.logo, (HEADER * 5, HEADER), fit=False)
    if logo is not None:
        _paste(card, logo, (x, middle - logo.height // 2))
        x += logo.width + 20
    site = _shown(content.site)
    if site and right - x > 40:
        font = _font(SITE_SIZE, bold=True)
        lines = fit_lines(site, font.getlength, right - x, 1)
        cap = _cap_height(font)
        canvas.text((x, middle + cap // 2), lines[0], font=font, fill=palette.text, anchor="ls")


def _draw_bottom_row(
    card: Image.Image,
    canvas: ImageDraw.ImageDraw,
    content: CardContent,
    palette: Palette,
    right: int,
) -> int | None:
    """People and the date along the bottom; the top of the row, or None when empty."""
    date = _shown(content.date)
    people = content.people if isinstance(content.people, (tuple, list)) else ()
    # people with neither a name the fonts draw nor a usable picture are left out
    shown: list[tuple[str, Image.Image | None]] = []  # (name, picture)
    more = 0
    for person in people:
        name = _shown(person.name)
        if len(shown) == MAX_PEOPLE and name:
            more += 1
            continue
        picture = load_image(person.avatar, (AVATAR, AVATAR))
        if len(shown) == MAX_PEOPLE and picture is not None:
            more += 1
        elif name or picture is not None:
            shown.append((name, picture))
    if not shown and not date:
        return None

    middle = BOTTOM - AVATAR // 2
    x = MARGIN
    if shown:
        discs = [_avatar(name, picture, palette) for name, picture in shown]
        if more > 0:
            discs.append(_more_disc(more, palette))
        x = _draw_discs(card, discs, palette, middle)
        x += 20

    names = ", ".join(name for name, _ in shown if name)
    name_font, date_font = _font(NAME_SIZE, bold=True), _font(DATE_SIZE)
    name_line = fit_lines(names, name_font.getlength, right - x, 1)
    date_line = fit_lines(date, date_font.getlength, right - x, 1)
    if name_line and date_line:
        name_base = middle - 6
        date_base = middle + 6 + _cap_height(date_font)
    elif name_line:
        name_base = middle + _cap_height(name_font) // 2
        date_base = 0
    else:
        name_base = 0
        date_base = (middle if shown else BOTTOM - 12) + _cap_height(date_font) // 2
    if name_line:
        canvas.text((x, name_base), name_line[0], font=name_font, fill=palette.text, anchor="ls")
    if date_line:
        canvas.text((x, date_base), date_line[0], font=date_font, fill=palette.muted, anchor="ls")
    return BOTTOM - AVATAR if shown else date_base - _cap_height(date_font)


def _initials(name: str) -> str:
    words = [word for word in name.split(" ") if word[:1].isalnum()]
    if not words:
        return ""
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    initials = "".join(letter.upper()[:1] for letter in letters)
    return initials if covered(initials) else ""


def _disc_text(disc: Image.Image, text: str, fill: RGB) -> None:
    size = 22
    font = _font(size, bold=True)
    while size > 12 and font.getlength(text) > disc.width - 14:
        size -= 2
        font = _font(size, bold=True)
    ImageDraw.Draw(disc).text(
        (disc.width / 2, disc.height / 2 + _cap_height(font) / 2),
        text,
        font=font,
        fill=fill,
        anchor="ms",
    )


def _avatar(name: str, picture: Image.Image | None, palette: Palette) -> Image.Image:
    """A person's picture (square), or their initials on the accent colour."""
    if picture is not None:
        return picture
    disc = Image.new("RGB", (AVATAR, AVATAR), palette.accent)
    on_accent = max((palette.background, palette.text), key=lambda c: contrast(c, palette.accent))
    initials = _initials(name)
    if initials:
        _disc_text(disc, initials, on_accent)
    return disc


def _more_disc(count: int, palette: Palette) -> Image.Image:
    disc = Image.new("RGB", (AVATAR, AVATAR), mix(palette.background, palette.text, 0.12))
    _disc_text(disc, f"+{count}", palette.text)
    return disc


def _draw_discs(
    card: Image.Image, discs: Sequence[Image.Image], palette: Palette, middle: int
) -> int:
    """Round pictures left to right, each over the one before; the right edge drawn."""
    ring = AVATAR + 2 * AVATAR_RING
    ring_mask = _circle_mask(ring)
    disc_mask = _circle_mask(AVATAR)
    x = MARGIN
    for index, disc in enumerate(discs):
        if index:
            card.paste(palette.background, (x - AVATAR_RING, middle - ring // 2), ring_mask)
        _paste(card, disc, (x, middle - AVATAR // 2), disc_mask)
        x += AVATAR_STEP
    return x - AVATAR_STEP + AVATAR


def _draw_site_card(
    card: Image.Image, canvas: ImageDraw.ImageDraw, content: CardContent, palette: Palette
) -> None:
    """The site's own card: logo, name and tagline, centred."""
    width = WIDTH - 2 * MARGIN
    logo_size = SITE_CARD_LOGO
    site = _shown(content.site)
    tagline = _shown(content.subtitle)
    if not site and not tagline:
        logo_size = SITE_CARD_LOGO * 2
    logo = load_image(content.logo, (logo_size * 3, logo_size), fit=False)

    name_block: TextBlock | None = None
    if site:
        # one line at the largest size it fits, else two lines
        tries = [(size, 1) for size in SITE_CARD_SIZES] + [(size, 2) for size in SITE_CARD_SIZES]
        widths = ScaledWidths(bold=True, reference=SITE_CARD_SIZES[0])
        for size, max_lines in tries:
            font = _font(size, bold=True)
            if (size, max_lines) == tries[-1]:
                lines = fit_lines(site, widths.at(size), width, max_lines)
            else:
                lines = fits(site, widths.at(size), width, max_lines)
            if lines:
                name_block = TextBlock(lines, font, palette.text, round(size * TITLE_LEADING))
                break
    tagline_block: TextBlock | None = None
    if tagline:
        font = _font(TAGLINE_SIZE)
        lines = fit_lines(tagline, font.getlength, width, 2)
        tagline_block = TextBlock(lines, font, palette.muted, round(TAGLINE_SIZE * 1.35))

    # logo, name and tagline stacked and centred
    name_gap = 40 if logo is not None else 0
    tagline_gap = 28 if logo is not None or name_block is not None else 0
    total = 0
    if logo is not None:
        total += logo.height
    if name_block is not None:
        total += name_gap + name_block.height
    if tagline_block is not None:
        total += tagline_gap + tagline_block.height
    y = (HEIGHT - BAND - total) // 2
    if logo is not None:
        _paste(card, logo, ((WIDTH - logo.width) // 2, y))
        y += logo.height
    if name_block is not None:
        y += name_gap
        name_block.draw(canvas, WIDTH / 2, y, align="m")
        y += name_block.height
    if tagline_block is not None:
        y += tagline_gap
        tagline_block.draw(canvas, WIDTH / 2, y, align="m")
