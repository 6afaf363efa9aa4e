"""The blogext theme: documentation and a blog in one site (``html_theme = "blogext"``).

Sphinx loads this module through the ``sphinx.html_themes`` entry point. The
theme works with or without the sphinx_blogext extension: its pages get blog
layouts, every other page the documentation layout.

The Python side only prepares, for each page, what the templates cannot work
out themselves: the page's kind (which picks the layout), the navigation
links, the feed and calendar the page advertises, and a translation function
for the theme's own words. What it knows of the blog it reads from the page's
context (``blogext``, a :class:`sphinx_blogext.outputs.PageInfo` the extension
puts there), never from the extension's modules; what it needs of Sphinx's
internals goes through the extension's compatibility seam. It also writes the
code highlighting stylesheet, which has to follow the light/dark toggle and
not only the system setting, and gives the body's images their size and
loading hints (``_images.py``).
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from pygments.util import ClassNotFound
from sphinx.errors import ExtensionError
from sphinx.highlighting import PygmentsBridge
from sphinx.locale import get_translation

from sphinx_blogext import LOCALE, __version__
from sphinx_blogext import _sphinx_compat as compat
from sphinx_blogext.warnings import Subtype, warn

from ._images import with_image_hints

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from docutils import nodes
    from pygments.style import Style
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

THEME = Path(__file__).parent
#: Every theme string is in the extension's catalog; templates call this
#: function as ``blogext_gettext("…")``, the name the message extraction looks for.
blogext_gettext = get_translation("sphinx_blogext")

#: Feed types by preference, for the one feed link the header shows.
_FEED_TYPES = ("application/atom+xml", "application/rss+xml", "application/feed+json")
#: Icons the theme draws for social links, by a word of the label or the site's host.
_SOCIAL_ICONS = ("github", "gitlab", "mastodon", "bluesky", "linkedin", "youtube", "rss", "email")
#: What a theme option may set as a colour: a CSS colour, never a way out of the rule.
_COLOR = re.compile(
    r"#[0-9a-fA-F]{3,8}|[a-zA-Z]+|(?:rgb|hsl|hwb|lab|lch|oklab|oklch)a?\([\w\s.,%/+-]*\)"
)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_html_theme("blogext", str(THEME))
    if "sphinx_blogext" not in app.extensions:
        # the theme's words are in the extension's catalog, loaded by the extension
        # when the site has a blog
        app.add_message_catalog("sphinx_blogext", str(LOCALE))
    app.connect("builder-inited", _prepare)
    app.connect("env-updated", _rewrite_when_sidebar_changes, priority=600)
    # after the extension's own hooks, which add the feed and calendar links
    app.connect("html-page-context", _page_context, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


def _uses_theme(builder: Builder) -> bool:
    return THEME in map(Path, compat.theme_folders(builder))


def _prepare(app: Sphinx) -> None:
    """Check the options once, and add the stylesheets and the script."""
    builder = app.builder
    if not _uses_theme(builder):
        return
    options = compat.theme_options(builder, app.config.html_theme_options)
    for name in ("accent_color", "accent_color_dark"):
        if options.get(name) and not _COLOR.fullmatch(str(options[name]).strip()):
            _warn(f"html_theme_options[{name!r}] = {options[name]!r} is not a CSS colour")
    _checked_links(options.get("nav_links"), "nav_links", warn=True)
    _checked_links(options.get("social_links"), "social_links", warn=True)
    # after basic.css and the extension's components, which the theme restyles
    app.add_css_file("blogext-theme.css", priority=600)
    app.add_js_file("blogext-theme.js", loading_method="defer")
    light = compat.highlight_style(builder)
    try:
        dark = PygmentsBridge("html", options.get("pygments_dark_style") or "github-dark")
    except (ExtensionError, ClassNotFound, ValueError):
        style = options.get("pygments_dark_style")
        _warn(f"html_theme_options['pygments_dark_style'] = {style!r} is not a Pygments style")
        dark = PygmentsBridge("html", "github-dark")
    folder = Path(app.doctreedir) / "blogext-theme"
    css = pygments_css(light, dark.formatter_args["style"])
    _write_if_changed(folder / "blogext-pygments.css", css)
    app.config.html_static_path.append(str(folder))
    app.add_css_file("blogext-pygments.css", priority=210)


def _warn(message: str) -> None:
    warn(message, subtype=Subtype.THEME)


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _checked_links(value: Any, option: str = "", *, warn: bool = False) -> list[tuple[str, str]]:
    """(label, target) pairs of a links option; malformed entries are dropped (with a
    warning once per build: ``warn`` is set where the options are checked)."""
    if value and not isinstance(value, (list, tuple)):
        if warn:
            _warn(f"html_theme_options[{option!r}] must be a list of (label, target) pairs")
        return []
    links = []
    for entry in value or ():
        if (
            isinstance(entry, (list, tuple))
            and len(entry) == 2
            and all(isinstance(part, str) and part for part in entry)
        ):
            if _safe_target(entry[1]):
                links.append((entry[0], entry[1]))
            elif warn:
                _warn(f"html_theme_options[{option!r}]: {entry[1]!r} is not an allowed link")
        elif warn:
            _warn(f"html_theme_options[{option!r}]: {entry!r} is not a (label, target) pair")
    return links


def _safe_target(target: str) -> bool:
    """http(s) and mailto addresses, site paths, document names and anchors: no scripts,
    and no backslashes (browsers read ``/\\host`` as ``//host``, another site)."""
    scheme = urlsplit(target.strip()).scheme.lower()
    return scheme in ("", "http", "https", "mailto") and not any(
        c.isspace() or ord(c) < 32 or c == "\\" for c in target
    )


def _rewrite_when_sidebar_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when the global toctree or a title in it changed since the last build:
    the sidebar shows them on pages whose own source did not change. (The blog's own
    links in the header are the extension's: it rewrites pages when they change.)"""
    if not _uses_theme(app.builder):
        return []
    titles = env.titles
    tree = sorted((k, list(v)) for k, v in compat.toctree_includes(env).items())
    state = (tree, sorted((d, t.astext()) for d, t in titles.items()))
    previous = getattr(env, "blogext_theme_nav", None)
    env.blogext_theme_nav = state  # type: ignore[attr-defined]
    return sorted(env.found_docs) if previous is not None and previous != state else []


def _check_nav_targets(app: Sphinx, value: Any, generated: frozenset[str]) -> None:
    """A nav link to a document that does not exist would be a dead link: say so."""
    for label, target in _checked_links(value):
        if not _is_url(target) and target not in app.env.found_docs and target not in generated:
            _warn(f"html_theme_options['nav_links']: {label!r} links to {target!r}, no page")


# -- per page ------------------------------------------------------------------


def _page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if not _uses_theme(app.builder):
        return
    blog = context.get("blogext")
    if pagename == app.config.root_doc:
        # once per build that writes the home page, in whichever process writes it
        _check_nav_targets(
            app, context.get("theme_nav_links"), getattr(blog, "generated", frozenset())
        )
    kind = getattr(blog, "kind", "doc")
    metatags = context.get("metatags") or ""
    feed, calendar = _alternates(metatags)
    if "metatags" in context:
        # basic's layout writes the viewport; docutils' HTML writer puts another in
        context["metatags"] = _VIEWPORT.sub("", metatags)
    toc = context.get("toc") or ""
    show_toc = kind != "listing" and toc.count("<li") > 1
    toc_after_title = False
    if "body" in context:
        body = with_heading_levels(context["body"])
        body = with_image_hints(body, _image_locator(app, pagename))
        if show_toc:
            body, toc_after_title = _mark_toc_place(body)
        context["body"] = body
    context.update(
        blogext_gettext=blogext_gettext,
        blogext_toctree=lambda **options: with_heading_levels(context["toctree"](**options)),
        blogext_page_kind=kind,
        blogext_nav=_nav(app, pagename, context, blog),
        blogext_social=_social(context.get("theme_social_links")),
        blogext_feed=feed,
        blogext_calendar=calendar,
        # the local table of contents always lists the page's title: show it when
        # there is a section under it
        blogext_show_toc=show_toc,
        # where the body has a title, the contents follow it (and the post's header)
        blogext_toc_mark=TOC_MARK,
        blogext_toc_after_title=toc_after_title,
        blogext_accent=_accent(context),
    )


#: The viewport tag of docutils' HTML writer, which basic's layout already has.
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')
#: Where the template puts the page's table of contents inside the body.
TOC_MARK = "<!-- blogext-toc -->"


class _TitleEnd(HTMLParser):
    """Where the page's title ends: after the post's header when it has one, else
    after the first ``<h1>``; ``end`` is (line, column) of that end tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.end: tuple[int, int] | None = None
        self.in_header = 0
        self.header_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.header_done:
            return
        if self.in_header:
            self.in_header += tag == "div"
        elif tag == "div" and "blogext-post-header" in (dict(attrs).get("class") or "").split():
            self.in_header = 1

    def handle_endtag(self, tag: str) -> None:
        if self.header_done:
            return
        if self.in_header and tag == "div":
            self.in_header -= 1
            if not self.in_header:
                self.end, self.header_done = self.getpos(), True
        elif tag == "h1" and self.end is None:
            self.end = self.getpos()


def _mark_toc_place(body: str) -> tuple[str, bool]:
    """``body`` with :data:`TOC_MARK` after its title (and the post's header), so that on
    narrow screens the contents come after what the page is about; unchanged when the
    body has no title."""
    if "<h1" not in body:
        return body, False
    parser = _TitleEnd()
    try:
        parser.feed(body)
        parser.close()
    except (ValueError, AssertionError):
        return body, False
    if parser.end is None:
        return body, False
    line, column = parser.end
    start = sum(len(text) for text in body.splitlines(keepends=True)[: line - 1]) + column
    end = body.find(">", start) + 1
    if end <= 0:
        return body, False
    return body[:end] + TOC_MARK + body[end:], True


def _image_locator(app: Sphinx, pagename: str) -> Callable[[str], Path | None]:
    """The file an image's address names on this page: a copy Sphinx makes later in
    ``_images`` is found at its source, anything else in the output or the source."""
    builder = app.builder
    try:
        folder = posixpath.dirname(builder.get_target_uri(pagename))
    except NotImplementedError:  # a builder without pages of its own
        return lambda src: None
    imagedir = getattr(builder, "imagedir", "_images")
    copies = {dest: uri for uri, dest in getattr(builder, "images", {}).items()}

    def locate(src: str) -> Path | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path or src.startswith(("/", "#")):
            return None
        target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        if target == ".." or target.startswith("../"):
            return None
        head, _, name = target.partition("/")
        if head == imagedir and name in copies:
            return Path(app.srcdir, copies[name])
        for base in (app.outdir, app.srcdir):
            candidate = Path(base, target)
            if candidate.is_file():
                return candidate
        return None

    return locate


#: How Sphinx writes a toctree's caption: a heading without a level.
_CAPTION = '<p class="caption" role="heading">'


def with_heading_levels(html: str) -> str:
    """Toctree captions with the heading level that assistive technology asks for."""
    return str(html).replace(_CAPTION, '<p class="caption" role="heading" aria-level="2">')


def _default_nav(app: Sphinx, blog: Any) -> list[tuple[str, str]]:
    """Docs, and the sections of the blog this site has (the extension tells which); none
    without a blog, where "Docs" would only repeat the link of the project's name, and
    no "Docs" on a site that is only a blog."""
    if blog is None:
        return []
    links = [(str(blogext_gettext("Docs")), app.config.root_doc)] if blog.has_docs else []
    links += [(link.label, link.pagename) for link in blog.nav]
    return links


def _nav(app: Sphinx, pagename: str, context: dict[str, Any], blog: Any) -> list[dict[str, Any]]:
    """The header's links. The page's section is the link whose folder holds the page,
    the deepest one if several do (``blog/`` and ``blog/talks/``)."""
    # the theme's own words in the option's labels (Docs, Blog, …) follow the language
    chosen = _checked_links(context.get("theme_nav_links"))
    links = [(str(blogext_gettext(label)), target) for label, target in chosen]
    # builders that write one page (singlehtml) have the documents, not the blog's pages
    whole_site = app.builder.name in ("html", "dirhtml")
    entries = []
    for label, target in links or _default_nav(app, blog):
        external = _is_url(target)
        if not (external or whole_site or target in app.env.all_docs):
            continue
        if external:
            href = target
        elif whole_site:
            href = context["pathto"](target)
        else:  # one page holds every document: a link to its place in that page
            href = app.builder.get_target_uri(target)
        depth = -1 if external else _depth(target, pagename)
        entries.append((label, href, not external and pagename == target, depth))
    deepest = max((depth for *_rest, depth in entries), default=-1)
    # the section is the deepest folder that holds the page; at the top level, where
    # every link's folder holds it, only the page's own link (or the first) is marked
    marked = [i for i, entry in enumerate(entries) if entry[3] == deepest and deepest >= 0]
    if deepest == 0 and marked:
        own = [i for i in marked if entries[i][2]]
        marked = own or marked[:1]
    return [
        {"label": label, "href": href, "current": current,
         "active": current or i in marked}
        for i, (label, href, current, _depth_) in enumerate(entries)
    ]  # fmt: skip


def _depth(target: str, pagename: str) -> int:
    """How deep the folder of ``target`` is when it holds ``pagename``, else -1; a
    top-level target holds every page."""
    folder = posixpath.dirname(target)
    return len(folder) if not folder or pagename.startswith(f"{folder}/") else -1


def _is_url(target: str) -> bool:
    return bool(urlsplit(target).scheme) or target.startswith(("/", "#"))


def _social(value: Any) -> list[dict[str, str]]:
    links = []
    for label, url in _checked_links(value):
        words = f"{label} {urlsplit(url).netloc} {urlsplit(url).scheme}".lower()
        icon = next((name for name in _SOCIAL_ICONS if name in words), "website")
        if "mailto" in words:
            icon = "email"
        elif urlsplit(url).netloc.lower().removeprefix("www.") in ("x.com", "twitter.com"):
            icon = "twitter"
        links.append({"label": label, "url": url, "icon": icon})
    return links


def _accent(context: dict[str, Any]) -> str:
    """The value of ``--bx-accent`` from the theme options, or "" for the theme's own."""
    light = str(context.get("theme_accent_color") or "").strip()
    dark = str(context.get("theme_accent_color_dark") or "").strip()
    if not _COLOR.fullmatch(light):
        return ""
    if not _COLOR.fullmatch(dark):
        # the same hue, light enough to read on the dark background (about 9:1)
        dark = f"oklch(from {light} 0.8 c h)"
    return f"light-dark({light}, {dark})"


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "link" and found.get("rel") == "alternate" and found.get("href"):
            self.links.append(found)


def _alternates(metatags: str) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """The page's first feed (Atom preferred) and calendar, from its ``<link rel="alternate">``:
    what the page advertises is what the theme shows."""
    if 'rel="alternate"' not in metatags:
        return None, None
    parser = _AlternateLinks()
    parser.feed(metatags)
    feeds = [link for link in parser.links if link.get("type") in _FEED_TYPES]
    feeds.sort(key=lambda link: _FEED_TYPES.index(link["type"]))
    calendars = [link for link in parser.links if link.get("type") == "text/calendar"]
    return (feeds[0] if feeds else None), (calendars[0] if calendars else None)


# -- code highlighting -----------------------------------------------------------


def pygments_css(light: type[Style], dark: type[Style]) -> str:
    """Both styles, complete for every token so that neither leaks into the other: the
    dark one where the reader chose dark, or the system is dark and nothing was chosen."""
    return "\n".join(
        [
            "/* written by the blogext theme: code colours for light and dark */",
            *_style_rules(light, ".highlight"),
            "@media screen {",
            *_style_rules(dark, ':root[data-theme="dark"] .highlight'),
            "}",
            "@media screen and (prefers-color-scheme: dark) {",
            *_style_rules(dark, ':root:not([data-theme="light"]) .highlight'),
            "}",
            "",
        ]
    )


def _style_rules(style: type[Style], scope: str) -> Iterable[str]:
    from pygments.token import STANDARD_TYPES, Token

    background = _hex(style.background_color) or "ffffff"
    text = _hex(style.style_for_token(Token)["color"]) or (
        "1f2328" if _luminance(background) > 0.4 else "e6edf3"
    )
    yield f"{scope} {{ background: #{background}; color: #{text}; }}"
    highlight = _hex(style.highlight_color) or text
    yield f"{scope} .hll {{ background-color: #{highlight}; }}"
    for token, name in sorted(STANDARD_TYPES.items(), key=lambda item: item[1]):
        if not name:
            continue
        spec = style.style_for_token(token)
        ground = _hex(spec["bgcolor"])
        colour = readable(_hex(spec["color"]) or text, ground or background, text)
        yield (
            f"{scope} .{name} {{ color: #{colour}; "
            f"background-color: {'#' + ground if ground else 'transparent'}; "
            f"font-weight: {'bold' if spec['bold'] else 'normal'}; "
            f"font-style: {'italic' if spec['italic'] else 'normal'}; "
            f"text-decoration: {'underline' if spec['underline'] else 'none'}; }}"
        )


def _hex(colour: str | None) -> str:
    """``#abc`` or ``abcdef`` as six hex digits; "" for anything else (inherit, none)."""
    value = (colour or "").lstrip("#")
    if re.fullmatch(r"[0-9a-fA-F]{3}", value):
        value = "".join(c * 2 for c in value)
    return value.lower() if re.fullmatch(r"[0-9a-fA-F]{6}", value) else ""


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: str, background: str, text: str, minimum: float = 4.5) -> str:
    """``colour``, moved towards the text colour until it reads on ``background`` at the
    WCAG AA ratio: code stays legible whatever Pygments style a project picks."""
    for step in range(21):
        mixed = _mix(colour, text, step / 20)
        if contrast(mixed, background) >= minimum:
            return mixed
    return text


def _mix(a: str, b: str, share: float) -> str:
    """``share`` of ``b`` in ``a`` (six hex digits each)."""
    channels = (
        round(int(a[i : i + 2], 16) * (1 - share) + int(b[i : i + 2], 16) * share)
        for i in (0, 2, 4)
    )
    return "".join(f"{value:02x}" for value in channels)
