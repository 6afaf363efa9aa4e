"""Hugo's and Doks' shortcodes: finding them, and what each one becomes in MyST.

Each converter gets a parsed :class:`Shortcode` (and, for a paired one, its
already converted inner Markdown) and returns a MyST block or inline text, or
None when it cannot convert; it reports what it leaves out through
``body.notes``. What every shortcode becomes is listed in
``docs/hugo-shortcodes.md``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from docutils.parsers.rst import directives
from pygments.filters import ErrorToken
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.util import ClassNotFound

if TYPE_CHECKING:
    from collections.abc import Callable

    from .body import Body

_OPEN = re.compile(r"\{\{([<%])")
_PARAM = re.compile(
    r"""\s*(?:([A-Za-z_][\w-]*)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`=]+))""",
    re.DOTALL,
)
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_USER = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_EMAIL = re.compile(r"[^@\s<>()\[\]\"'`\\]+@[^@\s<>()\[\]\"'`\\]+\.[A-Za-z]{2,}")
_CLASS = re.compile(r"[A-Za-z][\w-]*")
#: a CSS class name docutils takes
CLASS_NAME = _CLASS

#: shortcodes that take inner content when a closing tag follows
PAIRED = frozenset(
    {
        "highlight", "details", "alert", "callout", "tabs", "tab", "button", "btn",
        "card-grid", "comment", "qr", "mermaid", "kroki", "imgproc",
    }
)  # fmt: skip
#: inner content taken as it is written, not converted
RAW_INNER = frozenset({"highlight", "comment", "qr", "mermaid", "kroki"})
#: a container and the one shortcode its content is made of
CHILDREN = {"tabs": "tab", "card-grid": "link-card"}

#: Doks' contexts (Bootstrap's colours and Doks 1's callout types) as MyST admonitions
ADMONITIONS = {
    "note": "note", "info": "note", "primary": "note", "secondary": "note", "light": "note",
    "dark": "note", "doks": "note", "tip": "tip", "success": "tip", "hint": "hint",
    "important": "important", "caution": "caution", "warning": "warning",
    "danger": "danger", "error": "error",
}  # fmt: skip


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

    def has(self, name: str) -> bool:
        return any(key == name for key, _value in self.params)


def find_shortcodes(text: str) -> list[Shortcode]:
    """Every shortcode in ``text``, in order; unterminated ones are not shortcodes.

    Each character is read once: when no closer ends the shortcode opened at
    ``p`` before a blank line at ``q``, the openers between are text too (Hugo
    refuses such a page), so the search goes on after ``q``.
    """
    found = []
    position = 0
    while (match := _OPEN.search(text, position)) is not None:
        delimiter = match.group(1)
        closer = (">" if delimiter == "<" else "%") + "}}"
        end, stop = _closing(text, match.end(), closer)
        if end is None:
            position = max(stop, match.end())
            continue
        inner = text[match.end() : end].strip()
        shortcode = _parse(inner, match.start(), end + len(closer), delimiter)
        shortcode.raw = text[match.start() : end + len(closer)]
        if shortcode.name:
            found.append(shortcode)
        position = end + len(closer)
    return found


def _closing(text: str, start: int, closer: str) -> tuple[int | None, int]:
    """Where ``closer`` ends the shortcode opened before ``start`` (outside quotes),
    or None and where the search stopped; a shortcode does not span paragraphs."""
    ending = re.compile(r'\\.|["`]|\n[ \t]*\n|' + re.escape(closer), re.DOTALL)
    quote = ""
    position = start
    while (match := ending.search(text, position)) is not None:
        token = match.group(0)
        position = match.end()
        if token.startswith("\n"):
            return None, match.start()
        if quote:
            if token == quote:
                quote = ""
        elif token in ('"', "`"):
            quote = token
        elif token == closer:
            return match.start(), position
    return None, len(text)


def _parse(inner: str, start: int, end: int, delimiter: str) -> Shortcode:
    comment = inner.startswith("/*") and inner.endswith("*/")
    if comment:
        inner = inner[2:-2].strip()
    closing = inner.startswith("/")
    self_closing = inner.endswith("/") and not closing
    inner = inner.strip("/").strip()
    name, _, rest = inner.partition(next((c for c in inner if c.isspace()), " "))
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


# -- writing MyST ---------------------------------------------------------------------


