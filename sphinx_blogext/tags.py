"""Tags: a page per tag, the tag overview, ``blog_tags_file`` and the ``{tag}`` role.

Tags are a taxonomy of the catalog: tags that differ only in letter case
or spacing are one tag, shown with the most used spelling unless
``blog_tags_file`` gives a label. Their pages are routes of this feature
and outputs of the pipeline, like every other generated page.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation

from . import frontmatter
from .catalog import Definition, Source, Taxonomy, add_taxonomy, tag_key, term_slug
from .collect import read_data_file
from .config import settings
from .headtags import listing_metatags
from .model import TagInfo
from .outputs import PageOutput, add_findings, add_pages
from .pages import add_own_document_part
from .people import bio_from_markdown
from .refs import RefKind, add_ref_kind
from .routes import POSTS, Layer, RouteKind, add_route_family, add_section
from .views import LISTED_TAGS, CloudTag, ListingPage, TextLink
from .warnings import Finding, Subtype, suggestion, warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .model import BlogData
    from .outputs import BuildState
    from .routes import Route, RouteTable

_ = get_translation("sphinx_blogext")

OVERVIEW = RouteKind("tags", Layer.PAGE)
TAG = RouteKind("tag", Layer.PAGE)
#: A post with more tags than this is most likely a mistake (and is reported).
MANY_TAGS = 100

#: Fields of an entry of ``blog_tags_file``.
TAG_FIELDS = ("label", "description")
#: Steps of the overview's sizes: a tag's size grows with the logarithm of its count.
SIZES = 5


# -- the tags file -----------------------------------------------------------------


def read_tags_file(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read ``blog_tags_file`` before each read phase; report it when it changed."""
    tags_file = settings(env).tags_file
    read_data_file(app, "tags", tags_file, _tag_entries, subtype=Subtype.TAG)


def _tag_entries(path: Path, block: frontmatter.Block) -> dict[str, TagInfo]:
    info: dict[str, TagInfo] = {}
    for raw_key, value in block.raw.items():
        line = block.lines.get(str(raw_key))
        tag = " ".join(frontmatter.clean_text(str(raw_key)).split())
        entry, problems = _tag_info(tag, value, line)
        for message in problems:
            warn(f"tag {tag!r}: {message}", subtype=Subtype.TAG, path=str(path), line=line)
        if entry is not None:
            if tag_key(tag) in info:
                message = f"tag {tag!r} is described twice; the first one counts"
                warn(message, subtype=Subtype.TAG, path=str(path), line=line)
            else:
                info[tag_key(tag)] = entry
    return info


def tag_definitions(data: BlogData) -> Iterable[Definition]:
    """What ``blog_tags_file`` says of tags: labels and descriptions (no tag of its own)."""
    info: dict[str, TagInfo] = data.file("tags")[1] or {}
    for key, entry in info.items():
        yield Definition(key, entry.label, entry, makes_term=False, subtype=Subtype.TAG)


def _tag_info(tag: str, value: Any, line: int | None) -> tuple[TagInfo | None, list[str]]:
    """A tag's entry: a description as text, or a mapping of label and description."""
    if not tag:
        return None, ["a tag needs a name"]
    if isinstance(value, str):
        value = {"description": value}
    if value is None:
        value = {}
    if not isinstance(value, dict):
        return None, [f"must be a description or a mapping of {', '.join(TAG_FIELDS)}"]
    problems = []
    fields: dict[str, str] = {}
    for key, item in value.items():
        if key not in TAG_FIELDS:
            hint = suggestion(str(key), list(TAG_FIELDS))
            problems.append(f"unknown field {frontmatter.describe(key)}{hint}")
        elif not isinstance(item, str | int | float) or isinstance(item, bool):
            problems.append(f"{key} must be text, not {type(item).__name__}")
        else:
            fields[str(key)] = frontmatter.clean_text(str(item))
    label = " ".join(fields.get("label", "").split())
    html, text = bio_from_markdown(fields["description"]) if "description" in fields else ("", "")
    return TagInfo(tag, label[:200], html, text, line), problems


# -- what the catalog cannot tell by itself -----------------------------------------


def tag_findings(state: BuildState) -> list[Finding]:
    """Tags outside ``blog_tags_allowed`` (True: the tags of ``blog_tags_file``), and
    posts with more tags than anyone means.

    Checked once the whole blog is known, so an edit of the tags file is
    checked against every post, like a clean build would.
    """
    catalog = state.catalog
    findings = []
    for docname in sorted(catalog.posts):
        post = catalog.posts[docname]
        if len(post.tags) > MANY_TAGS:
            message = (
                f"{len(post.tags)} tags: listings show the first {LISTED_TAGS} and count "
                "the others; is this list meant as tags?"
            )
            findings.append(Finding(message, docname, post.line("tags") or 1, Subtype.TAG))
    allowed = state.settings.tags_allowed
    if allowed is None or allowed is False:
        return findings
    if allowed is True:
        described = catalog.defined("tags")
        names = [d.name or d.data.name for d in described.values()]
        keys = set(described)
    else:
        names = [str(t) for t in allowed]
        keys = {tag_key(t) for t in names}
    for docname in sorted(catalog.posts):
        post = catalog.posts[docname]
        for tag in post.tags:
            if tag_key(tag) not in keys:
                message = f"tag {tag!r} is not in blog_tags_allowed{suggestion(tag, names)}"
                findings.append(Finding(message, docname, post.line("tags") or 1, Subtype.TAG))
    return findings


