"""Turning the body of a Hugo page into MyST Markdown.

Hugo expands shortcodes before it reads Markdown, in both forms
(``{{< name >}}`` and ``{{% name %}}``), code blocks included; so does this
module. Hugo's and Doks' known shortcodes become MyST (see ``shortcodes.py``
and ``docs/hugo-shortcodes.md``); any other shortcode stays on the page as
visible code with a comment, and is reported. Links and images are pointed
at where their targets are after the import. Markdown that Hugo accepts and
docutils refuses is mended and reported: thematic breaks where docutils
allows no transition, links with dangerous schemes. Headings are left as
they are.

Every scanner reads each character a bounded number of times, so a page
converts in linear time whatever it holds.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from . import shortcodes as sc
from .shortcodes import Shortcode, find_shortcodes, folder_url

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Body", "Shortcode", "convert", "find_shortcodes", "folder_url"]

#: schemes MyST links to without being told (``myst_url_schemes``' default)
WEB_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})
#: schemes a page must not link to: the link becomes its text
DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})

_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{1,31}):")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}):[^\s<>]*>")
_TOKEN = re.compile(r"\\.|!\[|\[|\]|`+|<", re.DOTALL)
_ANGLE_DESTINATION = re.compile(r"<(?:[^<>\n\\]|\\.)*>")
_RAW_DESTINATION = re.compile(r"[^\s()\\]+|\\.|[()]")
_TITLE = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\((?:[^()\\\n]|\\.)*\)""")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_QUOTE = re.compile(r" {0,3}>[ \t>]*")
_LIST_ITEM = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
#: how deep paired shortcodes are converted inside one another
_DEPTH = 24


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
    #: the value of a ``param`` shortcode's parameter (the page's front matter,
    #: then the site's params), or None
    param: Callable[[str], str | None] = field(default=lambda _name: None)
    #: the first file of the page's bundle whose path matches a glob pattern (Hugo's
    #: ``.Resources.GetMatch``: ``**NAME*`` is any file whose path holds NAME), as a
    #: path relative to the page's folder, or None
    resource: Callable[[str], str | None] = field(default=lambda _pattern: None)
    notes: list[tuple[int, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    #: URL schemes the page links to that MyST must be told about
    #: (``myst_url_schemes``), lower case
    schemes: set[str] = field(default_factory=set)


def convert(text: str, body: Body) -> str:
    """The MyST Markdown of a Hugo page body."""
    text = text.replace("\r\n", "\n")
    # links first: what the shortcodes give is already where it belongs; both
    # steps keep every line where it was, so lines in notes stay true
    text = _links(text, body)
    text = _breaks(text, body)
    text = _languages(text, body)
    return _tidy(_Shortcodes(text, body).convert())


class _Lines:
    """Line numbers of offsets in a text, by bisection."""

    def __init__(self, text: str, first: int) -> None:
        self.starts = [m.end() for m in re.finditer("\n", text)]
        self.first = first

    def __call__(self, offset: int) -> int:
        return self.first + bisect.bisect_right(self.starts, offset)


def fences(text: str) -> list[tuple[int, int]]:
    """The fenced code blocks of ``text`` (one pass over its lines); one without its
    closing fence runs to the end, as in CommonMark."""
    found = []
    opened: tuple[int, str] | None = None
    position = 0
    for line in text.splitlines(keepends=True):
        start, position = position, position + len(line)
        content = line.rstrip("\n")
        if opened is None:
            match = _FENCE_OPEN.match(content)
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                opened = (start, match.group(1))
        else:
            stripped = content.strip()
            marker = opened[1]
            if (
                len(content) - len(content.lstrip(" ")) <= 3
                and stripped.startswith(marker)
                and stripped == marker[0] * len(stripped)
            ):
                found.append((opened[0], position))
                opened = None
    if opened is not None:
        found.append((opened[0], len(text)))
    return found


def _outside(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges of ``text`` between ``spans``."""
    ranges, position = [], 0
    for start, end in spans:
        ranges.append((position, start))
        position = end
    ranges.append((position, len(text)))
    return ranges


def outside_code(text: str) -> str:
    """``text`` without its fenced code blocks (found in one pass, as :func:`fences`)."""
    return "".join(text[start:end] for start, end in _outside(text, fences(text)))


def _tidy(text: str) -> str:
    """One blank line between blocks outside code (converted blocks bring their own)."""
    spans = iter(fences(text))
    span = next(spans, None)
    kept: list[str] = []
    blank = False
    position = 0
    for line in text.split("\n"):
        offset, position = position, position + len(line) + 1
        while span is not None and span[1] <= offset:
            span = next(spans, None)
        if span is not None and span[0] <= offset:
            kept.append(line)
            blank = False
            continue
        if not line.strip() and blank:
            continue
        blank = not line.strip()
        kept.append(line)
    return "\n".join(kept)


# -- links and images --------------------------------------------------------------


def _links(text: str, body: Body) -> str:
    """Point links and images at their targets after the import (code left alone)."""
    lines = _Lines(text, body.first_line)
    refs = {code.start: code for code in find_shortcodes(text)}
    edits: list[tuple[int, int, str]] = []
    for start, end in _outside(text, fences(text)):
        paragraph = start
        for blank in re.finditer(r"\n[ \t]*(?=\n)", text[start:end]):
            _LinkScanner(text, paragraph, start + blank.start(), body, lines, refs, edits).scan()
            paragraph = start + blank.end()
        _LinkScanner(text, paragraph, end, body, lines, refs, edits).scan()
    return _apply(text, 0, len(text), edits)


def _apply(text: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
    pieces, position = [], start
    for edit_start, edit_end, replacement in edits:
        pieces += [text[position:edit_start], replacement]
        position = edit_end
    pieces.append(text[position:end])
    return "".join(pieces)


def code_spans(tokens: list[re.Match[str]]) -> dict[int, int]:
    """Inline code: where each span opens, and where it ends."""
    runs = [t for t in tokens if t.group(0)[0] == "`"]
    by_length: dict[int, list[int]] = {}
    for index, run in enumerate(runs):
        by_length.setdefault(len(run.group(0)), []).append(index)
    rank: dict[int, int] = {}
    for indexes in by_length.values():
        for order, index in enumerate(indexes):
            rank[index] = order
    spans: dict[int, int] = {}
    inside_until = -1
    for index, run in enumerate(runs):
        if run.start() < inside_until:
            continue
        same = by_length[len(run.group(0))]
        following = rank[index] + 1
        if following < len(same):
            closer = runs[same[following]]
            spans[run.start()] = inside_until = closer.end()
    return spans


class _LinkScanner:
    """Links, images and autolinks of one paragraph, in one pass over its tokens.

    Brackets are matched with a stack; a destination is read once from each
    ``](``, and no further than its first space or 32 nested parentheses.
    """

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        body: Body,
        lines: _Lines,
        refs: dict[int, Shortcode],
        edits: list[tuple[int, int, str]],
    ) -> None:
        self.text, self.start, self.end = text, start, end
        self.body, self.lines, self.refs, self.edits = body, lines, refs, edits

    def scan(self) -> None:
        text, end = self.text, self.end
        tokens = list(_TOKEN.finditer(text, self.start, end))
        code_ends = code_spans(tokens)
        openers: list[tuple[int, bool]] = []
        inactive_before = -1  # links cannot hold links: openers before this are text
        skip_to = self.start
        for token in tokens:
            at = token.start()
            if at < skip_to:
                continue
            kind = token.group(0)
            if at in code_ends:
                skip_to = code_ends[at]
            elif kind in ("[", "!["):
                openers.append((at, kind == "!["))
            elif kind == "<":
                skip_to = self._autolink(at)
            elif kind == "]" and openers:
                opener, image = openers.pop()
                if not image and opener < inactive_before:
                    continue
                if not text.startswith("(", at + 1):
                    continue
                link_end = self._link(opener, image, at)
                if link_end is not None:
                    skip_to = link_end
                    if not image:
                        inactive_before = opener

    def _autolink(self, at: int) -> int:
        match = _AUTOLINK.match(self.text, at, self.end)
        if match is None:
            return at
        scheme = match.group(1).lower()
        if scheme in DANGEROUS_SCHEMES:
            line = self.lines(at)
            self.body.notes.append((line, f"{scheme}: autolink written as text"))
            self.edits.append((at, match.end(), sc.escape(match.group(0)[1:-1])))
        elif scheme not in WEB_SCHEMES:
            self.body.schemes.add(scheme)
        return match.end()

    def _destination(self, at: int) -> tuple[int, int, int] | None:
        """Where the destination after ``](`` starts and ends, and where the link ends."""
        text, end = self.text, self.end
        position = _skip_space(text, at, end)
        if text.startswith("<", position):
            match = _ANGLE_DESTINATION.match(text, position, end)
            if match is None:
                return None
            start, stop = position, match.end()
        else:
            start, depth, stop = position, 0, position
            while (token := _RAW_DESTINATION.match(text, stop, end)) is not None:
                if token.group(0) == "(":
                    depth += 1
                    if depth > 32:
                        return None
                elif token.group(0) == ")":
                    if depth == 0:
                        break
                    depth -= 1
                stop = token.end()
            if depth:
                return None
        position = _skip_space(text, stop, end)
        if position > stop:
            title = _TITLE.match(text, position, end)
            if title is not None:
                position = _skip_space(text, title.end(), end)
        if not text.startswith(")", position) or position >= end:
            return None
        return start, stop, position + 1

    def _link(self, opener: int, image: bool, close: int) -> int | None:
        text = self.text
        code = self.refs.get(_skip_space(text, close + 2, self.end))
        if code is not None and not image:
            return self._ref(opener, close, code)
        found = self._destination(close + 2)
        if found is None:
            return None
        start, stop, link_end = found
        target = text[start:stop].strip("<>")
        if not target or target.startswith(("{", "%")):
            return link_end
        label_start = opener + (2 if image else 1)
        line = self.lines(opener)
        scheme = _SCHEME.match(target)
        name = scheme.group(1).lower() if scheme else ""
        if name in DANGEROUS_SCHEMES:
            what = "image" if image else "link"
            self.body.notes.append((line, f"{name}: {what} written as its text"))
            self._replace(opener, link_end, label_start, close, "{}")
            return link_end
        if name and name not in WEB_SCHEMES:
            self.body.schemes.add(name)
            return link_end
        moved, note = self.body.link(target, image)
        if note:
            self.body.notes.append((line, note))
        if moved == target:
            return link_end
        if moved is None:
            what = "image" if image else "link target"
            self.body.notes.append((line, f"{what} {target!r} does not exist; kept as text"))
            form = "*[{}: image missing]*" if image else "{}"
            self._replace(opener, link_end, label_start, close, form)
            return link_end
        self.edits.append((start, stop, moved))
        return link_end

    def _ref(self, opener: int, close: int, code: Shortcode) -> int | None:
        """``[label]({{< ref "page" >}})``: a link to the imported page."""
        name = code.name.casefold()
        after = _skip_space(self.text, code.end, self.end)
        if name not in ("ref", "relref") or code.closing or not self.text.startswith(")", after):
            return None
        target = code.get("path", 0)
        found = self.body.ref(target)
        if found is None:
            message = f"{name} {target!r} leads to no imported page; kept as text"
            self.body.notes.append((self.lines(opener), message))
            self._replace(opener, after + 1, opener + 1, close, "{}")
        else:
            self.body.counts[name] += 1
            self._replace(opener, after + 1, opener + 1, close, "[{}](" + found + ")")
        return after + 1

    def _replace(self, start: int, end: int, label_start: int, label_end: int, form: str) -> None:
        """The link from ``start`` to ``end`` becomes ``form`` around its label (whose
        own links and images, already edited, are kept)."""
        inner = []
        while self.edits and self.edits[-1][0] >= start:
            inner.append(self.edits.pop())
        label = _apply(self.text, label_start, label_end, inner[::-1])
        self.edits.append((start, end, form.replace("{}", label, 1)))


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position] in " \t\n":
        position += 1
    return position


# -- thematic breaks ---------------------------------------------------------------


def _is_break(line: str) -> bool:
    stripped = line.strip(" \t")
    if len(line) - len(line.lstrip(" ")) > 3 or len(stripped) < 3:
        return False
    marks = stripped.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and marks[0] in "-*_" and marks == marks[0] * len(marks)


def _breaks(text: str, body: Body, *, contained: str = "", line: int = 0) -> str:
    """Thematic breaks where docutils allows no transition, left out and reported: at
    the start or end, after a heading or another break, in a quote; inside a block
    (``contained`` names the shortcode) every one."""
    lines = text.split("\n")
    number = _Lines(text, body.first_line)
    code = fences(text)
    offsets, position = [], 0
    for piece in lines:
        offsets.append(position)
        position += len(piece) + 1
    spans = iter(code)
    span = next(spans, None)
    previous = "start"  # start, heading, break or text
    paragraph = False  # the line before was paragraph text (for setext headings)
    listing = False  # in a list item until a blank line: no setext heading there
    last_break = -1
    for index, piece in enumerate(lines):
        offset = offsets[index]
        while span is not None and span[1] <= offset:
            span = next(spans, None)
        if span is not None and span[0] <= offset < span[1]:
            previous, paragraph = "text", False
            continue
        if not piece.strip():
            paragraph = listing = False
            continue
        why = ""
        quoted = _QUOTE.match(piece)
        if quoted and _is_break(piece[quoted.end() :]):
            why = "in a quote"
        elif paragraph and _SETEXT.match(piece):
            previous, paragraph = "heading", False
            continue
        elif _is_break(piece):
            if contained:
                why = f"inside {contained}"
            elif previous == "start":
                why = "at the start of the page"
            elif previous == "heading":
                why = "right after a heading"
            elif previous == "break":
                why = "right after another break"
            else:
                previous, paragraph, last_break = "break", False, index
                continue
        if why:
            where = line or number(offset)
            body.notes.append((where, f"thematic break {why} left out (docutils refuses it)"))
            lines[index] = piece[: quoted.end()].rstrip() if quoted else ""
            continue
        heading = _ATX.match(piece) is not None
        listing = listing or _LIST_ITEM.match(piece) is not None
        previous = "heading" if heading else "text"
        paragraph = not (heading or quoted or listing)
    if previous == "break" and not contained:
        body.notes.append(
            (number(offsets[last_break]), "thematic break at the end of the page left out")
        )
        lines[last_break] = ""
    return "\n".join(lines)


# -- code languages ------------------------------------------------------------------

#: a fence opening or closing a code block, in a quote or a list item too
_ANY_FENCE = re.compile(r"((?:[ \t]*>)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?)(`{3,}|~{3,})(.*)")


def _languages(text: str, body: Body) -> str:
    """Each code block's language as Pygments names it (see ``sc.code_language``), or
    ``text`` when Pygments cannot read the block in its language (reported).

    One pass over the lines; fences in quotes and list items count, and the
    content of ``highlight``, ``mermaid`` and other shortcodes taken as written
    is left alone. Only the opening line's language changes.
    """
    raw = _raw_spans(text)
    lines = _Lines(text, body.first_line)
    kept: list[str] = []
    block: _Block | None = None
    position, index = 0, 0
    for piece in text.split("\n"):
        start, position = position, position + len(piece) + 1
        while index < len(raw) and raw[index][1] <= start:
            index += 1
        match = _ANY_FENCE.fullmatch(piece)
        if (index < len(raw) and raw[index][0] <= start) or match is None:
            if block is not None:
                block.code.append(piece)
            kept.append(piece)
            continue
        marker, info = match.group(2), match.group(3)
        if block is not None:
            if block.closed_by(marker, info):
                block.close(kept, body)
                block = None
            else:
                block.code.append(piece)
        elif not (marker[0] == "`" and "`" in info):
            block = _Block(len(kept), match.group(1), marker, info, lines(start))
            words = info.split(None, 1)
            if words and not words[0].startswith("{"):
                block.language = sc.code_language(words[0], body, block.line)
                block.written = words[0]
        kept.append(piece)
    if block is not None:
        block.close(kept, body)
    return "\n".join(kept)


@dataclass
class _Block:
    """A fenced code block being read: where its opening line is, and its code."""

    index: int
    indent: str
    marker: str
    info: str
    line: int
    language: str = ""
    written: str = ""
    code: list[str] = field(default_factory=list)

    def closed_by(self, marker: str, info: str) -> bool:
        return marker[0] == self.marker[0] and len(marker) >= len(self.marker) and not info.strip()

    def close(self, kept: list[str], body: Body) -> None:
        """Write the opening line with the language Sphinx can highlight the code in."""
        language = self.language
        if language and not sc.lexes(language, "\n".join(self.code)):
            body.notes.append(
                (self.line, f"the {language} code does not read as {language}; highlighted as text")
            )
            language = "text"
        if language == self.written:
            return
        lead = self.info[: len(self.info) - len(self.info.lstrip())]
        rest = self.info.lstrip()[len(self.written) :]
        kept[self.index] = self.indent + self.marker + lead + language + rest


def _raw_spans(text: str) -> list[tuple[int, int]]:
    """Where the content of shortcodes taken as written is, in order, outermost."""
    codes = find_shortcodes(text)
    pairs = _pairs(codes, _in_code(text, codes))
    spans: list[tuple[int, int]] = []
    for opening, closing in sorted(pairs.items()):
        start, end = codes[opening].end, codes[closing].start
        if codes[opening].name.casefold() in sc.RAW_INNER and not (spans and start < spans[-1][1]):
            spans.append((start, end))
    return spans


def _in_code(text: str, codes: list[Shortcode]) -> list[bool]:
    """Whether each shortcode is inside a fenced code block."""
    spans = fences(text)
    flags, index = [], 0
    for code in codes:
        while index < len(spans) and spans[index][1] <= code.start:
            index += 1
        flags.append(index < len(spans) and spans[index][0] <= code.start)
    return flags


def _pairs(codes: list[Shortcode], in_code: list[bool]) -> dict[int, int]:
    """Each paired shortcode's opening index and its closing one (well nested)."""
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    open_count: Counter[str] = Counter()
    for index, code in enumerate(codes):
        name = code.name.casefold()
        if in_code[index] or code.comment or name not in sc.PAIRED:
            continue
        if not code.closing:
            if not code.self_closing:
                stack.append((name, index))
                open_count[name] += 1
            continue
        if not open_count[name]:
            continue
        while stack:
            opened, at = stack.pop()
            open_count[opened] -= 1
            if opened == name:
                pairs[at] = index
                break
    return pairs


# -- raw HTML images ----------------------------------------------------------------

#: an ``<img>`` tag, no longer than a real one
_IMG_TAG = re.compile(r"<img\b[^<>]{0,4000}>", re.IGNORECASE)
#: the tags that start a CommonMark HTML block of type 6
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|"
    "optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
    "track|ul"
)
#: a line that starts an HTML block, whose Markdown is not read
_HTML_BLOCK = re.compile(
    rf" {{0,3}}<(?:(?:script|pre|style|textarea)(?:[\s>]|$)|[!?]|/?(?:{_BLOCK_TAGS})(?:[\s>]|/>|$))"
    rf"|[ \t]*(?:<[A-Za-z][\w-]*(?:\s[^<>]*)?/?>|</[A-Za-z][\w-]*\s*>)[ \t]*$",
    re.IGNORECASE,
)
#: attributes of an image that a Sphinx image does not need
_SILENT_ATTRIBUTES = frozenset({"src", "alt", "width", "height", "class", "loading", "decoding"})


class _ImageTag(HTMLParser):
    """The attributes of the first ``<img>`` tag fed, as the browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and self.attributes is None:
            self.attributes = {}
            for name, value in attrs:
                self.attributes.setdefault(name.lower(), value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _img_attributes(tag: str) -> dict[str, str] | None:
    parser = _ImageTag()
    parser.feed(tag)
    parser.close()
    return parser.attributes


class _RawImages:
    """``<img>`` tags with a local file: Sphinx publishes an image only when Markdown
    shows it, so a tag alone on its line becomes an ``image`` directive, one in
    text a Markdown image. Inside an HTML block Markdown is not read: reported."""

    def __init__(self, text: str, body: Body, lines: _Lines) -> None:
        self.text, self.body, self.lines = text, body, lines

    def edits(self) -> list[tuple[int, int, str]]:
        text = self.text
        found: list[tuple[int, int, str]] = []
        spans = iter(fences(text))
        span = next(spans, None)
        position = 0
        html = False  # in an HTML block
        block = True  # the next line can start a block
        for piece in text.split("\n"):
            offset, position = position, position + len(piece) + 1
            while span is not None and span[1] <= offset:
                span = next(spans, None)
            if (span is not None and span[0] <= offset) or not piece.strip():
                html, block = False, True
                continue
            stripped = piece.strip()
            lone = _IMG_TAG.fullmatch(stripped) is not None and "{{" not in stripped
            if block and not lone and _HTML_BLOCK.match(piece):
                html = True
            if "<img" not in piece.lower():
                block = _ATX.match(piece) is not None
                continue
            if html:
                for tag in _IMG_TAG.finditer(piece):
                    self._in_html(tag.group(0), self.lines(offset))
                block = False
                continue
            if lone and block:
                start = offset + piece.index(stripped)
                indent = " " * (start - offset)
                converted = self._convert(stripped, self.lines(offset), block=True)
                if converted is None:
                    html = True  # kept: an HTML block until the next blank line
                else:
                    replacement = converted.replace("\n", "\n" + indent)
                    found.append((start, start + len(stripped), replacement))
                continue
            code = code_spans(list(re.finditer(r"`+", piece)))
            inside_until = -1
            ticks = iter(sorted(code.items()))
            tick = next(ticks, None)
            for tag in _IMG_TAG.finditer(piece):
                while tick is not None and tick[0] < tag.start():
                    inside_until = max(inside_until, tick[1])
                    tick = next(ticks, None)
                escaped = tag.start() > 0 and piece[tag.start() - 1] == "\\"
                if tag.start() < inside_until or escaped or "{{" in tag.group(0):
                    continue
                converted = self._convert(tag.group(0), self.lines(offset), block=False)
                if converted is not None:
                    found.append((offset + tag.start(), offset + tag.end(), converted))
            block = False
        return found

    def _source(self, attributes: dict[str, str] | None, line: int) -> tuple[str, str] | None:
        """The image's src and its place after the import, or None to keep the tag."""
        source = (attributes or {}).get("src", "").strip()
        if not source or re.match(r"(?i)[a-z][a-z0-9+.-]*:|//", source):
            return None  # remote, or data: and the like: the browser loads it
        target, note = self.body.link(source, True)
        if note:
            self.body.notes.append((line, note))
        if target is None:
            if not source.startswith("/"):  # site paths are published by html_extra_path
                message = f"raw HTML image {source!r} does not exist; kept as is"
                self.body.notes.append((line, message))
            return None
        if re.match(r"(?i)\s*(javascript|vbscript|data|file):", target):
            return None
        return source, target

    def _in_html(self, tag: str, line: int) -> None:
        source = (_img_attributes(tag) or {}).get("src", "").strip()
        if source and not re.match(r"(?i)[a-z][a-z0-9+.-]*:|//|/", source):
            message = f"raw HTML image {source!r} in an HTML block is not converted"
            self.body.notes.append((line, message + " (the file is not published)"))

    def _convert(self, tag: str, line: int, *, block: bool) -> str | None:
        attributes = _img_attributes(tag)
        found = self._source(attributes, line)
        if attributes is None or found is None:
            return None
        source, target = found
        what = "raw HTML image"
        alt = sc.one_line(attributes.get("alt", ""))
        others = sorted(name for name in attributes if name not in _SILENT_ATTRIBUTES)
        classes = attributes.get("class", "").split()
        if not block:
            lost = [n for n in ("width", "height", "class") if attributes.get(n, "").strip()]
            lost += others
            if lost:
                message = f"{what} {source!r} became a Markdown image; {', '.join(lost)} left out"
                self.body.notes.append((line, message))
            if re.search(r"[<>\n]", target):
                return None
            shown = f"<{target}>" if re.search(r"[\s()]", target) else target
            return "![" + re.sub(r"([\\\[\]])", r"\\\1", alt) + f"]({shown})"
        options: list[tuple[str, str]] = [("alt", alt)] if alt else []
        for name in ("width", "height"):
            value = sc.length(name, attributes.get(name, ""), what, line, self.body)
            if value is not None:
                options.append((name, value))
        good = [c for c in classes if sc.CLASS_NAME.fullmatch(c)]
        if good:
            options.append(("class", " ".join(good)))
        if attributes.get("loading", "").strip().casefold() == "lazy":
            options.append(("loading", "lazy"))
        if others:
            message = f"{what} {source!r}: {', '.join(others)} left out"
            self.body.notes.append((line, message))
        return sc.directive("image", target, options)


# -- shortcodes ----------------------------------------------------------------------


class _Shortcodes:
    """The shortcodes of one page converted, paired ones with their converted content."""

    def __init__(self, text: str, body: Body) -> None:
        self.text, self.body = text, body
        self.lines = _Lines(text, body.first_line)
        self.codes = find_shortcodes(text)
        self.in_code = _in_code(text, self.codes)
        self.partner = _pairs(self.codes, self.in_code)
        #: what the last container's content held besides its children
        self.stray = ""
        #: unknown shortcodes opened and not closed yet, by name
        self.unknown_open: Counter[str] = Counter()
        #: raw HTML images converted: (start, end, replacement), in order
        self.images = _RawImages(text, body, self.lines).edits()
        self.image_starts = [start for start, _end, _new in self.images]

    def _piece(self, start: int, end: int) -> str:
        """The text from ``start`` to ``end`` with its raw HTML images converted."""
        first = bisect.bisect_left(self.image_starts, start)
        last = bisect.bisect_left(self.image_starts, end)
        edits = [edit for edit in self.images[first:last] if edit[1] <= end]
        return _apply(self.text, start, end, edits)

    def convert(self) -> str:
        return self._render(0, len(self.text), 0, len(self.codes), 0, "")

    def _render(self, start: int, end: int, first: int, last: int, depth: int, parent: str) -> str:
        """The text from ``start`` to ``end``, holding shortcodes ``first`` to ``last``;
        inside a container (``parent``) only its children are kept in it, the rest
        follows it."""
        text, codes, body = self.text, self.codes, self.body
        out: list[str] = []
        stray: list[str] = []
        child = sc.CHILDREN.get(parent)
        children = 0
        position, index = start, first
        while index < last:
            code = codes[index]
            (stray if child else out).append(self._piece(position, code.start))
            position, index = code.end, index + 1
            name = code.name.casefold()
            line = self.lines(code.start)
            if code.comment:
                (stray if child else out).append(_uncommented(code.raw))
                continue
            if self.in_code[index - 1]:
                # a block written into a code block would end it: left as written
                body.notes.append(
                    (line, f"shortcode {code.name!r} inside a code block kept as written")
                )
                out.append(code.raw)
                continue
            closer = self.partner.get(index - 1)
            if closer is not None and depth < _DEPTH:
                inner_start, inner_end = code.end, codes[closer].start
                if name in sc.RAW_INNER:
                    inner = text[inner_start:inner_end]
                else:
                    inner = self._render(inner_start, inner_end, index, closer, depth + 1, name)
                children += name == child
                converted = self._paired(code, name, inner, line, parent, children)
                position, index = codes[closer].end, closer + 1
                target = out if not child or name == child else stray
                if converted is None:
                    target += [
                        self._kept(code, out, known=True), inner,
                        self._kept(codes[closer], out, known=True),
                    ]  # fmt: skip
                else:
                    body.counts[name] += 1
                    target.append(_block(target, converted))
                continue
            converted = self._single(code, name, line, out, parent)
            target = out if not child or name == child else stray
            target.append(converted)
        (stray if child else out).append(self._piece(position, end))
        if child and "".join(stray).strip():
            line = self.lines(start)
            body.notes.append((line, f"text in {parent} outside a {child} moved after it"))
        self.stray = "".join(stray) if child else ""
        return "".join(out)

    def _paired(
        self, code: Shortcode, name: str, inner: str, line: int, parent: str, number: int
    ) -> str | None:
        body = self.body
        if name == "highlight":
            return sc.highlight(code, inner, body, line)
        if name in ("mermaid", "kroki"):
            return sc.diagram(code, inner, body, line)
        if name == "comment":
            return sc.comment(inner)
        if name == "tabs":
            stray, self.stray = self.stray, ""
            if not inner.strip():
                body.notes.append((line, "tabs without a tab; kept as text"))
                return None
            block = sc.directive("tab-set", "", [], inner)
            return block + (f"\n\n{stray.strip()}" if stray.strip() else "")
        if name == "card-grid":
            stray, self.stray = self.stray, ""
            if not inner.strip():
                return None
            block = sc.directive("grid", "1 1 2 2", [], inner)
            return block + (f"\n\n{stray.strip()}" if stray.strip() else "")
        if name == "tab":
            if parent != "tabs":
                body.notes.append((line, "tab outside tabs; kept as text"))
                return None
            return sc.tab(code, _contained(inner, body, "tab", line), number)
        convert = sc.BLOCKS.get(name)
        if convert is None:
            return None
        return convert(code, _contained(inner, body, name, line), body, line)

    def _single(self, code: Shortcode, name: str, line: int, out: list[str], parent: str) -> str:
        body = self.body
        if code.closing:
            if name in sc.PAIRED:
                body.notes.append((line, f"{{{{< /{name} >}}}} without its opening; kept as text"))
            elif name not in sc.KNOWN and self.unknown_open[name]:
                # the end of an unknown pair: reported at its opening
                self.unknown_open[name] -= 1
                return self._kept(code, out, known=True, partner=True)
            return self._kept(code, out, known=name in sc.KNOWN)
        if name in ("ref", "relref"):
            return self._bare_ref(code, out, line)
        if name == "highlight":
            body.notes.append((line, "highlight without {{< /highlight >}}; not converted"))
            return self._kept(code, out, known=True)
        if name == "link-card":
            converted = sc.link_card(code, body, line, in_grid=parent == "card-grid")
        elif name in sc.SINGLE:
            converted = sc.SINGLE[name](code, body, line)
        elif name in sc.BLOCKS and name != "details":
            # without content: alert text=..., button text=..., qr text=...
            converted = sc.BLOCKS[name](code, "", body, line)
        elif name in sc.PAIRED:
            body.notes.append((line, f"{name} without its closing shortcode; kept as text"))
            return self._kept(code, out, known=True)
        else:
            if not code.self_closing:
                self.unknown_open[name] += 1
            return self._kept(code, out)
        if converted is None:
            return self._kept(code, out, known=True)
        body.counts[name] += 1
        return converted if name in sc.INLINE else _block(out, converted)

    def _bare_ref(self, code: Shortcode, out: list[str], line: int) -> str:
        """A ``ref`` outside a Markdown link (in raw HTML, or in text): an address."""
        target = code.get("path", 0)
        found = self.body.ref(target)
        if found is None:
            self.body.notes.append((line, f"{code.name} {target!r} leads to no imported page"))
            return self._kept(code, out, known=True)
        self.body.counts[code.name.casefold()] += 1
        before = "".join(out[-2:])
        if not re.search(r"""(href|src)\s*=\s*["']?$""", before[-200:]):
            message = f"{code.name} {target!r} outside a link is written as an address"
            self.body.notes.append((line, message))
        return folder_url(found)

    def _kept(
        self, code: Shortcode, out: list[str], *, known: bool = False, partner: bool = False
    ) -> str:
        """A shortcode that is not converted: left visible as code, with a comment.

        Unknown ones are reported here; a known one that could not be converted
        (``known``) was reported by its converter; the closing ``partner`` of an
        unknown pair was reported with its opening, and gets no comment.
        """
        line = self.lines(code.start)
        shown = code.name if not code.closing else f"/{code.name}"
        if not known:
            self.body.notes.append((line, f"unknown shortcode {shown!r} kept as text"))
            self.body.counts["unknown"] += 1
        ticks = "`" * (max((len(r) for r in re.findall(r"`+", code.raw)), default=0) + 1)
        inline = f"{ticks} {code.raw} {ticks}"
        before = "".join(out[-2:])
        after = self.text[code.end : code.end + 1]
        if (not before or before.endswith("\n")) and after in ("", "\n") and not partner:
            why = "not converted" if known else "unknown shortcode"
            return f"% import-hugo: {why} {shown!r}, kept as text\n{inline}"
        return inline


def _contained(inner: str, body: Body, name: str, line: int) -> str:
    """Content for a directive: docutils allows no transition in it."""
    return _tidy(_breaks(inner, body, contained=name, line=line))


def _uncommented(raw: str) -> str:
    """``{{</* name */>}}`` is how Hugo writes a shortcode as text: ``{{< name >}}``."""
    head = re.match(r"\{\{([<%])\s*/\*", raw)
    if head is None:
        return raw
    rest = raw[head.end() :].lstrip()
    closer = rest[-3:]
    rest = rest[:-3].rstrip()
    rest = rest.removesuffix("*/").rstrip()
    return f"{{{{{head.group(1)} {rest} {closer}"


def _block(out: list[str], block: str) -> str:
    """A block on lines of its own, with a blank line before and after it."""
    before = "".join(out[-2:])
    lead = (
        "" if not before or before.endswith("\n\n") else ("\n" if before.endswith("\n") else "\n\n")
    )
    return f"{lead}{block}\n\n"