def folder_url(markdown_link: str) -> str:
    """``../b/index.md`` as an address: ``../b/`` (Hugo's style, html and dirhtml alike)."""
    path, _, fragment = markdown_link.partition("#")
    path = path.removesuffix("index.md") or "./"
    return path + (f"#{fragment}" if fragment else "")


def address(found: str) -> str:
    """A link target given by ``Body.link`` as an address for a directive option."""
    return folder_url(found) if found.partition("#")[0].endswith(".md") else found


def directive(
    name: str, argument: str = "", options: list[tuple[str, str]] | None = None, content: str = ""
) -> str:
    """A fenced directive whose fence is longer than any fence in its content."""
    longest = max((len(m.group(1)) for m in re.finditer(r"(?m)^[ \t]*(`{3,})", content)), default=2)
    fence = "`" * (longest + 1)
    lines = [f"{fence}{{{name}}}" + (f" {argument}" if argument else "")]
    lines += [f":{key}: {value}".rstrip() for key, value in options or []]
    if content.strip():
        lines += ["", content.strip("\n")]
    return "\n".join([*lines, fence])


def one_line(value: str) -> str:
    """A directive argument or option value on one line."""
    return " ".join(value.split())


def inline(markdown: str) -> str:
    """Markdown on one line that cannot start a block (a heading, list, quote, option)."""
    text = one_line(markdown)
    if re.match(r"[#>+*=:|~`<-]|\d+[.)]", text):
        text = "\\" + text if not text[0].isdigit() else re.sub(r"^(\d+)", r"\1\\", text)
    return text


def plain(markdown: str) -> str:
    """Text for an alt attribute: links by their text, no emphasis marks."""
    text = re.sub(r"!?\[([^\[\]]*)\]\([^()]*\)", r"\1", markdown)
    return one_line(re.sub(r"[*_`]", "", text))


def escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _link_line(label: str, url: str) -> str:
    return f"[{escape(label)}]({url})"


# -- images: Hugo's figure, Doks' img, image and picture -----------------------------------

#: Doks' image processing hints: a Sphinx build serves the file as it is
_IMAGE_HINTS = frozenset(
    {"sizes", "process", "lqip", "decoding", "fetchpriority", "quality", "format", "widths"}
)
_IMAGE_PARAMS = frozenset(
    {"src", "link", "target", "rel", "alt", "title", "caption", "class", "height", "width",
     "loading", "attr", "attrlink"}
) | _IMAGE_HINTS  # fmt: skip


def length(name: str, value: str, what: str, line: int, body: Body) -> str | None:
    """A width or height docutils accepts, or None (reported unless it is a no-op)."""
    value = value.strip()
    if not value:
        return None
    if name == "height" and value.endswith("%"):
        # a percentage height resolves to auto in normal flow; docutils refuses it
        if value != "100%":
            body.notes.append((line, f"{what} height {value!r} left out (no effect on a page)"))
        return None
    check = (
        directives.length_or_percentage_or_unitless
        if name == "width"
        else directives.length_or_unitless
    )
    try:
        return str(check(value))
    except ValueError:
        body.notes.append((line, f"{what} {name} {value!r} is not a length; left out"))
        return None


