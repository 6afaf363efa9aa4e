"""Checks on URLs and site paths that authors write in front matter."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

_SAFE_SCHEMES = {"http", "https"}
_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`]")

#: Characters a path segment may hold: letters and digits of any script and
#: a few marks that are safe in URLs and file names on every system.
_SEGMENT = re.compile(r"[\w\-.~+@!$&()=,;]+")
#: The longest segment in UTF-8 bytes, leaving room for ``.html`` in the
#: 255-byte limit of common file systems.
MAX_SEGMENT_BYTES = 150
MAX_PATH_BYTES = 1000
#: Image files a page may show: avatars, post images, imported pictures.
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
#: Names Windows reserves for devices, with or without an extension.
_DEVICE = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)(\..*)?", re.IGNORECASE)
#: What Sphinx writes at the top of an HTML output folder.
RESERVED_TOP = frozenset(
    {"_static", "_sources", "_images", "_downloads", "genindex", "genindex.html",
     "search", "search.html", "searchindex.js", "objects.inv", "py-modindex",
     "py-modindex.html"}
)  # fmt: skip


def unsafe_url_reason(url: str) -> str | None:
    """Why ``url`` must not be put in a page, or None when it is safe.

    Allowed are http(s) URLs and paths without a scheme.
    """
    if _UNSAFE_IN_URL.search(url) or not _encodable(url):
        return f"{url[:80]!r} contains spaces, quotes or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"{url[:80]!r} is not a valid URL"
    scheme = parts.scheme
    if scheme and scheme.lower() not in _SAFE_SCHEMES:
        return f"{url[:80]!r} uses the scheme {scheme!r}; only http and https are allowed"
    if scheme and not parts.netloc:
        # "http:evil.example" is no address on this site, and no absolute one either
        return f"{url[:80]!r} has no host after {scheme + ':'!r}; write {scheme}://host/…"
    return None


def is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def path_problem(path: str, *, segment: bool = False) -> str | None:
    """Why ``path`` cannot be an output path inside the site, or None.

    With ``segment``, ``path`` must be a single path segment (a slug).
    """
    shown = repr(path[:80]) + ("…" if len(path) > 80 else "")
    if not _encodable(path):
        return f"{shown} contains characters that cannot be written to a file name"
    path = unicodedata.normalize("NFC", path)
    if len(path.encode("utf-8")) > MAX_PATH_BYTES:
        return f"{shown} is longer than {MAX_PATH_BYTES} bytes"
    if not segment and (is_absolute(path) or "?" in path or "#" in path):
        return f"{shown} must be a path on this site, such as /news/old-post/"
    parts = path.split("/") if not segment else [path]
    inner = [p for p in parts if p] if not segment else parts
    if not inner:
        return f"{shown} must name a page inside the site"
    if segment and "/" in path:
        return f"{shown} must not contain '/'"
    for part in inner:
        if part in (".", ".."):
            return f"{shown} must stay inside the site (no '.' or '..')"
        if part.startswith("."):
            return f"{shown}: a path segment must not start with '.'"
        if not _SEGMENT.fullmatch(part):
            return (
                f"{shown} may only hold letters, digits and - . _ ~ + @ ! $ & ( ) = , ; "
                "(no spaces, quotes, control characters or %)"
            )
        if len(part.encode("utf-8")) > MAX_SEGMENT_BYTES:
            return f"{shown} has a segment longer than {MAX_SEGMENT_BYTES} bytes"
        if _DEVICE.fullmatch(part):
            return f"{shown} uses the reserved name {part!r}"
    if not segment and inner[0] in RESERVED_TOP:
        return f"{shown} is reserved for Sphinx's own output"
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_device_name(segment: str) -> bool:
    """Whether Windows refuses ``segment`` as a file or folder name (``con``, ``lpt1.txt``)."""
    return _DEVICE.fullmatch(segment) is not None


def file_slug(docname: str) -> str:
    """The slug a document's name gives (a bundle's folder for ``x/index``); ABlog's label
    of a post."""
    parts = docname.split("/")
    return parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1]


#: What Hugo keeps of a name in an address besides letters, digits and marks.
HUGO_MARKS = frozenset("./\\_#+~-@")


def hugo_urlize(name: str, *, lower: bool = True, keep: str = "") -> str:
    """A name as Hugo makes it part of an address (its ``urlize`` and page paths): spaces
    become one hyphen between kept characters, punctuation other than ``. / \\ _ # + ~ -
    @`` (and ``keep``) is dropped, and letters are lower-cased unless ``lower`` is off
    (``disablePathToLower``). ``Hello, World!`` is ``hello-world``."""
    kept: list[str] = []
    hyphen_before = was_hyphen = False
    for char in unicodedata.normalize("NFC", name):
        allowed = char.isalnum() or char in HUGO_MARKS or char in keep
        if allowed or unicodedata.category(char)[0] == "M":
            was_hyphen = char == "-"
            if hyphen_before and not was_hyphen:
                kept.append("-")
            hyphen_before = False
            kept.append(char)
        elif kept and not was_hyphen and char.isspace():
            hyphen_before = True
    text = "".join(kept)
    return text.lower() if lower else text