def resolve_ref(state: BuildState, docname: str, target: str) -> tuple[str, str] | None:
    """A ``{tag}`` role: the tag's display name and page."""
    term = state.catalog.terms["tags"].get(tag_key(target))
    if term is None:
        return None
    return term.name, state.routes.term_url(docname, "tags", term.key)


def _known_tags(state: BuildState) -> list[str]:
    return [term.name for term in state.catalog.terms["tags"].values()]


# -- routes ------------------------------------------------------------------------------


def tag_routes(table: RouteTable) -> Iterator[Route]:
    """The overview (once there are tags, or the project has its document), then the
    numbered pages of each tag."""
    folder = table.settings.tags_path
    overview = f"{folder}/index"
    if table.catalog.terms["tags"] or overview in table.docs:
        yield table.page(OVERVIEW, overview, subject=("tags", ""), document=True)
    yield from table.term_pages(TAG, "tags", folder)


def _overview(table: RouteTable) -> Route | None:
    return next((r for r in table.family("tags") if r.kind is OVERVIEW), None)


# -- pages ---------------------------------------------------------------------------


def tag_context(state: BuildState, route: Route) -> ListingPage:
    routes, views, page = state.routes, state.views, route.pagename
    assert route.subject is not None
    key = route.subject[1]
    term = state.catalog.terms["tags"][key]
    per_page = state.settings.posts_per_page
    posts = term.posts[(route.number - 1) * per_page : route.number * per_page]
    title = _("Posts tagged “%s”") % term.name
    if route.number > 1:
        title = _("%(title)s, page %(number)d") % {"title": title, "number": route.number}
    info = term.definition if isinstance(term.definition, TagInfo) else None
    overview, index = _overview(routes), routes.pages_of(POSTS)[:1]
    links = [TextLink(routes.url(page, overview.pagename), _("All tags"))] if overview else []
    links += [TextLink(routes.url(page, r.pagename), _("All posts")) for r in index]
    return ListingPage(
        anchor="blog-tag",
        title=title,
        heading=title,
        description=info.description_html if info and route.number == 1 else "",
        description_text=info.description_text if info else "",
        listing=views.listing(page, posts, "excerpts"),
        pagination=views.pagination(route, routes.pages_of(route.subject)),
        feeds=views.alternates(page, route.subject),
        links=tuple(links),
    )


def overview_context(state: BuildState, pagename: str, *, heading: bool) -> ListingPage:
    """Every tag with its count, by name; ``size`` (1 to 5) grows with the count."""
    routes = state.routes
    terms = sorted(state.catalog.terms["tags"].values(), key=lambda t: (t.name.casefold(), t.key))
    most = max((len(t.posts) for t in terms), default=1)
    cloud = tuple(
        CloudTag(
            term.name,
            routes.term_url(pagename, "tags", term.key),
            len(term.posts),
            1 + round((SIZES - 1) * math.log(len(term.posts)) / math.log(most)) if most > 1 else 1,
        )
        for term in terms
    )
    title = _("Tags")
    index = routes.pages_of(POSTS)[:1] if state.site else []
    links = tuple(TextLink(routes.url(pagename, r.pagename), _("All posts")) for r in index)
    return ListingPage(
        anchor="blog-tags",
        title=title,
        heading=title if heading else "",
        cloud=cloud,
        feeds=state.views.alternates(pagename, POSTS) if heading else (),
        links=links,
    )


def tag_pages(state: BuildState) -> Iterator[PageOutput]:
    for route in state.routes.claimed("tags"):
        if route.kind is OVERVIEW:
            context = overview_context(state, route.pagename, heading=True)
            meta = listing_metatags(state, route.pagename, context.title)
        else:
            context = tag_context(state, route)
            meta = listing_metatags(state, route.pagename, context.title, context.description_text)
        yield PageOutput(route, context.title, "listing_page.html", context, meta)


def _text_overview(context: ListingPage) -> nodes.Node:
    items = nodes.bullet_list()
    for tag in context.cloud:
        items += nodes.list_item("", nodes.paragraph(text=f"{tag.name} ({tag.count})"))
    return items


def setup_tags(app: Sphinx) -> None:
    app.connect("env-before-read-docs", read_tags_file)
    add_taxonomy(
        app,
        Taxonomy("tags", tag_key, term_slug, (Source("posts", "tags"),), tag_definitions),
    )
    add_ref_kind(app, RefKind("tag", resolve_ref, _known_tags, Subtype.TAG, rel="tag"))
    add_route_family(app, "tags", tag_routes)
    add_section(app, "tags", lambda: _("Tags"), _overview)
    add_pages(app, "tags", tag_pages)
    add_findings(app, "tags", tag_findings)
    add_own_document_part(
        app,
        "tags-index",
        lambda state: f"{state.settings.tags_path}/index",
        lambda state: _overview(state.routes),
        lambda state, docname: overview_context(state, docname, heading=False),
        _text_overview,
    )