def image(code: Shortcode, body: Body, line: int) -> str | None:
    """A figure: Hugo's ``figure``, Doks' ``img``/``image``/``picture``."""
    what = code.name
    simple = what.casefold() == "img-simple"  # Doks 0.x: an image, no figure
    source = code.get("src", 0)
    if not source:
        body.notes.append((line, f"{what} without src; kept as text"))
        return None
    target, note = body.link(source, True)
    if note:
        body.notes.append((line, note))
    if target is None and what.casefold() in ("img", "img-simple"):
        # Doks' templates take the first file of the page bundle matching *src*
        found = body.resource(f"*{source}*")
        target = body.link(found, True)[0] if found else None
    if target is None:
        body.notes.append((line, f"{what} image {source!r} is missing; not converted"))
        return None
    if re.match(r"(?i)\s*(data|javascript|vbscript|file):", target):
        body.notes.append((line, f"{what} image {source!r} is not a web address; not converted"))
        return None
    options: list[tuple[str, str]] = []
    title, caption = code.get("title").strip(), code.get("caption").strip()
    alt = plain(code.get("alt") or title or caption)
    if alt:
        options.append(("alt", alt))
    for name in ("width", "height"):
        value = length(name, code.get(name), what, line, body)
        if value is not None:
            options.append((name, value))
    classes = code.get("class").split()
    good = [c for c in classes if _CLASS.fullmatch(c)]
    if good:
        options.append(("class" if simple else "figclass", " ".join(good)))
    if len(good) < len(classes):
        body.notes.append((line, f"{what} classes {code.get('class')!r} partly left out"))
    loading = code.get("loading").strip().casefold()
    if loading == "lazy":
        options.append(("loading", "lazy"))
    elif loading and loading != "eager":  # eager is what browsers do anyway
        body.notes.append((line, f"{what} loading {loading!r} left out"))
    link = code.get("link")
    if link:
        linked, _note = body.link(link, False)
        if linked is not None and not _dangerous(linked):
            options.append(("target", address(linked)))
        else:
            body.notes.append((line, f"{what} link {link!r} leads nowhere; left out"))
    for name in ("target", "rel"):
        if code.get(name):
            message = f"{what} {name}={code.get(name)!r} has no equivalent; left out"
            body.notes.append((line, message))
    for key, _value in code.params:
        if key is not None and key not in _IMAGE_PARAMS:
            body.notes.append((line, f"{what} parameter {key!r} has no equivalent; left out"))
    parts = []
    if title:
        parts.append(f"**{one_line(title)}**" if caption else title)
    if caption:
        parts.append(caption)
    credit = code.get("attr").strip()
    if credit:
        credit_link = code.get("attrlink")
        found = body.link(credit_link, False)[0] if credit_link else None
        if credit_link and (found is None or _dangerous(found)):
            body.notes.append((line, f"{what} attrlink {credit_link!r} leads nowhere; left out"))
            found = None
        parts.append(f"[{one_line(credit)}]({found})" if found else credit)
    if simple:  # its template shows no caption
        return directive("image", target, options)
    return directive("figure", target, options, inline(" ".join(parts)) if parts else "")


#: Docsy's ``imgproc`` commands
_PROCESSING = frozenset({"fit", "fill", "crop", "resize"})


def imgproc(code: Shortcode, inner: str, body: Body, line: int) -> str | None:
    """Docsy's ``imgproc NAME COMMAND "OPTIONS"``: a figure of the bundle's file
    matching ``**NAME*``, its content the caption; the image is not processed."""
    name = code.get("src", 0).strip()
    command, settings = code.get("command", 1).strip(), code.get("options", 2).strip()
    found = body.resource(f"**{name}*") if name else None
    target = body.link(found, True)[0] if found else None
    if target is None or _dangerous(target):
        body.notes.append((line, f"imgproc {name!r} matches no file of the page; kept as text"))
        return None
    options: list[tuple[str, str]] = []
    size = re.search(r"(?<![\w.])(\d*)x(\d*)(?![\w.])", settings)
    width, height = (size.group(1), size.group(2)) if size else ("", "")
    kind = command.casefold()
    if kind in ("resize", "fill", "crop") and width:
        options.append(("width", f"{width}px"))
    elif kind == "resize" and height:
        options.append(("height", f"{height}px"))
    if kind not in _PROCESSING:
        body.notes.append((line, f"imgproc command {command!r} is not Docsy's; left out"))
    elif kind != "resize" or (width and height):
        message = f"imgproc {command} {settings!r} not applied: the image is shown whole"
        body.notes.append((line, message))
    alt = plain(inner)
    if alt:
        options.insert(0, ("alt", alt))
    return directive("figure", target, options, inline(inner) if inner.strip() else "")


def inline_svg(code: Shortcode, body: Body, line: int) -> str | None:
    source = code.get("src", 0)
    found = body.link(source, True)[0] if source.casefold().endswith(".svg") else None
    if found is None:
        body.notes.append((line, f"inline-svg {source!r} (an icon or a missing file) kept as text"))
        return None
    options = [("alt", plain(code.get("alt") or code.get("title")))]
    for name in ("width", "height"):
        value = length(name, code.get(name), "inline-svg", line, body)
        if value is not None:
            options.append((name, value))
    classes = [c for c in code.get("class").split() if _CLASS.fullmatch(c)]
    if classes:
        options.append(("class", " ".join(classes)))
    return directive("image", found, [(k, v) for k, v in options if v])


# -- videos and third-party posts -----------------------------------------------------


def _frame(source: str, title: str) -> str:
    return (
        f'<div class="blogext-video"><iframe src="{source}" title="{html.escape(title)}" '
        'loading="lazy" allow="accelerometer; clipboard-write; encrypted-media; gyroscope; '
        'picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" '
        "allowfullscreen></iframe></div>"
    )


