"""Hints for the images of a page: their size, and which of them may load late.

An ``<img>`` without ``width`` and ``height`` moves the text under it when it arrives
(layout shift); one far down the page need not be fetched before the reader gets
there. The theme adds, to the images of a page's body that the author left without
them, the intrinsic size of the file (read from its header: PNG, GIF, JPEG, WebP and
SVG, no imaging library needed) and, below the first image, ``loading="lazy"`` and
``decoding="async"``. What the author set is kept.
"""

from __future__ import annotations

import functools
import re
import struct
from html import escape
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

#: An ``<img>`` tag, its attribute values quoted or not (``>`` may stand in quotes).
_IMG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
#: A CSS length in pixels (or without a unit), as SVG's width and height give it.
_PIXELS = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")
#: How much of a file is read to find its size: JPEG puts its frame header after
#: the metadata (Exif, colour profiles), which may be long.
_HEAD = 64 * 1024
_SVG_HEAD = 4 * 1024


def intrinsic_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels of a PNG, GIF, JPEG, WebP or SVG file; None when the
    file cannot be read or its size is not in its header."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _cached_size(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _cached_size(path: str, _mtime: int, _size: int) -> tuple[int, int] | None:
    try:
        with open(path, "rb") as file:
            head = file.read(_HEAD)
    except OSError:
        return None
    try:
        size = _raster_size(head)
    except (struct.error, IndexError, ValueError):
        return None
    if size is None and path.lower().endswith((".svg", ".svgz")):
        size = _svg_size(head[:_SVG_HEAD])
    if size is None or size[0] <= 0 or size[1] <= 0:
        return None
    return size


def _raster_size(head: bytes) -> tuple[int, int] | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return width, height
    if head[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", head[6:10])
        return width, height
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp_size(head)
    return None


#: JPEG frame headers (SOF0 to SOF15 without DHT, JPG and DAC), which carry the size.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
            at += 2
            continue
        (length,) = struct.unpack(">H", head[at + 2 : at + 4])
        if marker in _SOF:
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return width, height
    return None


class _FirstTag(HTMLParser):
    """The attributes of the first start tag named ``name``."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.attrs: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.attrs is None and tag == self.name:
            self.attrs = {key: value or "" for key, value in attrs}

    handle_startendtag = handle_starttag


def _first_tag(text: str, name: str) -> dict[str, str] | None:
    parser = _FirstTag(name)
    try:
        parser.feed(text)
        parser.close()
    except (ValueError, AssertionError):
        return None
    return parser.attrs


def _svg_size(head: bytes) -> tuple[int, int] | None:
    """An SVG's ``width`` and ``height`` when they are in pixels, else its ``viewBox``."""
    attrs = _first_tag(head.decode("utf-8", "replace"), "svg")
    if attrs is None:
        return None
    width, height = _pixels(attrs.get("width")), _pixels(attrs.get("height"))
    box = attrs.get("viewbox", "").replace(",", " ").split()
    try:
        box_width, box_height = (float(value) for value in box[2:4])
    except ValueError:
        box_width = box_height = 0.0
    if width and height:
        return round(width), round(height)
    if box_width > 0 and box_height > 0:
        if width:  # one side given: the other from the box's proportions
            return round(width), round(width * box_height / box_width)
        if height:
            return round(height * box_width / box_height), round(height)
        return round(box_width), round(box_height)
    return None


def _pixels(value: str | None) -> float | None:
    match = _PIXELS.match(value or "")
    return float(match.group(1)) if match else None


def with_image_hints(body: str, locate: Callable[[str], Path | None]) -> str:
    """``body`` with the size and loading hints on its images; ``locate`` finds the
    file an image's ``src`` names (None for a remote or unknown one)."""
    if "<img" not in body:
        return body
    seen = 0

    def hint(match: re.Match[str]) -> str:
        nonlocal seen
        tag = match.group(0)
        attrs = _first_tag(tag, "img")
        if attrs is None:
            return tag
        # an image whose loading the author (or the extension) chose is not counted:
        # the first image is the first one left to the theme
        chosen = "loading" in attrs
        first = not chosen and seen == 0
        seen += not chosen
        added: list[tuple[str, str]] = []
        style = attrs.get("style", "").lower()
        sized = {"width", "height"} & attrs.keys() or re.search(r"\b(width|height)\s*:", style)
        if not sized and attrs.get("src"):
            path = locate(attrs["src"])
            size = intrinsic_size(path) if path is not None else None
            if size is not None:
                added += [("width", str(size[0])), ("height", str(size[1]))]
        if not first:
            if "loading" not in attrs:
                added.append(("loading", "lazy"))
            if "decoding" not in attrs:
                added.append(("decoding", "async"))
        if not added:
            return tag
        extra = "".join(f' {name}="{escape(value)}"' for name, value in added)
        end = -2 if tag.endswith("/>") else -1
        return tag[:end].rstrip() + extra + tag[end:].replace("/>", " />")

    return _IMG.sub(hint, body)
