"""Tags: a page per tag, the tag overview, ``blog_tags_file`` and the ``{tag}`` role.

Tags are a taxonomy of the catalog: tags that differ only in letter case
or spacing are one tag, shown with the most used spelling unless
``blog_tags_file`` gives a label. Their pages are routes of the route
table and outputs of the pipeline, like every other generated page.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation

from . import frontmatter
from .catalog import tag_key
from .listings import add_own_document_part, pagination
from .model import TagInfo, blog_data
from .outputs import PageOutput, add_findings, add_pages
from .people import bio_from_markdown
from .refs import RefKind, add_ref_kind
from .routes import BLOG_FEEDS
from .warnings import Finding, suggestion, warn
from .webmeta import listing_metatags

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .outputs import BuildState
    from .routes import Route

_ = get_translation("sphinx_blogext")

#: Fields of an entry of ``blog_tags_file``.
TAG_FIELDS = ("label", "description")
#: Steps of the overview's sizes: a tag's size grows with the logarithm of its count.
SIZES = 5


# -- the tags file -----------------------------------------------------------------


def read_tags_file(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read ``blog_tags_file`` before each read phase; report it when it changed."""
    data = blog_data(env)
    name = app.config.blog_tags_file
    if not name:
        if data.tag_info or data.tags_digest:
            data.set_tag_info({}, "")
        return
    path = Path(app.confdir) / name
    text, problem = frontmatter.data_file_text(path)
    digest = hashlib.sha256(f"{path}\n{problem}\n{text}".encode("utf-8", "replace")).hexdigest()
    if digest == data.tags_digest:
        return
    if problem:
        warn(problem, subtype="tag", path=str(path))
        data.set_tag_info({}, digest)
        return
    block = frontmatter.read_data_file(path, text, subtype="tag")
    info: dict[str, TagInfo] = {}
    for raw_key, value in block.raw.items():
        line = block.lines.get(str(raw_key))
        tag = " ".join(frontmatter.clean_text(str(raw_key)).split())
        entry, problems = _tag_info(tag, value, line)
        for message in problems:
            warn(f"tag {tag!r}: {message}", subtype="tag", path=str(path), line=line)
        if entry is not None:
            if tag_key(tag) in info:
                message = f"tag {tag!r} is described twice; the first one counts"
                warn(message, subtype="tag", path=str(path), line=line)
            else:
                info[tag_key(tag)] = entry
    data.set_tag_info(info, digest)


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
    """Tags outside ``blog_tags_allowed`` (True: the tags of ``blog_tags_file``).

    Checked once the whole blog is known, so an edit of the tags file is
    checked against every post, like a clean build would.
    """
    allowed = state.config.blog_tags_allowed
    if allowed is None or allowed is False:
        return []
    catalog = state.catalog
    if allowed is True:
        names = [info.label or info.name for info in catalog.tag_info.values()]
        keys = set(catalog.tag_info)
    else:
        names = [str(t) for t in allowed]
        keys = {tag_key(t) for t in names}
    findings = []
    for docname in sorted(catalog.posts):
        post = catalog.posts[docname]
        for tag in post.tags:
            if tag_key(tag) not in keys:
                message = f"tag {tag!r} is not in blog_tags_allowed{suggestion(tag, names)}"
                findings.append(Finding(message, docname, post.line("tags") or 1, "tag"))
    return findings


def resolve_ref(state: BuildState, docname: str, target: str) -> tuple[str, str] | None:
    """A ``{tag}`` role: the tag's display name and page."""
    term = state.catalog.terms["tags"].get(tag_key(target))
    if term is None:
        return None
    return term.name, state.routes.tag_url(docname, term.key)


def _known_tags(state: BuildState) -> list[str]:
    return [term.name for term in state.catalog.terms["tags"].values()]


# -- pages ---------------------------------------------------------------------------


def tag_context(state: BuildState, key: str, route: Route) -> dict[str, Any]:
    routes, views, page = state.routes, state.views, route.pagename
    term = state.catalog.terms["tags"][key]
    per_page = state.config.blog_posts_per_page
    posts = term.posts[(route.number - 1) * per_page : route.number * per_page]
    title = _("Posts tagged “%s”") % term.name
    if route.number > 1:
        title = _("%(title)s, page %(number)d") % {"title": title, "number": route.number}
    info = term.info
    return {
        "anchor": "blog-tag",
        "heading": title,
        "title": title,
        "description": info.description_html if info and route.number == 1 else "",
        "description_text": info.description_text if info else "",
        "listing": {"entries": views.entries(page, posts), "format": "excerpts"},
        "pagination": pagination(state, route, routes.tag_pages[key]),
        "feeds": views.feed_links(page, ("tags", key)),
        "links": [
            {"url": routes.url(page, routes.tags_index.pagename), "text": _("All tags")},
            {"url": routes.url(page, routes.index[0].pagename), "text": _("All posts")},
        ],
    }


def overview_context(state: BuildState, pagename: str, *, heading: bool) -> dict[str, Any]:
    """Every tag with its count, by name; ``size`` (1 to 5) grows with the count."""
    routes = state.routes
    terms = sorted(state.catalog.terms["tags"].values(), key=lambda t: (t.name.casefold(), t.key))
    most = max((len(t.posts) for t in terms), default=1)
    cloud = [
        {
            "name": term.name,
            "url": routes.tag_url(pagename, term.key),
            "count": len(term.posts),
            "size": 1 + round((SIZES - 1) * math.log(len(term.posts)) / math.log(most))
            if most > 1
            else 1,
        }
        for term in terms
    ]
    title = _("Tags")
    links = []
    if state.site:
        index = routes.index[0].pagename
        links.append({"url": routes.url(pagename, index), "text": _("All posts")})
    return {
        "anchor": "blog-tags",
        "heading": title if heading else "",
        "title": title,
        "cloud": cloud,
        "listing": None,
        "pagination": None,
        "feeds": state.views.feed_links(pagename, BLOG_FEEDS) if heading else (),
        "links": links,
    }


def tag_pages(state: BuildState) -> Iterator[PageOutput]:
    for route in state.routes.claims.pages:
        if route.kind == "tags":
            context = overview_context(state, route.pagename, heading=True)
            meta = listing_metatags(state, route.pagename, context["title"])
        elif route.kind == "tag":
            context = tag_context(state, route.term, route)
            meta = listing_metatags(
                state, route.pagename, context["title"], context["description_text"]
            )
        else:
            continue
        yield PageOutput(route, context["title"], "listing_page.html", context, meta)


def _text_overview(context: dict[str, Any]) -> nodes.Node:
    items = nodes.bullet_list()
    for tag in context["cloud"]:
        items += nodes.list_item("", nodes.paragraph(text=f"{tag['name']} ({tag['count']})"))
    return items


def setup_tags(app: Sphinx) -> None:
    app.connect("env-before-read-docs", read_tags_file)
    add_ref_kind(RefKind("tag", resolve_ref, _known_tags, rel="tag"), app)
    add_pages("tags", tag_pages)
    add_findings("tags", tag_findings)
    add_own_document_part(
        "tags-index",
        lambda state: state.routes.tags_index,
        lambda state: state.routes.tags_doc,
        lambda state, docname: overview_context(state, docname, heading=False),
        _text_overview,
    )
