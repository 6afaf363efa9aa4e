"""What the blog's listing pages share: a project's own document at a page's name, and
the plain-text forms of listings for builders other than HTML.

The blog index, the overviews of tags and contributors and the talks index
are generated pages, unless the project has a document of that name: then
that document is kept, and the page's body is added at its end
(:func:`add_own_document_part`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation

from .outputs import DocumentPart, add_document_part
from .render import append_to_body, make_fragment

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx

    from .outputs import BuildState
    from .routes import Route
    from .views import EntryView, ListingPage, TalkView

_ = get_translation("sphinx_blogext")


def add_own_document_part(
    app: Sphinx,
    name: str,
    pagename: Callable[[BuildState], str],
    route: Callable[[BuildState], Route | None],
    context: Callable[[BuildState, str], ListingPage],
    text: Callable[[ListingPage], nodes.Node],
) -> None:
    """Show a generated page's body under the project's own document at its name.

    ``pagename`` is the page's name (cheap: asked on every build), ``route`` the
    page (None when the site has none); ``text`` gives the plain form of the
    body for builders other than HTML.
    """

    def documents(state: BuildState) -> list[str]:
        found = pagename(state)
        return [found] if found in state.routes.docs else []

    def part_context(state: BuildState, docname: str) -> ListingPage | None:
        if docname != pagename(state):
            return None
        found = route(state)
        if found is None or not state.routes.shown_by_document(found):
            return None
        return context(state, docname)

    def insert(state: BuildState, doctree: nodes.Element, docname: str, data: ListingPage) -> None:
        node = make_fragment("listing_page.html", data) if state.html else text(data)
        append_to_body(doctree, node)

    add_document_part(app, DocumentPart(name, documents, part_context, insert))


def text_listing(entries: Iterable[EntryView]) -> nodes.Node:
    """The plain-text form of a listing, for builders other than HTML."""
    items = nodes.bullet_list()
    for entry in entries:
        post = entry.post
        when = f" ({post.date.iso[:10]})" if post.date else ""
        items += nodes.list_item("", nodes.paragraph(text=post.title + when))
    return items if len(items) else nodes.paragraph(text=_("No posts yet."))


def talk_facts(view: TalkView) -> list[str]:
    """Speakers, event, time, duration, place and level, as plain text."""
    facts = []
    if view.speakers:
        facts.append(_("Speakers") + ": " + ", ".join(s.name for s in view.speakers))
    when = view.date.text if view.date else _("Date to be announced")
    facts += [view.event, when, view.duration, view.location]
    if view.level:
        facts.append(_("Level") + ": " + view.level)
    if view.tags:
        facts.append(_("Tags") + ": " + ", ".join(t.name for t in view.tags))
    return [fact for fact in facts if fact]


def text_talks(views: Iterable[TalkView]) -> nodes.Node:
    """A list of talks for builders other than HTML."""
    items = nodes.bullet_list()
    for view in views:
        items += nodes.list_item(
            "", nodes.paragraph(text=" — ".join([view.title, *talk_facts(view)]))
        )
    return items if len(items) else nodes.paragraph(text=_("No talks yet."))