def _video(frame: str, title: str, link: str) -> str:
    return f"```{{raw}} html\n{frame}\n```\n\n```{{only}} not html\n{_link_line(title, link)}\n```"


def youtube(code: Shortcode, body: Body, line: int) -> str | None:
    video = code.get("id", 0).strip()
    if not _ID.fullmatch(video):
        body.notes.append((line, f"youtube id {video!r} is not a video id; kept as text"))
        return None
    title = plain(code.get("title")) or "Video on YouTube"
    start = code.get("start").strip()
    query = f"?start={start}" if start.isdigit() else ""
    source = f"https://www.youtube-nocookie.com/embed/{video}{query}"
    return _video(_frame(source, title), title, f"https://www.youtube.com/watch?v={video}")


def vimeo(code: Shortcode, body: Body, line: int) -> str | None:
    video = code.get("id", 0).strip()
    if not video.isdigit():
        body.notes.append((line, f"vimeo id {video!r} is not a video id; kept as text"))
        return None
    title = plain(code.get("title")) or "Video on Vimeo"
    source = f"https://player.vimeo.com/video/{video}?dnt=1"
    return _video(_frame(source, title), title, f"https://vimeo.com/{video}")


def _post(code: Shortcode, body: Body, line: int) -> str | None:
    """gist, x, tweet, instagram: a link to the post, without the third party's script."""
    name = code.name.casefold()
    user, item = code.get("user", 0), code.get("id", 1)
    if name == "instagram":
        item = code.get("id", 0)
    if not _ID.fullmatch(item) or (name != "instagram" and not _USER.fullmatch(user)):
        body.notes.append((line, f"{name} shortcode without a valid user and id; kept as text"))
        return None
    if name == "gist":
        url, label = f"https://gist.github.com/{user}/{item}", f"Gist {item} by {user}"
        file = code.get("file", 2)
        if file:
            label += f" ({file})"
    elif name == "instagram":
        url, label = f"https://www.instagram.com/p/{item}/", "Post on Instagram"
    else:
        url, label = f"https://x.com/{user}/status/{item}", f"Post by @{user} on X"
    body.notes.append((line, f"{name} embed became a link to {url} (no third-party script)"))
    return _link_line(label, url)


# -- text and links ------------------------------------------------------------------------


def email(code: Shortcode, body: Body, line: int) -> str | None:
    address_ = code.get("address") or code.get("emailAddress") or code.get("email", 0)
    if not address_ and code.get("user") and code.get("domain"):
        address_ = f"{code.get('user')}@{code.get('domain')}"
    address_ = address_.removeprefix("mailto:").strip()
    if not _EMAIL.fullmatch(address_):
        body.notes.append((line, f"email {address_!r} is not an address; kept as text"))
        return None
    label = one_line(code.get("title") or code.get("emailTitle") or code.get("text")) or address_
    return f"[{escape(label)}](mailto:{address_})"


def param(code: Shortcode, body: Body, line: int) -> str | None:
    name = code.get("name", 0).strip()
    value = body.param(name) if name else None
    if value is None:
        body.notes.append((line, f"param {name!r} has no value in front matter or site params"))
    return value


def qr(code: Shortcode, inner: str, body: Body, line: int) -> str | None:
    text = (code.get("text") or inner).strip()
    if not text:
        body.notes.append((line, "qr without text; kept as text"))
        return None
    if re.fullmatch(r"(https?|mailto):[^\s<>]+", text):
        body.notes.append((line, f"qr code became a link to {text}"))
        return f"<{text}>"
    body.notes.append((line, "qr code became its text"))
    return escape(one_line(text))


def button(code: Shortcode, inner: str, body: Body, line: int) -> str | None:
    href = code.get("href") or code.get("link") or code.get("url", 0)
    found = body.link(href, False)[0] if href else None
    if found is None or _dangerous(found):
        body.notes.append((line, f"{code.name} link {href!r} leads nowhere; kept as text"))
        return None
    label = inline(code.get("text") or code.get("title") or inner or href)
    options = [("color", "primary")]
    return directive("button-link", address(found), options, label)


