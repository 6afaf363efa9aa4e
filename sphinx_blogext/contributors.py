"""Contributors: their definitions, bylines and bio cards, pages and metadata.

A contributor is defined by the ``contributor`` directive (usually in a page
of their own, which then becomes their page) or by an entry of
``blog_contributors_file``. Posts name contributors in their ``contributors``
field, by slug or display name; the catalog matches the two. Everything the
blog shows of contributors goes through the output pipeline: bylines and
bio cards on posts, the profile and post list on a contributor's page, the
generated pages, the overview and the copied avatars.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from markupsafe import Markup
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .catalog import upcoming_first
from .listings import add_own_document_part, pagination, text_listing
from .model import Contributor, blog_data
from .outputs import (
    DocumentPart,
    FileOutput,
    PageOutput,
    add_document_part,
    add_files,
    add_findings,
    add_pages,
    file_stamp,
    state_of,
)
from .people import FIELDS, bio_from_markdown, bio_from_nodes, definition_slug, make_contributor
from .posts import AnyOption, option_lines
from .refs import RefKind, add_ref_kind
from .render import append_to_body, json_ld, make_fragment
from .routes import base_url
from .talks import text_talks
from .warnings import Finding, suggestion, warn
from .webmeta import hand_to_opengraph

if TYPE_CHECKING:
    from collections.abc import Iterator, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

    from .outputs import BuildState
    from .routes import Route
    from .views import ProfileView

_ = get_translation("sphinx_blogext")


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
                subtype="contributor" if problem.subtype == "frontmatter" else problem.subtype,
                docname=self.env.docname,
                line=lines.get(problem.key or "", self.lineno),
            )
        node["contributor"] = person
        return [node]


# -- collecting ------------------------------------------------------------------


class ContributorCollector(EnvironmentCollector):
    """Keeps the contributors each document defines."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        blog_data(env).set_contributors(docname, [])

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = blog_data(env), blog_data(other)
        for docname in docnames:
            mine.set_contributors(docname, theirs.contributors.get(docname, []))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        data = blog_data(app.env)
        docname = app.env.docname
        defined = [node["contributor"] for node in doctree.findall(contributor_node)]
        data.set_contributors(docname, defined)
        if defined:
            # a contributor's page is reached through bylines, like a post
            app.env.metadata[docname].setdefault("orphan", True)


