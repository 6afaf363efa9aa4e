"""Contributors: their definitions, bylines and bio cards, pages and metadata.

A contributor is defined by the ``contributor`` directive (usually in a page
of their own, which then becomes their page) or by an entry of
``blog_contributors_file``. Posts name contributors in their ``contributors``
field, by slug or display name; talks in their ``speakers``. Contributors are
a taxonomy whose definitions are these: the catalog matches names to them.
Everything the blog shows of contributors goes through the output pipeline:
bylines and bio cards on posts (made by the core views), the profile and
post list on a contributor's page, the generated pages, the overview and the
copied avatars.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import _sphinx_compat as compat
from . import frontmatter
from .catalog import Definition, Source, Taxonomy, add_taxonomy, name_key, upcoming_first
from .collect import add_node_store, read_data_file
from .config import settings
from .digest import View, view
from .directives import AnyOption, option_lines
from .headtags import (
    add_to_head,
    card_image,
    hand_to_opengraph,
    merge,
    meta_tag,
    uses_opengraph,
)
from .imaging import AVATARS, ImageJob, add_image_jobs, variant_files, variant_jobs, variant_routes
from .model import Contributor
from .outputs import (
    DocumentPart,
    FileOutput,
    PageOutput,
    add_document_part,
    add_files,
    add_findings,
    add_pages,
    add_stamp,
    file_stamps,
    state_of,
)
from .pages import add_own_document_part, text_listing, text_talks
from .people import FIELDS, bio_from_markdown, bio_from_nodes, definition_slug, make_contributor
from .refs import RefKind, add_ref_kind
from .render import append_to_body, json_ld, make_fragment
from .routes import POSTS, TALKS, Layer, RouteKind, add_route_family, add_section
from .views import ListingPage, TextLink
from .warnings import Finding, Subtype, suggestion, warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

    from .catalog import Term
    from .model import BlogData
    from .outputs import BuildState
    from .routes import Route, RouteTable
    from .views import ProfileView

_ = get_translation("sphinx_blogext")

OVERVIEW = RouteKind("contributors", Layer.PAGE)
PAGE = RouteKind("contributor", Layer.PAGE)
AVATAR = RouteKind("avatar", Layer.FILE)
AVATAR_VARIANT = RouteKind("avatar-variant", Layer.FILE)


def _subtype(found: Subtype) -> Subtype:
    """Problems with a definition's fields are contributor warnings; unsafe links stay url."""
    return Subtype.CONTRIBUTOR if found is Subtype.FRONTMATTER else found


# -- the directive ---------------------------------------------------------------


class contributor_node(nodes.container):
    """A contributor's profile and bio; carries the :class:`Contributor`."""


class ContributorDirective(SphinxDirective):
    """``.. contributor:: slug`` defines a contributor; the content is the bio."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[OptionSpec] = AnyOption(FIELDS)

    def run(self) -> list[nodes.Node]:
        slug = definition_slug(self.arguments[0])
        node = contributor_node(classes=["blogext-contributor"])
        self.set_source_info(node)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        html, text = bio_from_nodes(node.children)
        source = Path(self.env.doc2path(self.env.docname))
        person, problems = make_contributor(
            slug,
            dict(self.options),
            avatar_base=source.parent,
            site_root=Path(self.env.srcdir),
            bio_html=html,
            bio_text=text,
        )
        person.docname, person.line = self.env.docname, self.lineno
        if person.avatar_file:
            # read the page again when its avatar changes or goes away
            self.env.note_dependency(person.avatar_file)
        if "name" not in self.options:
            person.name = " ".join(frontmatter.clean_text(self.arguments[0]).split())
        lines = option_lines(self)
        for problem in problems:
            warn(
                f"contributor {slug!r}: {problem.message}",
                subtype=_subtype(problem.subtype),
                docname=self.env.docname,
                line=lines.get(problem.key or "", self.lineno),
            )
        node["contributor"] = person
        return [node]


# -- collecting ------------------------------------------------------------------


def mark_profile_pages(app: Sphinx, doctree: nodes.document) -> None:
    """A contributor's page is reached through bylines, like a post: no toctree needed."""
    if any(True for _node in doctree.findall(contributor_node)):
        compat.mark_orphan(app.env, app.env.docname)


