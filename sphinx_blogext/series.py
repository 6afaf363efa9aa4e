"""Series: posts that are parts of one whole, read in order.

A post names its series in front matter (``series: "Name"``, or the list Hugo
themes write, ``series: ["Name"]``); the first name is the post's series, and
any other is reported and ignored. Series are a taxonomy of the catalog, like
categories (letter case and spacing do not count), so only published posts are
parts: drafts and posts held back until their date are not.

Parts are read in *reading order*: those with a ``series_weight`` first, lowest
first (Hugo's rule for weights), then the others by date, oldest first; ties by
title. Each part shows a box at its top (a document part): where it stands in
the series, every part (a long series lists the first, the last and those
around the part), and the previous and next parts. A series of one part shows
no box. The box's view holds every link and title it shows, so when a part is
added, removed, reordered or retitled, the pipeline writes every other part
again. The same view is the page data ``series``, which the post's JSON-LD
reads (``isPartOf`` and ``position``).

Each series has a page listing its parts in reading order (with a feed, as
every term with a page has), and ``<blog_series_path>/index`` lists the series,
each with its number of parts and its latest part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .catalog import Source, Taxonomy, add_taxonomy, date_order, tag_key, term_slug
from .digest import View, view
from .model import blog_data
from .outputs import DocumentPart, add_document_part, add_page_data
from .pages import Overview, TermPages, add_term_pages
from .render import _, fragment, make_fragment, ngettext
from .routes import POSTS
from .views import EntryView, LinkView, TextLink
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

    from .model import Post
    from .outputs import BuildState

#: A series of more parts than this lists, in each part's box, the first and the last
#: part and those around the part (the series page lists them all).
LISTED_PARTS = 12
#: How many parts on each side of the current one such a box lists.
AROUND = 2


# -- reading the front matter ------------------------------------------------------


def first_series(names: list[str]) -> tuple[list[str], list[str]]:
    """The post's series (the first name, or none) and the other names, which are
    ignored; a name that is the first one spelt differently is not another series."""
    if not names:
        return [], []
    first = names[0]
    ignored = [n for n in dict.fromkeys(names[1:]) if tag_key(n) != tag_key(first)]
    return [first], ignored


def keep_first_series(app: Sphinx, doctree: nodes.document) -> None:
    """A post is a part of one series (``doctree-read``, before the post's digest is made).

    ``series_weight`` without a series is reported: it places the post nowhere.
    """
    env = app.env
    post = blog_data(env).posts.get(env.docname)
    if post is None:
        return
    kept, ignored = first_series(post.series)
    if ignored:
        names = ", ".join(repr(name) for name in ignored)
        warn(
            f"series: a post is a part of one series, the first ({kept[0]!r}); {names} ignored",
            subtype=Subtype.FRONTMATTER,
            docname=env.docname,
            line=post.line("series") or 1,
        )
    post.series = kept
    if post.series_weight and not post.series:
        warn(
            "series_weight is set but the post names no series; ignored",
            subtype=Subtype.FRONTMATTER,
            docname=env.docname,
            line=post.line("series_weight") or 1,
        )


# -- reading order -------------------------------------------------------------------


def reading_key(post: Post) -> tuple[object, ...]:
    """Weighted parts first, lowest first; then by date, oldest first (undated last);
    ties by title."""
    weighted = post.series_weight != 0  # as Hugo's weight: 0 means none
    stamp = post.date.timestamp() if post.date else float("inf")
    weight = post.series_weight if weighted else 0
    return (not weighted, weight, stamp, post.title.casefold(), post.docname)


def reading_order(posts: Iterable[Post]) -> list[Post]:
    return sorted(posts, key=reading_key)


def all_parts(state: BuildState) -> dict[str, list[Post]]:
    """Each series' parts in reading order, by term key (once per build)."""
    found: dict[str, list[Post]] | None = state.memo.get("series-parts")
    if found is None:
        terms = state.catalog.terms.get("series", {})
        found = {key: reading_order(term.posts) for key, term in terms.items() if term.posts}
        state.memo["series-parts"] = found
    return found


def shown_numbers(total: int, current: int) -> list[int]:
    """The numbers of the parts a box lists: all of them, or in a long series the
    first, the last and those around ``current`` (a gap of one part is filled)."""
    if total <= LISTED_PARTS:
        return list(range(1, total + 1))
    kept = sorted({1, total, *range(max(1, current - AROUND), min(total, current + AROUND) + 1)})
    filled: list[int] = []
    for number in kept:
        if filled and number - filled[-1] == 2:
            filled.append(number - 1)
        filled.append(number)
    return filled


# -- the box -----------------------------------------------------------------------------


@view
class SeriesPart(View):
    """A part as a box lists it."""

    digest_once = False

    number: int
    title: str
    url: str
    current: bool
    #: whether parts before this one are left out of the list (a long series)
    gap: bool = False


@view
class SeriesBox(View):
    """Where a post stands in its series (``series_box.html``), as seen from the post.

    Also the page data ``series`` (``blogext.get("series")`` in a theme's templates),
    which the post's JSON-LD reads: ``name``, ``address`` and ``number``.
    """

    digest_once = False

    #: the series' display name, its page as seen from the post ("" without one) and
    #: that page's absolute address ("" without a base URL)
    name: str
    url: str
    address: str
    #: the post's place (from 1), and how many parts there are
    number: int
    total: int
    #: the parts listed, in reading order (all of them, unless the series is long)
    parts: tuple[SeriesPart, ...]
    previous: SeriesPart | None
    next: SeriesPart | None


def series_box(state: BuildState, docname: str) -> SeriesBox | None:
    """The box of a post that is a part of a series, or None."""
    boxes: dict[str, SeriesBox | None] = state.memo.setdefault("series-boxes", {})
    if docname in boxes:
        return boxes[docname]
    boxes[docname] = box = _make_box(state, docname)
    return box


def _make_box(state: BuildState, docname: str) -> SeriesBox | None:
    catalog, routes = state.catalog, state.routes
    post = catalog.posts.get(docname)
    if post is None or post.draft or not post.series:
        return None
    term = catalog.term("series", post.series[0])
    parts = all_parts(state).get(term.key, []) if term is not None else []
    number = next((i + 1 for i, p in enumerate(parts) if p.docname == docname), 0)
    if term is None or not number:
        return None

    def part(at: int, *, gap: bool = False) -> SeriesPart:
        found = parts[at - 1]
        return SeriesPart(at, found.title, routes.url(docname, found.docname), at == number, gap)

    listed, last = [], 0
    for at in shown_numbers(len(parts), number):
        listed.append(part(at, gap=at - last > 1))
        last = at
    return SeriesBox(
        name=term.name,
        url=routes.term_url(docname, "series", term.key),
        address=routes.term_address("series", term.key),
        number=number,
        total=len(parts),
        parts=tuple(listed),
        previous=part(number - 1) if number > 1 else None,
        next=part(number + 1) if number < len(parts) else None,
    )


def heading_text(box: SeriesBox) -> str:
    """The box's heading ("Part 2 of 3 in the series “Name”") as plain text."""
    return _heading(box.total) % {"number": box.number, "total": box.total, "name": box.name}


def _heading(total: int) -> str:
    return ngettext(
        "Part %(number)d of %(total)d in the series “%(name)s”",
        "Part %(number)d of %(total)d in the series “%(name)s”",
        total,
    )


def insert_box(state: BuildState, doctree: nodes.Element, docname: str, box: SeriesBox) -> None:
    """Put the box after the post's header, above its body; a series of one part has none.

    The box is the blog's, not the post's: in HTML it marks where the post's own
    content starts (what feeds take as the post's content).
    """
    if box.total < 2:
        return
    section = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    container: nodes.Element = section if section is not None else doctree
    children = container.children
    at = next((i + 1 for i, c in enumerate(children) if isinstance(c, nodes.title)), 0)
    # after what the blog put under the title (the post's header)
    while at < len(children) and _is_blog_part(children[at]):
        at += 1
    if state.html:
        node: nodes.Node = make_fragment("series_box.html", box, capture="start", docname=docname)
    else:
        node = text_box(box)
    container.insert(at, node)


def _is_blog_part(node: nodes.Node) -> bool:
    if isinstance(node, fragment):
        return True
    classes = node.get("classes", []) if isinstance(node, nodes.Element) else []
    return isinstance(node, nodes.container) and any(c.startswith("blogext-") for c in classes)


def text_box(box: SeriesBox) -> nodes.Node:
    """The box for builders other than HTML: the heading, the parts, previous and next."""
    node = nodes.container(classes=["blogext-series"])
    node += nodes.paragraph(text=heading_text(box))
    lines = nodes.line_block()
    for part in box.parts:
        if part.gap:
            lines += nodes.line(text="…")
        mark = " " + _("(this part)") if part.current else ""
        lines += nodes.line(text=f"{part.number}. {part.title}{mark}")
    node += lines
    if box.previous is not None:
        node += nodes.paragraph(text=_("Previous part") + ": " + box.previous.title)
    if box.next is not None:
        node += nodes.paragraph(text=_("Next part") + ": " + box.next.title)
    return node


# -- the overview ------------------------------------------------------------------------


@view
class SeriesSummary(View):
    """A series on the overview: its name and page, how many parts, the latest one."""

    digest_once = False

    name: str
    url: str
    parts: int
    latest: EntryView


@view
class SeriesOverview(View):
    """The body of the series overview (``series_overview.html``)."""

    digest_once = False

    anchor: str
    heading: str
    series: tuple[SeriesSummary, ...]
    feeds: tuple[LinkView, ...] = ()
    links: tuple[TextLink, ...] = ()


def overview_context(state: BuildState, pagename: str, heading: bool) -> SeriesOverview:
    """Every series, the one with the newest part first."""
    routes, views = state.routes, state.views
    terms = state.catalog.terms.get("series", {})
    found = []
    for key, parts in all_parts(state).items():
        latest = min(parts, key=date_order)
        order = (date_order(latest)[0], terms[key].name.casefold(), key)
        summary = SeriesSummary(
            terms[key].name,
            routes.term_url(pagename, "series", key),
            len(parts),
            views.entry(pagename, latest),
        )
        found.append((order, summary))
    found.sort(key=lambda item: item[0])
    index = routes.pages_of(POSTS)[:1] if state.site else []
    return SeriesOverview(
        anchor="blog-series-overview",
        heading=_("Series") if heading else "",
        series=tuple(summary for _order, summary in found),
        feeds=views.alternates(pagename, POSTS) if heading else (),
        links=tuple(TextLink(routes.url(pagename, r.pagename), _("All posts")) for r in index),
    )


def text_overview(context: SeriesOverview) -> nodes.Node:
    items = nodes.bullet_list()
    for summary in context.series:
        count = ngettext("%(num)d part", "%(num)d parts", summary.parts) % {"num": summary.parts}
        latest = _("Latest part:") + " " + summary.latest.post.title
        items += nodes.list_item("", nodes.paragraph(text=f"{summary.name} ({count}) — {latest}"))
    return items if len(items) else nodes.paragraph(text=_("No series yet."))


SERIES_PAGES = TermPages(
    "series",
    folder=lambda found: found.series_path,
    title=lambda: _("Series"),
    term_title=lambda name: _("Series “%s”") % name,
    all_terms=lambda: _("All series"),
    anchor="blog-series",
    overview_anchor="blog-series-overview",
    order=reading_order,
    overview=Overview("series_overview.html", overview_context, text_overview),
)


def setup_series(app: Sphinx) -> None:
    # before the post's digest is made (posts.finish_post, at the default priority)
    app.connect("doctree-read", keep_first_series, priority=400)
    add_taxonomy(
        app,
        Taxonomy(
            "series",
            tag_key,
            term_slug,
            (Source("posts", "series"),),
            label=lambda name: _("posts in the series “%s”") % name,
        ),
    )
    add_term_pages(app, SERIES_PAGES)
    add_document_part(
        app, DocumentPart("series", lambda state: state.data.posts, series_box, insert_box)
    )
    add_page_data(app, "series", series_box)