def read_contributors_file(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read ``blog_contributors_file`` before each read phase; report it when it changed."""
    data = blog_data(env)
    name = app.config.blog_contributors_file
    if not name:
        if data.file_contributors or data.file_digest:
            data.set_file_contributors([], "")
        return
    path = Path(app.confdir) / name
    text, problem = frontmatter.data_file_text(path)
    if _file_digest(path, problem, text, data.file_contributors) == data.file_digest:
        return
    if problem:
        warn(problem, subtype="contributor", path=str(path))
        data.set_file_contributors([], _file_digest(path, problem, text, []))
        return
    people = []
    block = frontmatter.read_data_file(path, text, subtype="contributor")
    for key, fields in block.raw.items():
        line = block.lines.get(str(key))
        if not isinstance(fields, dict):
            warn(
                f"contributor {frontmatter.describe(key)} must be a mapping of fields",
                subtype="contributor",
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
            subtype = "contributor" if issue.subtype == "frontmatter" else issue.subtype
            warn(
                f"contributor {person.slug!r}: {issue.message}",
                subtype=subtype,
                path=str(path),
                line=line,
            )
    data.set_file_contributors(people, _file_digest(path, problem, text, people))


def _file_digest(path: Path, problem: str, text: str, people: list[Contributor]) -> str:
    """What the contributors read from the file depend on: its text and their avatars."""
    avatars = [(p.avatar_file, file_stamp(p.avatar_file)) for p in people]
    return hashlib.sha256(
        f"{path}\n{problem}\n{avatars}\n{text}".encode("utf-8", "replace")
    ).hexdigest()


# -- what the catalog cannot tell by itself --------------------------------------


def contributor_findings(state: BuildState) -> list[Finding]:
    """Names no definition matches (with the ``warn``/``error`` policies)."""
    catalog, policy = state.catalog, state.config.blog_unknown_contributors
    known = catalog.known_names()
    findings = []
    if policy != "create":
        for post in catalog.listed:
            for name in post.contributors:
                if catalog.contributor_key(name) in catalog.contributors:
                    continue
                findings.append(
                    Finding(
                        f"unknown contributor {name!r}{suggestion(name, known)}",
                        post.docname,
                        post.line("contributors") or 1,
                        "contributor",
                        error=policy == "error",
                    )
                )
    return findings


def resolve_ref(state: BuildState, docname: str, target: str) -> tuple[str, str] | None:
    """A ``{contributor}`` role: the contributor's name and page."""
    slug = state.catalog.contributor_key(target)
    if slug not in state.routes.contributor_pages:
        return None
    return state.catalog.terms["contributors"][slug].name, state.routes.contributor_url(
        docname, slug
    )


# -- parts of documents ----------------------------------------------------------


def profile_part_context(state: BuildState, docname: str) -> dict[str, Any] | None:
    """A contributor's own page: the profile above the bio, their posts below it."""
    defined = state.data.contributors.get(docname)
    if not defined:
        return None
    contexts = []
    for person in defined:
        pages = state.routes.contributor_pages.get(person.slug)
        owner = pages is not None and pages[0].pagename == docname
        profile = state.views.profile(docname, person.slug) if pages else None
        listing = (
            contributor_listing(state, person.slug, pages[0], heading=False)
            if owner and pages
            else None
        )
        contexts.append(
            {"slug": person.slug, "profile": profile, "show_bio": False, "listing": listing}
        )
    return {"profiles": contexts}


def insert_profiles(
    state: BuildState, doctree: nodes.Element, docname: str, context: dict[str, Any]
) -> None:
    # matched by slug: in a single-file build the tree also holds other documents
    parts = {part["slug"]: part for part in context["profiles"]}
    for node in list(doctree.findall(contributor_node)):
        part = parts.pop(node["contributor"].slug, None)
        if part is None:
            continue
        if part["profile"] is not None:
            node.insert(0, _profile_node(state, part["profile"], part))
        if part["listing"] is not None:
            append_to_body(doctree, _listing_node(state, part["listing"]))


def _profile_node(state: BuildState, profile: ProfileView, context: dict[str, Any]) -> nodes.Node:
    if state.html:
        return make_fragment("profile.html", {"profile": profile, "show_bio": context["show_bio"]})
    lines = [profile.author.name + (f", {profile.role}" if profile.role else "")]
    lines += [f"{link.label}: {link.url.removeprefix('mailto:')}" for link in profile.links]
    return nodes.paragraph(text=" · ".join(lines))


def _listing_node(state: BuildState, context: dict[str, Any]) -> nodes.Node:
    if state.html:
        return make_fragment("listing_page.html", context)
    box = nodes.container(classes=["blogext-contributor-listing"])
    box += text_listing(context["listing"]["entries"])
    if context["talks"]:
        box += nodes.paragraph(text=context["talks_heading"])
        box += text_talks(context["talks"])
    return box


def _text_overview(context: dict[str, Any]) -> nodes.Node:
    items = nodes.bullet_list()
    for profile in context["people"]:
        items += nodes.list_item("", nodes.paragraph(text=profile.author.name))
    return items


# -- generated pages and files ------------------------------------------------


def contributor_listing(
    state: BuildState, slug: str, route: Route, *, heading: bool
) -> dict[str, Any]:
    """A page of a contributor's posts, with the profile on generated pages."""
    routes, page = state.routes, route.pagename
    term = state.catalog.terms["contributors"][slug]
    pages = routes.contributor_pages[slug]
    per_page = state.config.blog_posts_per_page
    posts = term.posts[(route.number - 1) * per_page : route.number * per_page]
    generated_first = route.number == 1 and route.pagename not in routes.docs
    title = (
        term.name
        if route.number == 1
        else _("%(name)s, page %(number)d")
        % {
            "name": term.name,
            "number": route.number,
        }
    )
    return {
        "anchor": "blog-contributor",
        "heading": title if heading else "",
        "title": title,
        "profile": state.views.profile(page, slug) if generated_first else None,
        "show_bio": True,
        "people": None,
        "listing_heading": _("Posts by %s") % term.name if term.posts else "",
        "listing": {"entries": state.views.entries(page, posts), "format": "excerpts"},
        "talks_heading": _("Talks by %s") % term.name,
        # the site's calendar, linked (and so advertised) where the talks are shown
        "talks_calendar": routes.calendar_url(page) if term.talks and route.number == 1 else "",
        "talks": state.views.talks(page, upcoming_first(term.talks, state.now), state.now)
        if route.number == 1
        else [],
        "pagination": pagination(state, route, pages) if state.site else None,
        "feeds": state.views.feed_links(page, ("contributors", slug)),
        "links": [
            {"url": routes.url(page, routes.contributors_index.pagename), "text": _("Contributors")}
        ]
        if state.site
        else [],
    }


def overview_context(state: BuildState, pagename: str, *, heading: bool) -> dict[str, Any]:
    routes = state.routes
    people = sorted(
        (state.views.profile(pagename, slug) for slug in routes.contributor_pages),
        key=lambda p: (p.author.name.casefold(), p.author.slug),
    )
    title = _("Contributors")
    return {
        "anchor": "blog-contributors",
        "heading": title if heading else "",
        "title": title,
        "profile": None,
        "people": people,
        "listing": None,
        "pagination": None,
        "links": [{"url": routes.url(pagename, routes.index[0].pagename), "text": _("All posts")}]
        if state.site
        else [],
    }


def contributor_pages(state: BuildState) -> Iterator[PageOutput]:
    written = {(route.kind, route.pagename) for route in state.routes.claims.pages}
    overview = state.routes.contributors_index
    if ("contributors", overview.pagename) in written:
        context = overview_context(state, overview.pagename, heading=True)
        yield PageOutput(overview, context["title"], "listing_page.html", context)
    for slug, routes in state.routes.contributor_pages.items():
        for route in routes:
            if ("contributor", route.pagename) in written:
                context = contributor_listing(state, slug, route, heading=True)
                meta = profile_metatags(state, route.pagename, context["profile"])
                yield PageOutput(route, context["title"], "listing_page.html", context, meta)


def avatar_files(state: BuildState) -> Iterator[FileOutput]:
    for route in state.routes.claims.files:
        if route.kind == "avatar":
            person = state.catalog.contributors[route.term]
            yield FileOutput(route, "", {}, source=person.avatar_file)


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
    # sphinxext-opengraph writes the og: tags of documents itself; never twice
    if not (owner_is_document and "sphinxext.opengraph" in state.config.extensions):
        tags.append(Markup('<meta property="og:type" content="profile">'))
        tags.append(Markup('<meta property="og:title" content="{}">').format(profile.author.name))
        if url:
            tags.append(Markup('<meta property="og:url" content="{}">').format(url))
        if image:
            tags.append(Markup('<meta property="og:image" content="{}">').format(image))
    return "\n".join([*tags, json_ld(person)])


def _absolute_avatar(state: BuildState, slug: str) -> str:
    route = state.routes.avatars.get(slug)
    if route is not None:
        base = base_url(state.config)
        return base + route.file if base else ""
    person = state.catalog.contributors.get(slug)
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
    for person in state.data.contributors.get(pagename, ()):
        pages = state.routes.contributor_pages.get(person.slug)
        if pages and pages[0].pagename == pagename:
            profile = state.views.profile(pagename, person.slug)
            extra = profile_metatags(state, pagename, profile, owner_is_document=True)
            context["metatags"] = context.get("metatags", "") + "\n" + extra
            image = _absolute_avatar(state, person.slug)
            hand_to_opengraph(state, context, {"og:type": "profile", "og:image": image})
            return


def setup_contributors(app: Sphinx) -> None:
    app.add_node(contributor_node)
    app.add_directive("contributor", ContributorDirective)
    add_ref_kind(RefKind("contributor", resolve_ref, lambda s: s.catalog.known_names()), app)
    app.add_env_collector(ContributorCollector)
    app.connect("env-before-read-docs", read_contributors_file)
    app.connect("html-page-context", add_page_metadata, priority=400)
    add_document_part(
        DocumentPart(
            "contributor-profile",
            lambda state: state.data.contributors,
            profile_part_context,
            insert_profiles,
        )
    )
    add_own_document_part(
        "contributors-index",
        lambda state: state.routes.contributors_index,
        lambda state: state.routes.contributors_doc,
        lambda state, docname: overview_context(state, docname, heading=False),
        _text_overview,
    )
    add_pages("contributors", contributor_pages)
    add_files("avatars", avatar_files)
    add_findings("contributors", contributor_findings)