def read_contributors_file(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read ``blog_contributors_file`` before each read phase; report it when it changed."""
    read_data_file(
        app,
        "contributors",
        settings(env).contributors_file,
        lambda path, block: _people(app, path, block),
        subtype=Subtype.CONTRIBUTOR,
        # the file's contributors depend on their avatars too
        depends=lambda people: file_stamps(p.avatar_file for p in people or ()),
    )


def _people(app: Sphinx, path: Path, block: frontmatter.Block) -> list[Contributor]:
    people = []
    for key, fields in block.raw.items():
        line = block.lines.get(str(key))
        if not isinstance(fields, dict):
            warn(
                f"contributor {frontmatter.describe(key)} must be a mapping of fields",
                subtype=Subtype.CONTRIBUTOR,
                path=str(path),
                line=line,
            )
            continue
        fields = dict(fields)
        bio = fields.pop("bio", "")
        html, bio_text = bio_from_markdown(bio) if isinstance(bio, str) else ("", "")
        person, problems = make_contributor(
            definition_slug(str(key)),
            fields,
            avatar_base=path.parent,
            site_root=Path(app.srcdir),
            bio_html=html,
            bio_text=bio_text,
        )
        if "name" not in fields:
            person.name = frontmatter.clean_text(str(key)).strip()
        person.file, person.line = str(path), line
        people.append(person)
        for issue in problems:
            warn(
                f"contributor {person.slug!r}: {issue.message}",
                subtype=_subtype(issue.subtype),
                path=str(path),
                line=line,
            )
    return people


def definitions(data: BlogData) -> Iterable[Definition]:
    """Contributors defined in documents (by document name), then in the file."""
    in_documents = [c for _doc, cs in sorted(data.store("contributors").items()) for c in cs]
    in_file: list[Contributor] = data.file("contributors")[1] or []
    for person in [*in_documents, *in_file]:
        yield Definition(
            person.slug,
            person.name,
            person,
            other_names=(person.name,),
            docname=person.docname,
            line=person.line,
            file=person.file,
            subtype=Subtype.CONTRIBUTOR,
        )


def _person(term: Term) -> Contributor | None:
    return term.definition if isinstance(term.definition, Contributor) else None


# -- what the catalog cannot tell by itself --------------------------------------


def contributor_findings(state: BuildState) -> list[Finding]:
    """Names no definition matches (with the ``warn``/``error`` policies)."""
    catalog, policy = state.catalog, state.settings.unknown_contributors
    known = catalog.known_names("contributors")
    defined = catalog.defined("contributors")
    findings = []
    if policy != "create":
        for post in catalog.listed:
            for name in post.contributors:
                if catalog.key("contributors", name) in defined:
                    continue
                findings.append(
                    Finding(
                        f"unknown contributor {name!r}{suggestion(name, known)}",
                        post.docname,
                        post.line("contributors") or 1,
                        Subtype.CONTRIBUTOR,
                        error=policy == "error",
                    )
                )
    return findings


def resolve_ref(state: BuildState, docname: str, target: str) -> tuple[str, str] | None:
    """A ``{contributor}`` role: the contributor's name and page."""
    key = state.catalog.key("contributors", target)
    url = state.routes.term_url(docname, "contributors", key)
    pages = state.routes.pages_of(("contributors", key))
    if not pages:
        return None
    return state.catalog.terms["contributors"][key].name, url


# -- routes --------------------------------------------------------------------------


def contributor_routes(table: RouteTable) -> Iterator[Route]:
    """The overview, each contributor's pages (their own document first, when they have
    one), and their copied avatars."""
    folder = table.settings.contributors_path
    create = table.settings.unknown_contributors == "create"
    terms = table.catalog.terms["contributors"]
    shown = {key: term for key, term in terms.items() if _person(term) is not None or create}
    overview = f"{folder}/index"
    if shown or overview in table.docs:
        yield table.page(OVERVIEW, overview, subject=("contributors", ""), document=True)

    def own_document(term: Term) -> str:
        person = _person(term)
        return person.docname if person is not None else ""

    for route in table.term_pages(
        PAGE, "contributors", folder, include=lambda t: t.key in shown, document=own_document
    ):
        term = terms[route.subject[1]] if route.subject else None
        if term is not None and _person(term) is None and term.posts:
            # a name only front matter uses: warnings point at its first post
            first = term.posts[0]
            yield _at(route, first.docname, first.line("contributors"))
        else:
            yield route
    for key, term in shown.items():
        person = _person(term)
        if person is not None and person.avatar_file:
            suffix = Path(person.avatar_file).suffix.lower()
            file = f"{folder}/{term.slug}/avatar{suffix}"
            line = person.line if person.docname else None
            subject = ("contributors", key)
            yield table.file(
                AVATAR, file, subject=subject, rel="image", owner=person.docname, line=line
            )
            # what bylines, bio cards and profiles show: small square copies
            yield from variant_routes(
                table, AVATAR_VARIANT, file, AVATARS, subject=subject, owner=person.docname,
                line=line,
            )  # fmt: skip


def _at(route: Route, owner: str, line: int | None) -> Route:
    from dataclasses import replace

    return replace(route, owner=owner, line=line)


def _overview(table: RouteTable) -> Route | None:
    return next((r for r in table.family("contributors") if r.kind is OVERVIEW), None)


# -- parts of documents ----------------------------------------------------------


def profile_part_context(state: BuildState, docname: str) -> tuple[ProfilePart, ...] | None:
    """A contributor's own page: the profile above the bio, their posts below it."""
    defined = state.data.store("contributors").get(docname)
    if not defined:
        return None
    parts = []
    for person in defined:
        pages = state.routes.pages_of(("contributors", person.slug))
        owner = bool(pages) and pages[0].pagename == docname
        profile = state.views.profile(docname, person.slug) if pages else None
        listing = contributor_listing(state, pages[0], heading=False) if owner else None
        parts.append(ProfilePart(person.slug, profile, listing))
    return tuple(parts)


@view
class ProfilePart(View):
    """A contributor defined in a document: their profile there, and their posts when
    the document is their page."""

    digest_once = False

    slug: str
    profile: ProfileView | None
    listing: ListingPage | None


def insert_profiles(
    state: BuildState, doctree: nodes.Element, docname: str, parts: tuple[ProfilePart, ...]
) -> None:
    # matched by slug: in a single-file build the tree also holds other documents
    by_slug = {part.slug: part for part in parts}
    for node in list(doctree.findall(contributor_node)):
        part = by_slug.pop(node["contributor"].slug, None)
        if part is None:
            continue
        if part.profile is not None:
            node.insert(0, _profile_node(state, part.profile))
        if part.listing is not None:
            append_to_body(doctree, _listing_node(state, part.listing))


def _profile_node(state: BuildState, profile: ProfileView) -> nodes.Node:
    if state.html:
        return make_fragment("profile.html", {"profile": profile, "show_bio": False})
    lines = [profile.author.name + (f", {profile.role}" if profile.role else "")]
    lines += [f"{link.label}: {link.url.removeprefix('mailto:')}" for link in profile.links]
    return nodes.paragraph(text=" · ".join(lines))


def _listing_node(state: BuildState, context: ListingPage) -> nodes.Node:
    if state.html:
        return make_fragment("listing_page.html", context)
    box = nodes.container(classes=["blogext-contributor-listing"])
    box += text_listing(context.listing.entries if context.listing else ())
    if context.talks:
        box += nodes.paragraph(text=context.talks_heading)
        box += text_talks(context.talks)
    return box


def _text_overview(context: ListingPage) -> nodes.Node:
    items = nodes.bullet_list()
    for profile in context.people or ():
        items += nodes.list_item("", nodes.paragraph(text=profile.author.name))
    return items


# -- generated pages and files ------------------------------------------------


def contributor_listing(state: BuildState, route: Route, *, heading: bool) -> ListingPage:
    """A page of a contributor's posts (and talks), with the profile on generated pages."""
    routes, views, page = state.routes, state.views, route.pagename
    assert route.subject is not None
    key = route.subject[1]
    term = state.catalog.terms["contributors"][key]
    per_page = state.settings.posts_per_page
    posts = term.posts[(route.number - 1) * per_page : route.number * per_page]
    generated_first = route.number == 1 and not routes.shown_by_document(route)
    title = term.name
    if route.number > 1:
        title = _("%(name)s, page %(number)d") % {"name": term.name, "number": route.number}
    first = route.number == 1
    # the site's calendar, linked (and so advertised) where the talks are shown
    calendars = views.alternates(page, TALKS) if term.talks and first else ()
    links: tuple[TextLink, ...] = ()
    overview = _overview(routes)
    if state.site and overview is not None and routes.exists(overview):
        links = (TextLink(routes.url(page, overview.pagename), _("Contributors")),)
    return ListingPage(
        anchor="blog-contributor",
        title=title,
        heading=title if heading else "",
        profile=views.profile(page, key) if generated_first else None,
        show_bio=True,
        listing_heading=_("Posts by %s") % term.name if term.posts else "",
        listing=views.listing(page, posts, "excerpts"),
        talks_heading=_("Talks by %s") % term.name,
        talks_calendar=calendars[0].url if calendars else "",
        talks=views.talks(page, upcoming_first(term.talks, state.now), state.now) if first else (),
        pagination=views.pagination(route, routes.pages_of(route.subject)) if state.site else None,
        feeds=views.alternates(page, route.subject),
        links=links,
    )


def overview_context(state: BuildState, pagename: str, *, heading: bool) -> ListingPage:
    routes = state.routes
    shown = [
        key for key in state.catalog.terms["contributors"] if routes.pages_of(("contributors", key))
    ]
    people = sorted(
        (state.views.profile(pagename, key) for key in shown),
        key=lambda p: (p.author.name.casefold(), p.author.slug),
    )
    title = _("Contributors")
    index = routes.pages_of(POSTS)[:1] if state.site else []
    return ListingPage(
        anchor="blog-contributors",
        title=title,
        heading=title if heading else "",
        people=tuple(people),
        links=tuple(TextLink(routes.url(pagename, r.pagename), _("All posts")) for r in index),
    )


def contributor_pages(state: BuildState) -> Iterator[PageOutput]:
    for route in state.routes.claimed("contributors"):
        if route.kind is OVERVIEW:
            context = overview_context(state, route.pagename, heading=True)
            yield PageOutput(route, context.title, "listing_page.html", context)
        elif route.kind is PAGE:
            context = contributor_listing(state, route, heading=True)
            meta = profile_metatags(state, route.pagename, context.profile)
            yield PageOutput(route, context.title, "listing_page.html", context, meta)


def _avatar_sources(state: BuildState) -> dict[str, str]:
    """The source file of each copied avatar, by its output path."""
    terms = state.catalog.terms["contributors"]
    sources: dict[str, str] = {}
    for route in state.routes.claimed("contributors"):
        if route.kind is AVATAR and route.subject is not None:
            person = _person(terms[route.subject[1]])
            if person is not None:
                sources[route.file] = person.avatar_file
    return sources


def avatar_files(state: BuildState) -> Iterator[FileOutput]:
    sources = _avatar_sources(state)
    claimed = state.routes.claimed("contributors")
    for route in claimed:
        if route.kind is AVATAR and route.file in sources:
            yield FileOutput(route, "", {}, source=sources[route.file])
    yield from variant_files(state, [r for r in claimed if r.kind is AVATAR_VARIANT], sources)


def avatar_stamps(state: BuildState) -> list[tuple[str, tuple[int, int] | None]]:
    """The avatar files as they are now: one replaced in place is copied again."""
    return file_stamps(_avatar_sources(state).values())


def avatar_jobs(state: BuildState) -> Iterator[ImageJob]:
    variants = [r for r in state.routes.claimed("contributors") if r.kind is AVATAR_VARIANT]
    return variant_jobs(state, variants, _avatar_sources(state))


# -- metadata ----------------------------------------------------------------


def profile_metatags(
    state: BuildState,
    pagename: str,
    profile: ProfileView | None,
    *,
    owner_is_document: bool = False,
) -> str:
    """``og:type=profile`` and a JSON-LD ``Person`` for a contributor's page."""
    if profile is None:
        return ""
    routes = state.routes
    url = routes.absolute(pagename)
    person: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person"}
    person["name"] = profile.author.name
    if url:
        person["url"] = url
    image = _absolute_avatar(state, profile.author.slug)
    if image:
        person["image"] = image
    if profile.role:
        person["jobTitle"] = profile.role
    if profile.bio_text:
        person["description"] = profile.bio_text
    same_as = [link.url for link in profile.links if link.kind != "email"]
    if same_as:
        person["sameAs"] = same_as
    tags = []
    card = card_image(state, ("contributors", profile.author.slug), profile.author.name)
    # sphinxext-opengraph writes the og: tags of documents itself; never twice
    if not (owner_is_document and uses_opengraph(state)):
        tags.append(meta_tag("property", "og:type", "profile"))
        tags.append(meta_tag("property", "og:title", profile.author.name))
        if url:
            tags.append(meta_tag("property", "og:url", url))
        # a preview shows the contributor's card (1200x630), else their picture
        shown = card.tags() if card.url else [("property", "og:image", image)] if image else []
        tags += [meta_tag(*tag) for tag in shown if tag[2]]
        if card.url:
            tags.append(meta_tag("name", "twitter:card", "summary_large_image"))
    return "\n".join([*tags, json_ld(person)])


def _absolute_avatar(state: BuildState, key: str) -> str:
    images = state.routes.related(("contributors", key), "image")
    if images:
        return state.routes.absolute_file(images[0].file)
    term = state.catalog.terms["contributors"].get(key)
    person = _person(term) if term is not None else None
    return person.avatar_url if person is not None else ""


def add_page_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Profile metadata on a contributor's own document page.

    Runs before sphinxext-opengraph, which then writes the ``og:`` tags of
    the page with the values handed to it as per-page fields.
    """
    if doctree is None:
        return
    state = state_of(app)
    for person in state.data.store("contributors").get(pagename, ()):
        pages = state.routes.pages_of(("contributors", person.slug))
        if pages and pages[0].pagename == pagename:
            profile = state.views.profile(pagename, person.slug)
            add_to_head(context, profile_metatags(state, pagename, profile, owner_is_document=True))
            card = card_image(state, ("contributors", person.slug), profile.author.name)
            image = card.url or _absolute_avatar(state, person.slug)
            hand_to_opengraph(state, context, {"og:type": "profile", "og:image": image})
            return


def fediverse_handle(url: str) -> str:
    """The ``@name@server`` handle of a Mastodon (fediverse) profile address, or ""."""
    parts = urlsplit(url)
    path = parts.path.strip("/").split("/")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    if len(path) == 1 and path[0].startswith("@") and len(path[0]) > 1:
        name = path[0][1:]
    elif len(path) == 2 and path[0] == "users":
        name = path[1]
    else:
        return ""
    return f"@{name}@{parts.hostname}" if "@" not in name else ""


def add_fediverse_creators(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A post names its authors' fediverse accounts (``fediverse:creator``), so that a
    link to it shared on Mastodon credits them."""
    state = state_of(app)
    post = state.catalog.posts.get(pagename) if doctree is not None else None
    if post is None or post.draft:
        return
    handles = []
    for author in state.views.authors(pagename, post):
        person = _person(state.catalog.terms["contributors"][author.slug]) if author.url else None
        handle = fediverse_handle(person.links.get("mastodon", "")) if person else ""
        if handle:
            handles.append(("name", "fediverse:creator", handle))
    merge(context, handles)


def setup_contributors(app: Sphinx) -> None:
    app.add_node(contributor_node)
    app.add_directive("contributor", ContributorDirective)
    add_node_store(app, "contributors", contributor_node, lambda node: node["contributor"])
    app.connect("doctree-read", mark_profile_pages)
    app.connect("env-before-read-docs", read_contributors_file)
    sources = (Source("posts", "contributors"), Source("talks", "speakers", creates=False))
    add_taxonomy(app, Taxonomy("contributors", name_key, str, sources, definitions))
    known = lambda state: state.catalog.known_names("contributors")  # noqa: E731
    add_ref_kind(app, RefKind("contributor", resolve_ref, known, Subtype.CONTRIBUTOR))
    add_route_family(app, "contributors", contributor_routes)
    add_section(app, "contributors", lambda: _("Contributors"), _overview, nav=3)
    app.connect("html-page-context", add_page_metadata, priority=400)
    app.connect("html-page-context", add_fediverse_creators, priority=600)
    add_document_part(
        app,
        DocumentPart(
            "contributor-profile",
            lambda state: state.data.store("contributors"),
            profile_part_context,
            insert_profiles,
        ),
    )
    add_own_document_part(
        app,
        "contributors-index",
        lambda state: f"{state.settings.contributors_path}/index",
        lambda state: _overview(state.routes),
        lambda state, docname: overview_context(state, docname, heading=False),
        _text_overview,
    )
    add_pages(app, "contributors", contributor_pages)
    add_files(app, "avatars", avatar_files)
    add_image_jobs(app, "avatars", avatar_jobs)
    add_stamp(app, "avatars", avatar_stamps)
    add_findings(app, "contributors", contributor_findings)