def link_card(code: Shortcode, body: Body, line: int, *, in_grid: bool = False) -> str | None:
    href = code.get("href")
    found = body.link(href, False)[0] if href else None
    title = one_line(code.get("title"))
    if found is None or _dangerous(found) or not title:
        body.notes.append((line, f"link-card {href!r} without a title or target; kept as text"))
        return None
    if code.get("target") or code.get("rel"):
        body.notes.append((line, "link-card target/rel have no equivalent; left out"))
    options = [("link", address(found))]
    return directive(
        "grid-item-card" if in_grid else "card", title, options, inline(code.get("description"))
    )


def _dangerous(target: str) -> bool:
    return re.match(r"(?i)\s*(javascript|vbscript|data|file):", target) is not None


# -- blocks with content -------------------------------------------------------------------


def admonition(code: Shortcode, inner: str, body: Body, line: int) -> str | None:
    """Doks' ``alert`` (0.x) and ``callout`` (1.x) as a MyST admonition."""
    context = (code.get("context") or code.get("type", 0)).strip().casefold() or "note"
    if code.name.casefold() == "alert":  # no positional context there
        context = (code.get("context") or code.get("type")).strip().casefold() or "note"
    content = inner.strip("\n") or inline(code.get("text"))
    if not content.strip():
        body.notes.append((line, f"{code.name} without text; kept as text"))
        return None
    kind = ADMONITIONS.get(context)
    options: list[tuple[str, str]] = []
    if kind is None:
        body.notes.append((line, f"{code.name} context {context!r} became a note"))
        kind = "note"
        if _CLASS.fullmatch(context):
            options.append(("class", context))
    title = one_line(code.get("title"))
    if title:
        options.insert(0, ("class", kind))
        return directive("admonition", title, options, content)
    return directive(kind, "", options, content)


def details(code: Shortcode, inner: str, body: Body, line: int) -> str | None:
    """Hugo's and Doks' ``details`` as a sphinx-design dropdown."""
    summary = one_line(code.get("summary") or code.get("title", 0)) or "Details"
    flags = [v.casefold() for k, v in code.params if k is None][1:]
    is_open = code.get("open").casefold() in ("true", "open", "1") or "open" in flags
    options = [("open", "")] if is_open else []
    classes = [c for c in code.get("class").split() if _CLASS.fullmatch(c)]
    if classes:
        options.append(("class-container", " ".join(classes)))
    if code.get("name"):
        body.notes.append((line, "details name (one open at a time) has no equivalent; left out"))
    return directive("dropdown", summary, options, inner)


def tab(code: Shortcode, inner: str, number: int) -> str:
    label = one_line(code.get("name") or code.get("title") or code.get("header", 0))
    return directive("tab-item", label or f"Tab {number}", [], inner or "\u200b")


def highlight(code: Shortcode, content: str, body: Body, line: int) -> str:
    language = code_language(code.get("lang", 0).strip(), body, line) or "text"
    options = code.get("options", 1)
    lines = [f"{{code-block}} {language}"]
    settings = {
        key: value.strip("\"'")
        for key, value in re.findall(r"""\b(\w+)=("[^"]*"|'[^']*'|[^,\s]*)""", options)
    }
    if settings.get("linenos", "false") not in ("false", ""):
        lines.append(":linenos:")
    emphasis = settings.get("hl_lines", "").strip()
    if emphasis:
        ranges = [r for r in re.split(r"[\s,]+", emphasis) if re.fullmatch(r"\d+(-\d+)?", r)]
        if ranges:
            lines.append(f":emphasize-lines: {','.join(ranges)}")
    content = content.strip("\n")
    fence = _fence_for(content)
    return f"{fence}" + "\n".join(lines) + f"\n\n{content}\n{fence}"


def _fence_for(content: str) -> str:
    """A backtick fence longer than any run of backticks in ``content``."""
    longest = max((len(r) for r in re.findall(r"`{3,}", content)), default=2)
    return "`" * (longest + 1)


# -- code languages: Hugo highlights with Chroma, Sphinx with Pygments ------------------

#: Chroma's names that Pygments does not know, and the Pygments lexer closest to each
CHROMA_LANGUAGES = {
    # Go templates: Hugo's own layouts; their {{ }} actions read like Jinja's
    "go-html-template": "html+django",
    "go-text-template": "django",
    # Chroma's plain text lexer, and what Hugo takes for no highlighting
    "plaintext": "text",
    "plain": "text",
    "txt": "text",
    "no-highlight": "text",
    "nohighlight": "text",
    "none": "text",
    # Chroma's Bash Session and DNS zone file lexers
    "bash-session": "console",
    "dns": "zone",
    "bind": "zone",
}
#: a language name, as Hugo's Markdown takes it (up to the first space)
_LANGUAGE = re.compile(r"[\w+#.-]{1,64}")


