"""Turning posts into HTML: dates, entry views and the extension's templates.

Templates live in ``templates/blogext/``. A theme, or the project's own
``templates_path``, can override any of them by shipping a file of the same
name under ``blogext/``.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup
from sphinx.locale import get_translation
from sphinx.util.osutil import relative_uri

from .urls import is_absolute

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date, datetime

    from sphinx.builders import Builder

    from .model import Post

_ = get_translation("sphinx_blogext")

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class DateView:
    iso: str
    text: str


@dataclass(frozen=True)
class EntryView:
    """What a listing shows of one post, with links relative to the page."""

    docname: str
    title: str
    url: str
    date: DateView | None
    updated: DateView | None
    contributors: tuple[str, ...]
    reading_minutes: int
    tags: tuple[str, ...]
    excerpt: str
    image: str
    draft: bool


@functools.cache
def _locale(language: str | None) -> Locale:
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def date_view(value: datetime | None, *, language: str | None, fmt: str) -> DateView | None:
    """The machine-readable and the displayed form of a date.

    The date is shown as its author wrote it, in its own offset, so the
    output never depends on the build machine's time zone.
    """
    if value is None:
        return None
    return DateView(iso=value.isoformat(), text=_date_text(value.date(), language, fmt))


@functools.lru_cache(maxsize=4096)
def _date_text(day: date, language: str | None, fmt: str) -> str:
    # each date shows on many pages (post, neighbours, related posts, listings)
    try:
        return format_date(day, format=fmt, locale=_locale(language))
    except (ValueError, KeyError):
        return format_date(day, format="long", locale=_locale(language))


def image_url(builder: Builder, pagename: str, post: Post) -> str:
    """URL of the post's card image as seen from ``pagename``."""
    if not post.images:
        return ""
    image = post.images[0]
    if is_absolute(image):
        return image
    if image.startswith("/"):
        target = image.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(post.docname), image))
    return relative_to_page(builder, pagename, target)


def relative_to_page(builder: Builder, pagename: str, target: str) -> str:
    """A link from ``pagename`` to the output path ``target`` (not a docname)."""
    return relative_uri(builder.get_target_uri(pagename), target)


def entry_view(builder: Builder, pagename: str, post: Post) -> EntryView:
    config = builder.config
    dates = {"language": config.language, "fmt": config.blog_date_format}
    return EntryView(
        docname=post.docname,
        title=post.title,
        url=builder.get_relative_uri(pagename, post.docname),
        date=date_view(post.date, **dates),
        updated=date_view(post.updated, **dates),
        contributors=tuple(post.contributors),
        reading_minutes=post.reading_minutes,
        tags=tuple(post.tags),
        excerpt=post.excerpt,
        image=image_url(builder, pagename, post),
        draft=post.draft,
    )


def entry_views(builder: Builder, pagename: str, posts: Sequence[Post]) -> list[EntryView]:
    return [entry_view(builder, pagename, p) for p in posts]


class Renderer:
    """Renders the extension's templates, letting the theme and project override them."""

    def __init__(self, builder: Builder) -> None:
        search: list[str] = [str(builder.confdir / p) for p in builder.config.templates_path]
        theme = getattr(builder, "theme", None)
        if theme is not None:
            search.extend(str(d) for d in theme.get_theme_dirs())
        search.append(str(TEMPLATES))
        cache_dir = Path(builder.doctreedir) / "blogext-templates"
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(search),
            # compiled templates survive between builds, as Sphinx's pickled doctrees do
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache_dir)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.globals["_"] = _
        self.env.globals["meta_line"] = meta_line
        self.env.filters["minutes"] = _minutes

    def render(self, name: str, **context: Any) -> Markup:
        """Rendered HTML, marked safe so that it nests in other templates unescaped."""
        return Markup(self.env.get_template(f"blogext/{name}").render(**context))


_SEP = Markup('<span class="blogext-sep" aria-hidden="true"> · </span>')


def meta_line(entry: EntryView, updated: bool = True) -> Markup:
    """Date, update, reading time and byline, joined by separators.

    Built in Python rather than as a template macro: it is rendered for
    every post on every page that shows posts.
    """
    parts = []
    if entry.date:
        parts.append(
            Markup('<time class="blogext-date" datetime="{}">{}</time>').format(
                entry.date.iso, entry.date.text
            )
        )
    if updated and entry.updated:
        parts.append(
            Markup('<span class="blogext-updated">{} <time datetime="{}">{}</time></span>').format(
                _("Updated"), entry.updated.iso, entry.updated.text
            )
        )
    if entry.reading_minutes:
        parts.append(
            Markup('<span class="blogext-reading-time">{}</span>').format(
                _minutes(entry.reading_minutes)
            )
        )
    if entry.contributors:
        names = Markup(", ").join(
            Markup('<span class="blogext-author">{}</span>').format(name)
            for name in entry.contributors
        )
        parts.append(Markup('<span class="blogext-byline">{} {}</span>').format(_("By"), names))
    return _SEP.join(parts)


def _minutes(count: int) -> str:
    return _("%d min read") % count


def renderer_for(builder: Builder) -> Renderer:
    """One renderer per builder (and per process: each forked writer has its copy)."""
    cached: Renderer | None = getattr(builder, "_blogext_renderer", None)
    if cached is None:
        cached = Renderer(builder)
        builder._blogext_renderer = cached  # type: ignore[attr-defined]
    return cached


#: Builders that publish a multi-page site, where generated pages make sense.
SITE_BUILDERS = ("html", "dirhtml")


def site_builder(builder: Builder) -> StandaloneHTMLBuilder | None:
    """``builder`` when it writes one HTML file per page (html, dirhtml), else None."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    if builder.name in SITE_BUILDERS and isinstance(builder, StandaloneHTMLBuilder):
        return builder
    return None
