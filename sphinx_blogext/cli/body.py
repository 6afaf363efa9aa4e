"""Turning the body of a Hugo page into MyST Markdown.

Hugo expands shortcodes before it reads Markdown, in both forms
(``{{< name >}}`` and ``{{% name %}}``), code blocks included; so does this
module. Known shortcodes become MyST: ``figure`` a figure, ``youtube`` an
embedded video from YouTube's no-cookie domain (a link for other builders),
``ref``/``relref`` a link to the imported document, ``highlight`` a code
block. Any other shortcode stays on the page as visible code with a comment,
and is reported. Links and images are pointed at where their targets are
after the import. Headings are left as they are.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

_OPEN = re.compile(r"\{\{([<%])")
_PARAM = re.compile(
    r"""\s*(?:([A-Za-z_][\w-]*)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`=]+))""",
    re.DOTALL,
)
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?^\1?\2[ \t]*$", re.DOTALL | re.MULTILINE)
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*(<[^>\n]*>|[^)\s]+)(\s+\"[^\"\n]*\")?\s*\)"
)
_REF_LINK = re.compile(
    r"(?<!!)\[((?:[^\[\]\\]|\\.)*)\]\(\s*\{\{([<%])\s*(?:rel)?ref\s+(.*?)\s*[>%]\}\}\s*\)",
    re.DOTALL,
)
_RAW_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)""", re.IGNORECASE)
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_LENGTH = re.compile(r"\d+(?:\.\d+)?(?:px|em|ex|rem|%|pt|cm|mm|in|vw|vh)?")


@dataclass
class Shortcode:
    start: int
    end: int
    name: str
    params: list[tuple[str | None, str]]
    delimiter: str
    closing: bool = False
    self_closing: bool = False
    #: an escaped shortcode, ``{{</* name */>}}``: written out as text
    comment: bool = False
    raw: str = ""

    def get(self, name: str, position: int | None = None) -> str:
        for key, value in self.params:
            if key == name:
                return value
        positional = [value for key, value in self.params if key is None]
        if position is not None and position < len(positional):
            return positional[position]
        return ""


@dataclass
class Body:
    """What the conversion of one page needs, and what it found."""

    #: the line of the body's first character in the source file
    first_line: int
    #: a link or image target as it should be written after the import (None when
    #: it leads nowhere; ``image`` tells which), and a note for the report or ""
    link: Callable[[str, bool], tuple[str | None, str]]
    #: the imported Markdown file a ``ref``/``relref`` argument names, as a
    #: relative link, or None
    ref: Callable[[str], str | None]
    notes: list[tuple[int, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def find_shortcodes(text: str) -> list[Shortcode]:
    """Every shortcode in ``text``, in order; unterminated ones are not shortcodes."""
    found = []
    position = 0
    while (match := _OPEN.search(text, position)) is not None:
        delimiter = match.group(1)
        closer = (">" if delimiter == "<" else "%") + "}}"
        end = _closing(text, match.end(), closer)
        if end is None:
            position = match.end()
            continue
        inner = text[match.end() : end].strip()
        shortcode = _parse(inner, match.start(), end + len(closer), delimiter)
        shortcode.raw = text[match.start() : end + len(closer)]
        if shortcode.name:
            found.append(shortcode)
        position = end + len(closer)
    return found


def _closing(text: str, start: int, closer: str) -> int | None:
    """Where ``closer`` ends the shortcode opened before ``start``, outside quotes."""
    quote = ""
    index = start
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char in '"`':
            quote = char
        elif text.startswith(closer, index):
            return index
        elif char == "\n" and text.startswith("\n\n", index):
            return None  # a shortcode does not span paragraphs
        index += 1
    return None


def _parse(inner: str, start: int, end: int, delimiter: str) -> Shortcode:
    comment = inner.startswith("/*") and inner.endswith("*/")
    if comment:
        inner = inner[2:-2].strip()
    closing = inner.startswith("/")
    self_closing = inner.endswith("/") and not closing
    inner = inner.strip("/").strip()
    name, _, rest = inner.partition(" ")
    name = name.strip()
    if not re.fullmatch(r"[\w./-]+", name or "-"):
        name = ""
    params: list[tuple[str | None, str]] = []
    position = 0
    while position < len(rest):
        match = _PARAM.match(rest, position)
        if match is None or match.end() == position:
            break
        key, quoted, raw, bare = match.groups()
        value = quoted if quoted is not None else raw if raw is not None else bare or ""
        if quoted is not None:
            value = re.sub(r"\\(.)", r"\1", value)
        params.append((key, value))
        position = match.end()
    return Shortcode(start, end, name, params, delimiter, closing, self_closing, comment)


# -- converting ------------------------------------------------------------------


def convert(text: str, body: Body) -> str:
    """The MyST Markdown of a Hugo page body."""
    text = text.replace("\r\n", "\n")
    # links first: what the shortcodes give is already where it belongs
    text = _links(text, body)
    text = _REF_LINK.sub(lambda m: _ref_link(m, text, body), text)
    return _tidy(_shortcodes(text, body))


def _tidy(text: str) -> str:
    """One blank line between blocks outside code (converted blocks bring their own)."""
    pieces, position = [], 0
    for fence in _FENCE.finditer(text):
        pieces.append(re.sub(r"\n{3,}", "\n\n", text[position : fence.start()]))
        pieces.append(fence.group(0))
        position = fence.end()
    pieces.append(re.sub(r"\n{3,}", "\n\n", text[position:]))
    return "".join(pieces)


def folder_url(markdown_link: str) -> str:
    """``../b/index.md`` as an address: ``../b/`` (Hugo's style, html and dirhtml alike)."""
    path, _, fragment = markdown_link.partition("#")
    path = path.removesuffix("index.md") or "./"
    return path + (f"#{fragment}" if fragment else "")


def _line(text: str, offset: int, body: Body) -> int:
    return body.first_line + text.count("\n", 0, offset)


def _ref_link(match: re.Match[str], text: str, body: Body) -> str:
    label, argument = match.group(1), match.group(3)
    name = "relref" if re.search(r"[<%]\s*relref\s", match.group(0)) else "ref"
    code = _parse(f"{name} {argument}", 0, 0, match.group(2))
    target = code.get("path", 0)
    found = body.ref(target)
    if found is None:
        line = _line(text, match.start(), body)
        body.notes.append((line, f"{name} {target!r} leads to no imported page; kept as text"))
        return label
    body.counts[name] += 1
    return f"[{label}]({found})"


def _shortcodes(text: str, body: Body) -> str:
    codes = find_shortcodes(text)
    fences = [(m.start(), m.end()) for m in _FENCE.finditer(text)]
    out: list[str] = []
    position = 0
    index = 0
    while index < len(codes):
        code = codes[index]
        out.append(text[position : code.start])
        position = code.end
        index += 1
        if code.comment:
            out.append(_uncommented(code.raw))
            continue
        if any(start <= code.start < end for start, end in fences):
            # a block written into a code block would end it: left as written
            line = _line(text, code.start, body)
            body.notes.append(
                (line, f"shortcode {code.name!r} inside a code block kept as written")
            )
            out.append(code.raw)
            continue
        name = code.name.casefold()
        if name == "highlight" and not code.closing and not code.self_closing:
            end = next(
                (
                    i
                    for i in range(index, len(codes))
                    if codes[i].closing and codes[i].name == "highlight"
                ),
                None,
            )
            if end is not None:
                out.append(_block(out, _highlight(code, text[code.end : codes[end].start])))
                position = codes[end].end
                index = end + 1
                body.counts["highlight"] += 1
                continue
            line = _line(text, code.start, body)
            body.notes.append((line, "highlight without {{< /highlight >}}; not converted"))
            out.append(_kept(code, text, out, body, known=True))
            continue
        converted = None
        if not code.closing and name in ("figure", "youtube"):
            converted = (_figure if name == "figure" else _youtube)(code, text, body)
            if converted is None:  # the converter said why
                out.append(_kept(code, text, out, body, known=True))
                continue
        elif not code.closing and name in ("ref", "relref"):
            out.append(_bare_ref(code, text, out, body))
            continue
        if converted is not None:
            body.counts[name] += 1
            out.append(_block(out, converted))
            continue
        out.append(_kept(code, text, out, body))
    out.append(text[position:])
    return "".join(out)


def _uncommented(raw: str) -> str:
    """``{{</* name */>}}`` is how Hugo writes a shortcode as text: ``{{< name >}}``."""
    raw = re.sub(r"^\{\{([<%])\s*/\*\s*", r"{{\1 ", raw)
    return re.sub(r"\s*\*/\s*([>%])\}\}$", r" \1}}", raw)


def _block(out: list[str], block: str) -> str:
    """A block on lines of its own, with a blank line before and after it."""
    before = "".join(out[-2:])
    lead = (
        "" if not before or before.endswith("\n\n") else ("\n" if before.endswith("\n") else "\n\n")
    )
    return f"{lead}{block}\n\n"


def _bare_ref(code: Shortcode, text: str, out: list[str], body: Body) -> str:
    """A ``ref`` outside a Markdown link (in raw HTML, or in text): an address."""
    target = code.get("path", 0)
    found = body.ref(target)
    line = _line(text, code.start, body)
    if found is None:
        body.notes.append((line, f"{code.name} {target!r} leads to no imported page"))
        return _kept(code, text, out, body, known=True)
    body.counts[code.name.casefold()] += 1
    before = "".join(out[-2:])
    if not re.search(r"""(href|src)\s*=\s*["']?$""", before):
        body.notes.append((line, f"{code.name} {target!r} outside a link is written as an address"))
    return folder_url(found)


def _kept(code: Shortcode, text: str, out: list[str], body: Body, *, known: bool = False) -> str:
    """A shortcode that is not converted: left visible as code, with a comment.

    Unknown ones are reported here; a known one that could not be converted
    (``known``) was reported by its converter.
    """
    line = _line(text, code.start, body)
    shown = code.name if not code.closing else f"/{code.name}"
    if not known:
        body.notes.append((line, f"unknown shortcode {shown!r} kept as text"))
        body.counts["unknown"] += 1
    ticks = "`" * (max((len(r) for r in re.findall(r"`+", code.raw)), default=0) + 1)
    inline = f"{ticks} {code.raw} {ticks}"
    before = "".join(out[-2:])
    alone = (not before or before.endswith("\n")) and text[code.end : code.end + 1] in ("", "\n")
    if alone:
        why = "not converted" if known else "unknown shortcode"
        return f"% import-hugo: {why} {shown!r}, kept as text\n{inline}"
    return inline


def _option(value: str) -> str:
    """A directive option value on one line."""
    return " ".join(value.split())


def _plain(markdown: str) -> str:
    """Text for an alt attribute: links by their text, no emphasis marks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return _option(re.sub(r"[*_`]", "", text))


def _figure(code: Shortcode, text: str, body: Body) -> str | None:
    source = code.get("src")
    if not source:
        body.notes.append((_line(text, code.start, body), "figure without src; kept as text"))
        return None
    target, note = body.link(source, True)
    line = _line(text, code.start, body)
    if note:
        body.notes.append((line, note))
    if target is None:
        body.notes.append((line, f"figure image {source!r} is missing; not converted"))
        return None
    lines = [f"```{{figure}} {target}"]
    alt = _plain(code.get("alt") or code.get("title") or code.get("caption"))
    if alt:
        lines.append(f":alt: {alt}")
    for name in ("width", "height"):
        value = code.get(name).strip()
        if value and _LENGTH.fullmatch(value):
            lines.append(f":{name}: {value}")
        elif value:
            body.notes.append((_line(text, code.start, body), f"figure {name} {value!r} left out"))
    classes = " ".join(c for c in code.get("class").split() if re.fullmatch(r"[\w-]+", c))
    if classes:
        lines.append(f":class: {classes}")
    link = code.get("link")
    if link:
        linked, _note = body.link(link, False)
        if linked is not None:
            lines.append(f":target: {folder_url(linked) if linked.endswith('.md') else linked}")
    caption = " ".join(p for p in (code.get("title"), code.get("caption")) if p)
    if caption:
        lines += ["", caption.strip()]
    return "\n".join([*lines, "```"])


def _youtube(code: Shortcode, text: str, body: Body) -> str | None:
    video = code.get("id", 0).strip()
    if not _YOUTUBE_ID.fullmatch(video):
        line = _line(text, code.start, body)
        body.notes.append((line, f"youtube id {video!r} is not a video id; kept as text"))
        return None
    title = _plain(code.get("title")) or "Video on YouTube"
    start = code.get("start").strip()
    query = f"?start={start}" if start.isdigit() else ""
    frame = (
        f'<div class="blogext-video"><iframe src="https://www.youtube-nocookie.com/embed/{video}'
        f'{query}" title="{html.escape(title)}" loading="lazy" '
        'allow="accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture; '
        'web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen>'
        "</iframe></div>"
    )
    link = f"https://www.youtube.com/watch?v={video}"
    return f"```{{raw}} html\n{frame}\n```\n\n```{{only}} not html\n[{_escape(title)}]({link})\n```"


def _highlight(code: Shortcode, content: str) -> str:
    language = code.get("lang", 0).strip() or "text"
    options = code.get("options", 1)
    if not re.fullmatch(r"[\w+#.-]+", language):
        language = "text"
    lines = [f"{{code-block}} {language}"]
    settings = dict(
        part.split("=", 1) for part in re.split(r"[,\s]+(?=\w+=)", options) if "=" in part
    )
    if settings.get("linenos", "false") not in ("false", ""):
        lines.append(":linenos:")
    emphasis = settings.get("hl_lines", "").strip("\"' ")
    if emphasis:
        ranges = [r for r in re.split(r"[\s,]+", emphasis) if re.fullmatch(r"\d+(-\d+)?", r)]
        if ranges:
            lines.append(f":emphasize-lines: {','.join(ranges)}")
    content = content.strip("\n")
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`{3,}", content)), default=0) + 1)
    return f"{fence}" + "\n".join(lines) + f"\n\n{content}\n{fence}"


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


# -- links and images ------------------------------------------------------------


def _links(text: str, body: Body) -> str:
    """Point links and images at their targets after the import (code left alone)."""
    pieces = []
    position = 0
    for fence in _FENCE.finditer(text):
        pieces.append(_outside_code(text[position : fence.start()], text, position, body))
        pieces.append(fence.group(0))
        position = fence.end()
    pieces.append(_outside_code(text[position:], text, position, body))
    return "".join(pieces)


def _outside_code(part: str, text: str, offset: int, body: Body) -> str:
    def replace(match: re.Match[str]) -> str:
        image, label, target, title = match.groups()
        target = target.strip("<>")
        if target.startswith(("{", "%")) or not target:
            return match.group(0)
        found, note = body.link(target, bool(image))
        line = _line(text, offset + match.start(), body)
        if note:
            body.notes.append((line, note))
        if found == target:
            return match.group(0)
        if found is None:
            what = "image" if image else "link target"
            body.notes.append((line, f"{what} {target!r} does not exist; kept as text"))
            return f"*[{label}: image missing]*" if image else label
        return f"{image}[{label}]({found}{title or ''})"

    for image in _RAW_IMAGE.finditer(part):
        # site paths are published by html_extra_path; other local ones are not
        if not re.match(r"(https?:)?//|/", image.group(1)):
            line = _line(text, offset + image.start(), body)
            body.notes.append((line, f"raw HTML image {image.group(1)!r} is not converted"))
    # inline code spans keep their text
    spans = re.split(r"(`+[^`\n]*`+)", part)
    return "".join(s if s.startswith("`") else _LINK.sub(replace, s) for s in spans)