@lru_cache(maxsize=1024)
def pygments_language(name: str) -> str | None:
    """The name Pygments knows ``name``'s language by, or None.

    Like Chroma, a name that is no lexer's is tried as a file extension
    (``mjs``).
    """
    mapped = CHROMA_LANGUAGES.get(name.casefold())
    if mapped is not None:
        return mapped
    if not _LANGUAGE.fullmatch(name):
        return None
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        pass
    else:
        return name
    try:
        lexer = get_lexer_for_filename(f"code.{name}")
    except ClassNotFound:
        return None
    return lexer.aliases[0] if lexer.aliases else None


def lexes(language: str, code: str) -> bool:
    """Whether Pygments reads ``code`` as ``language`` without an error token, as
    Sphinx's highlighter demands before it warns and highlights loosely."""
    if language in ("", "text", "none", "default"):
        return True
    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return False
    lexer.add_filter("raiseonerror")
    try:
        for _token in lexer.get_tokens(code):
            pass
    except ErrorToken:
        return False
    except Exception:  # a lexer's own bug: Sphinx would warn too
        return False
    return True


def code_language(name: str, body: Body, line: int) -> str:
    """A code block's language as Sphinx takes it without a warning: Pygments' name
    for it, or ``text`` (reported); "" stays "" (Sphinx's default)."""
    if not name:
        return ""
    found = pygments_language(name)
    if found is None:
        shown = name if len(name) <= 64 else name[:61] + "..."
        message = f"code language {shown!r} is unknown to Pygments; highlighted as text"
        body.notes.append((line, message))
        return "text"
    return found


# -- diagrams ----------------------------------------------------------------------------


def diagram(code: Shortcode, content: str, body: Body, line: int) -> str | None:
    """Doks' ``mermaid`` and ``kroki``: the diagram's source as a code block."""
    name = code.name.casefold()
    # Doks' template drops a code fence written around the diagram
    lines = content.strip("\n").split("\n")
    if re.fullmatch(r"\s*(`{3,}|~{3,})[^`]*", lines[0]):
        lines = lines[1:]
    if lines and re.fullmatch(r"\s*(`{3,}|~{3,})\s*", lines[-1]):
        lines = lines[:-1]
    content = "\n".join(lines).strip("\n")
    if not content.strip():
        body.notes.append((line, f"{name} without a diagram; kept as text"))
        return None
    if name == "kroki":
        kind = one_line(code.get("type", 0)) or "kroki"
        caption, tool = f"{kind} diagram", "sphinxcontrib-kroki"
    else:
        kind, caption, tool = "mermaid", "Mermaid diagram", "sphinxcontrib-mermaid"
    body.notes.append((line, f"{kind} diagram kept as its source (add {tool} to draw it)"))
    fence = _fence_for(content)
    return f"{fence}{{code-block}} text\n:caption: {caption}\n\n{content}\n{fence}"


def comment(content: str) -> str:
    """Hugo's ``comment`` hides its content: a MyST comment keeps it in the source."""
    return "\n".join(f"% {line}".rstrip() for line in content.strip("\n").splitlines()) or "%"


#: the converters of shortcodes without content
SINGLE: dict[str, Callable[[Shortcode, Body, int], str | None]] = {
    "figure": image,
    "img": image,
    "img-simple": image,
    "image": image,
    "picture": image,
    "youtube": youtube,
    "vimeo": vimeo,
    "gist": _post,
    "x": _post,
    "tweet": _post,
    "instagram": _post,
    "email": email,
    "param": param,
    "inline-svg": inline_svg,
    "link-card": link_card,
}
#: the converters of shortcodes with content
BLOCKS: dict[str, Callable[[Shortcode, str, Body, int], str | None]] = {
    "alert": admonition,
    "callout": admonition,
    "details": details,
    "button": button,
    "btn": button,
    "qr": qr,
    "imgproc": imgproc,
}
#: converted to inline text rather than a block of its own
INLINE = frozenset({"gist", "x", "tweet", "instagram", "email", "param", "qr"})
KNOWN = PAIRED | SINGLE.keys() | BLOCKS.keys() | {"ref", "relref"}
