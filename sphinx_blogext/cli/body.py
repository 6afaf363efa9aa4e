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
_RAW_IMAGE = re.compile(r"""<img\b[^<>]*?\bsrc\s*=\s*["']([^"'<>]+)""", re.IGNORECASE)
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
        for image in _RAW_IMAGE.finditer(text, start, end):
            # site paths are published by html_extra_path; other local ones are not
            if not re.match(r"(https?:)?//|/", image.group(1)):
                body.notes.append(
                    (lines(image.start()), f"raw HTML image {image.group(1)!r} is not converted")
                )
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
        code_ends = self._code_spans(tokens)
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

    @staticmethod
    def _code_spans(tokens: list[re.Match[str]]) -> dict[int, int]:
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


# -- shortcodes ----------------------------------------------------------------------


class _Shortcodes:
    """The shortcodes of one page converted, paired ones with their converted content."""

    def __init__(self, text: str, body: Body) -> None:
        self.text, self.body = text, body
        self.lines = _Lines(text, body.first_line)
        self.codes = find_shortcodes(text)
        self.in_code = self._in_code()
        self.partner = self._pairs()
        #: what the last container's content held besides its children
        self.stray = ""

    def _in_code(self) -> list[bool]:
        spans = fences(self.text)
        flags, index = [], 0
        for code in self.codes:
            while index < len(spans) and spans[index][1] <= code.start:
                index += 1
            flags.append(index < len(spans) and spans[index][0] <= code.start)
        return flags

    def _pairs(self) -> dict[int, int]:
        """Each paired shortcode's opening index and its closing one (well nested)."""
        pairs: dict[int, int] = {}
        stack: list[tuple[str, int]] = []
        open_count: Counter[str] = Counter()
        for index, code in enumerate(self.codes):
            name = code.name.casefold()
            if self.in_code[index] or code.comment or name not in sc.PAIRED:
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
            (stray if child else out).append(text[position : code.start])
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
        (stray if child else out).append(text[position:end])
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
            return sc.highlight(code, inner)
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

    def _kept(self, code: Shortcode, out: list[str], *, known: bool = False) -> str:
        """A shortcode that is not converted: left visible as code, with a comment.

        Unknown ones are reported here; a known one that could not be converted
        (``known``) was reported by its converter.
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
        if (not before or before.endswith("\n")) and after in ("", "\n"):
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
