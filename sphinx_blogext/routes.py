"""The route table: where every output of the blog lives, and what collides.

Each feature registers its *route families* with :func:`add_route_family`: a
function that, given the table, yields the feature's routes — generated pages
(the blog index, tag pages, …), files (feeds, calendars, avatars), redirects,
and anchors (a place on a page that stands for a subject, such as an event's
section of the talks index). Each route has a kind the feature owns
(:class:`RouteKind`), a layer, and, where it belongs to one, a *subject*: the
taxonomy term or collection it is about (``("tags", "go")``,
``("posts", "")``). Links are looked up by subject, never assembled by hand.

The table keeps what is common: it claims every output path in a fixed order
and reports what collides, and it computes links. Claims go: Sphinx's own
outputs (its special pages and folders, ``html_extra_path`` files), the
documents, then generated pages, then files, then redirects; within a layer,
families in the order they were registered. A route whose path is taken is
not written, and the reason is reported where it was asked for. Paths are
compared case-folded and Unicode-normalized, and a file is also checked
against the folders of every other output (``a/b.html`` cannot be written
where ``a/b.html/index.html`` is a folder), so no output replaces another on
any file system.
"""

from __future__ import annotations

import enum
import os
import posixpath
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

from sphinx.errors import NoUri
from sphinx.util.osutil import relative_uri

from .registry import registry
from .urls import RESERVED_TOP, is_absolute
from .warnings import Finding, Subtype

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .catalog import Catalog, Term
    from .config import Settings

#: Builders that publish a multi-page site, where generated pages make sense.
SITE_BUILDERS = ("html", "dirhtml")
#: What a route is about: a taxonomy and a term key, or a collection ("posts", "talks")
#: and "" for the whole of it.
Subject = tuple[str, str]
POSTS: Subject = ("posts", "")
TALKS: Subject = ("talks", "")
#: Sphinx's own folders at the top of an HTML site: nothing of the blog goes inside.
SPHINX_FOLDERS = ("_static", "_sources", "_images", "_downloads")
#: Sphinx's own files at the top of an HTML site.
SPHINX_FILES = ("searchindex.js", "objects.inv", ".buildinfo", ".buildinfo.bak")
#: At most this many files of ``html_extra_path`` are claimed (a huge tree is not walked).
MAX_EXTRA_FILES = 20_000


class Layer(enum.IntEnum):
    """What a route is, in claim order."""

    #: a page rendered through the theme (the blog index, a tag page)
    PAGE = 1
    #: a file of its own (a feed, a calendar, an avatar)
    FILE = 2
    #: a redirect from an old address; claimed last, so it never replaces anything
    REDIRECT = 3
    #: a place on a page that stands for a subject; writes nothing
    ANCHOR = 4


@dataclass(frozen=True, eq=False)
class RouteKind:
    """A kind of route, owned by the feature that makes it (compared by identity)."""

    name: str
    layer: Layer
    #: what a route of this kind that collides is reported as
    subtype: Subtype = Subtype.ROUTE

    def __str__(self) -> str:
        return self.name


#: A feed of a subject (its posts, newest first). Any feature may route one, in the
#: subject's folder or elsewhere (an old address of the feed): the feeds capability
#: writes every feed route that won its path, in the route's ``format``. Feeds with
#: ``rel="alternate"`` are the ones pages link to.
FEED = RouteKind("feed", Layer.FILE)


@dataclass(frozen=True, eq=False)
class Route:
    """One output: a page rendered through the theme, a file of its own, a redirect."""

    kind: RouteKind
    #: the page name (documents and generated pages); empty for plain files
    pagename: str = ""
    #: the output file, relative to the output folder
    file: str = ""
    #: page number (numbered listings) or archive year
    number: int = 0
    subject: Subject | None = None
    #: a project document of this name shows the page's body instead (the project's
    #: own blog/index.md); without this flag such a document is a collision
    document: bool = False
    #: the document whose front matter asked for it, for warnings
    owner: str = ""
    line: int | None = None
    #: redirects: the document they send readers to
    target: str = ""
    #: files: how pages relate to them ("alternate": feeds and calendars; "image")
    rel: str = ""
    media_type: str = ""
    #: how a link to the file is labelled ("Atom"), and its format ("atom")
    label: str = ""
    format: str = ""
    #: anchors: the id on the page
    anchor: str = ""
    #: a courtesy (an old address kept working): when its path is taken, it is left
    #: out without a warning
    optional: bool = False
    #: image files: the output file this one is a smaller copy of, and its size in pixels
    of: str = ""
    width: int = 0
    height: int = 0


@dataclass(frozen=True, eq=False)
class RouteFamily:
    """The routes of one feature: ``routes(table)`` yields them (it may look up the
    catalog, the settings and other families' routes)."""

    name: str
    routes: Callable[[RouteTable], Iterable[Route]]


@dataclass(frozen=True, eq=False)
class Section:
    """A part of the blog with an index page: the blog, its archive, the tags, the
    contributors, the talks. The blog index links to each one that exists; the theme's
    header shows those with a ``nav`` position."""

    name: str
    #: the link's words (marked for translation where the section is registered)
    label: Callable[[], str]
    #: the section's index page, or None when the site has none
    route: Callable[[RouteTable], Route | None]
    nav: int = 0


def add_route_family(
    app: Sphinx, name: str, routes: Callable[[RouteTable], Iterable[Route]]
) -> None:
    """Register a feature's routes: ``routes(table)`` yields them."""
    registry(app).families[name] = RouteFamily(name, routes)


def add_section(
    app: Sphinx,
    name: str,
    label: Callable[[], str],
    route: Callable[[RouteTable], Route | None],
    *,
    nav: int = 0,
) -> None:
    """Register a part of the blog with an index page (see :class:`Section`)."""
    registry(app).sections[name] = Section(name, label, route, nav)


def is_site_builder(builder: Builder) -> bool:
    from sphinx.builders.html import StandaloneHTMLBuilder

    return builder.name in SITE_BUILDERS and isinstance(builder, StandaloneHTMLBuilder)


def path_key(path: str) -> str:
    """How a path is compared: Unicode-normalized and case-folded, as file systems that
    ignore letter case (macOS, Windows) see it."""
    return path.lower() if path.isascii() else unicodedata.normalize("NFC", path).casefold()


@dataclass
class Holder:
    """Who has a path: what is there, and where it was asked for."""

    what: str
    docname: str = ""
    line: int | None = None


class PathClaims:
    """Output paths given out, compared as file systems compare them."""

    def __init__(self) -> None:
        self.files: dict[str, Holder] = {}
        #: folders that hold a claimed file (shared by every file inside)
        self.folders: dict[str, Holder] = {}
        #: folders that belong to one owner whole (Sphinx's ``_static``)
        self.owned: dict[str, Holder] = {}

    def conflict(self, path: str, key: str = "") -> Holder | None:
        """Who has ``path``, a folder of it, or a file inside it; None if it is free."""
        key = key or path_key(path)
        found = self.files.get(key) or self.owned.get(key)
        if found is not None:
            return found
        found = self.folders.get(key)
        if found is not None:
            return Holder(f"the folder that holds {found.what}", found.docname, found.line)
        parts = key.split("/")
        for end in range(1, len(parts)):
            prefix = "/".join(parts[:end])
            found = self.files.get(prefix)
            if found is not None:
                return Holder(
                    f"{found.what} (it needs that name as a folder)", found.docname, found.line
                )
            found = self.owned.get(prefix)
            if found is not None:
                return found
        return None

    def claim(self, path: str, holder: Holder) -> Holder | None:
        """Give ``path`` to ``holder``, or return who has it already."""
        key = path_key(path)
        found = self.conflict(path, key)
        if found is not None:
            return found
        self.files[key] = holder
        parts = key.split("/")
        for end in range(1, len(parts)):
            self.folders.setdefault("/".join(parts[:end]), holder)
        return None

    def own(self, folder: str, holder: Holder) -> None:
        self.owned[path_key(folder)] = holder


@dataclass
class Claims:
    """What the route table gave out, and what it refused."""

    #: generated pages, files and redirects that won their path, by family
    routes: dict[str, list[Route]] = field(default_factory=dict)
    #: the same, by identity (the routes of one table are made once); and their files
    won: set[int] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    #: documents whose page another document already has (not written)
    shadowed: set[str] = field(default_factory=set)
    problems: list[Finding] = field(default_factory=list)


class RouteTable:
    """The routes of one build, for one builder."""

    def __init__(
        self,
        builder: Builder,
        settings: Settings,
        catalog: Catalog,
        docs: Iterable[str],
        families: Iterable[RouteFamily] = (),
        sections: Iterable[Section] = (),
    ) -> None:
        self.builder = builder
        self.settings = settings
        self.catalog = catalog
        self.site = is_site_builder(builder)
        self.docs = set(docs)
        self.families = {f.name: f for f in families}
        self.sections_registered = list(sections)
        self._routes: dict[str, list[Route]] = {}
        #: families being made now: a family may look up the routes of the others
        self._making: list[str] = []
        self._indexes: dict[
            tuple[str, ...], tuple[dict[Subject, list[Route]], dict[str, Route]]
        ] = {}
        self._claims: Claims | None = None
        self._targets: dict[str, str] = {}
        self._notes: list[Finding] = []
        #: each term's first page (or anchor), looked up once
        self._term_pages: dict[Subject, Route | None] = {}
        #: image variants by the file they are copies of, once routes are claimed
        self._variants: dict[str, list[Route]] | None = None

    # -- making routes (for families) -------------------------------------------------

    def page(
        self,
        kind: RouteKind,
        pagename: str,
        *,
        number: int = 0,
        subject: Subject | None = None,
        document: bool = False,
        owner: str = "",
        line: int | None = None,
    ) -> Route:
        """A generated page; its file is where the builder puts a page of that name."""
        file = self.page_file(pagename) if self.site else ""
        return Route(kind, pagename, file, number, subject, document, owner, line)

    def file(
        self,
        kind: RouteKind,
        file: str,
        *,
        subject: Subject | None = None,
        rel: str = "",
        media_type: str = "",
        label: str = "",
        format: str = "",
        owner: str = "",
        line: int | None = None,
        optional: bool = False,
        of: str = "",
        width: int = 0,
        height: int = 0,
    ) -> Route:
        """A file of its own, at ``file`` (relative to the output folder); an image
        variant gives the file it is a copy ``of`` and its size."""
        return Route(
            kind,
            file=file,
            subject=subject,
            owner=owner,
            line=line,
            rel=rel,
            media_type=media_type,
            label=label,
            format=format,
            optional=optional,
            of=of,
            width=width,
            height=height,
        )

    def redirect(
        self,
        kind: RouteKind,
        path: str,
        target: str,
        *,
        owner: str,
        line: int | None,
        optional: bool = False,
        anchor: str = "",
    ) -> Route:
        """A redirect page at the site path ``path`` (a folder or an ``.html`` file) to the
        page ``target`` (at its ``anchor``, if given)."""
        clean = posixpath.normpath(path.strip("/"))
        file = clean if clean.endswith((".html", ".htm")) else f"{clean}/index.html"
        return Route(
            kind, file=file, owner=owner, line=line, target=target, optional=optional,
            anchor=anchor,
        )  # fmt: skip

    def anchor(self, kind: RouteKind, pagename: str, anchor: str, subject: Subject) -> Route:
        """A place on a page that stands for ``subject``."""
        return Route(kind, pagename, subject=subject, anchor=anchor)

    def note(self, finding: Finding) -> None:
        """A problem a family found while making its routes (reported with collisions)."""
        self._notes.append(finding)

    def term_pages(
        self,
        kind: RouteKind,
        taxonomy: str,
        folder: str,
        *,
        include: Callable[[Term], bool] = lambda term: True,
        document: Callable[[Term], str] = lambda term: "",
    ) -> Iterator[Route]:
        """The numbered pages of each term of a taxonomy: ``folder/<slug>``, then
        ``folder/<slug>/page/<n>``. ``document`` names a project document that shows a
        term's first page (a contributor's own page), or ""."""
        per_page = self.settings.posts_per_page
        for key, term in self.catalog.terms.get(taxonomy, {}).items():
            if not include(term):
                continue
            own = document(term)
            for number in range(1, max(1, -(-len(term.posts) // per_page)) + 1):
                if number == 1 and own:
                    name, shown = own, True
                else:
                    name = f"{folder}/{term.slug}" + (f"/page/{number}" if number > 1 else "")
                    shown = False
                first = term.posts[0] if term.posts else None
                owner = own or (first.docname if first is not None else "")
                yield self.page(
                    kind,
                    name,
                    number=number,
                    subject=(taxonomy, key),
                    document=shown,
                    owner=owner,
                )

    # -- looking routes up ---------------------------------------------------------

    def family(self, name: str) -> list[Route]:
        """Every route a family makes, whether or not it won its path.

        While a family makes its routes, it sees those of the others (the
        feeds of each term with a page), not its own.
        """
        found = self._routes.get(name)
        if found is None:
            family = self.families.get(name)
            if family is None or name in self._making:
                return []
            self._making.append(name)
            try:
                found = self._routes[name] = list(family.routes(self))
            finally:
                self._making.remove(name)
        return found

    def claimed(self, name: str) -> list[Route]:
        """The routes of a family that are written: pages that won their path (not those
        a document shows), files and redirects."""
        return self.claims.routes.get(name, [])

    def claimed_kind(self, kind: RouteKind) -> list[Route]:
        """The written routes of one kind, whatever family made them (every feed)."""
        return [r for routes in self.claims.routes.values() for r in routes if r.kind is kind]

    def variants(self, file: str) -> list[Route]:
        """The written smaller copies of an output image file, narrowest first."""
        found = self._variants
        if found is None:
            found = self._variants = {}
            for routes in self.claims.routes.values():
                for route in routes:
                    if route.of:
                        found.setdefault(route.of, []).append(route)
            for routes in found.values():
                routes.sort(key=lambda r: (r.width, r.height))
        return found.get(file, [])

    def _index(self) -> tuple[dict[Subject, list[Route]], dict[str, Route]]:
        """Routes by subject and pages by name, of every family not being made now."""
        making = tuple(self._making)
        found = self._indexes.get(making)
        if found is None:
            subjects: dict[Subject, list[Route]] = {}
            pages: dict[str, Route] = {}
            for name in self.families:
                if name in making:
                    continue
                for route in self.family(name):
                    if route.subject is not None:
                        subjects.setdefault(route.subject, []).append(route)
                    if route.kind.layer is Layer.PAGE:
                        pages.setdefault(route.pagename, route)
            found = self._indexes[making] = (subjects, pages)
        return found

    def exists(self, route: Route) -> bool:
        """Whether a page is on the site: written, or shown by the project's document."""
        if route.kind.layer is Layer.ANCHOR:
            return True
        if self.shown_by_document(route):
            return True
        return id(route) in self.claims.won

    def shown_by_document(self, route: Route) -> bool:
        """Whether the project's own document of this name shows the page."""
        return route.document and route.pagename in self.docs

    def pages_of(self, subject: Subject) -> list[Route]:
        """The pages about a subject (a term's numbered pages), in order."""
        found = self._index()[0].get(subject, [])
        return [r for r in found if r.kind.layer is Layer.PAGE]

    def subject_of(self, pagename: str) -> Subject | None:
        """What a page is about, if it is one of the blog's pages."""
        route = self._index()[1].get(pagename)
        return route.subject if route is not None else None

    def route_of(self, pagename: str) -> Route | None:
        """The blog's page route of that name (generated, or shown by a document)."""
        return self._index()[1].get(pagename)

    def related(self, subject: Subject, rel: str) -> list[Route]:
        """The written files related to a subject (its feeds and calendars: "alternate";
        its image: "image")."""
        won = self.claims.won
        return [r for r in self._index()[0].get(subject, []) if r.rel == rel and id(r) in won]

    def first(self, family: str) -> Route | None:
        """A family's first page, when it is on the site."""
        for route in self.family(family):
            if route.kind.layer is Layer.PAGE:
                return route if self.exists(route) else None
        return None

    @property
    def generated(self) -> set[str]:
        """The names of the pages the blog generates in this build."""
        return {
            r.pagename
            for routes in self.claims.routes.values()
            for r in routes
            if r.kind.layer is Layer.PAGE
        }

    def sections(self) -> list[tuple[Section, Route]]:
        """The sections this site has, with their index pages, in registration order."""
        found = []
        for section in self.sections_registered:
            route = section.route(self)
            if route is not None and self.exists(route):
                found.append((section, route))
        return found

    # -- paths -----------------------------------------------------------------------

    def page_file(self, pagename: str) -> str:
        """The output file of a page, as the builder lays it out."""
        uri = unquote(self.target(pagename))
        return uri + "index.html" if not uri or uri.endswith("/") else uri

    # -- claiming ----------------------------------------------------------------------

    @property
    def claims(self) -> Claims:
        """The output files given out, made once, on first use (a rebuild may need none)."""
        if self._claims is None:
            self._claims = Claims()
            if self.site:
                self._claim(self._claims)
            self._claims.problems[:0] = self._notes
        return self._claims

    def _claim(self, result: Claims) -> None:
        paths = PathClaims()
        self._claim_sphinx_outputs(paths)
        # the home page first, then shallower documents before deeper ones: a document
        # whose page would need another's file as a folder is the one left out
        root = self.builder.config.root_doc
        for docname in sorted(self.docs, key=lambda d: (d != root, d.count("/"), d)):
            file = self.page_file(docname)
            found = paths.claim(file, Holder(f"the page of document {docname!r}", docname))
            if found is not None:
                result.shadowed.add(docname)
                result.problems.append(
                    Finding(
                        f"the page of document {docname!r} ({file!r}) would replace "
                        f"{found.what}; it is not written",
                        docname,
                        1,
                        Subtype.ROUTE,
                    )
                )
        self._dirhtml_twins(result)
        for layer in (Layer.PAGE, Layer.FILE, Layer.REDIRECT):
            for name in self.families:
                for route in self.family(name):
                    if route.kind.layer is layer and self._claim_route(paths, route, result):
                        result.routes.setdefault(name, []).append(route)
                        result.won.add(id(route))
                        if layer is Layer.FILE:
                            result.files.add(route.file)

    def _dirhtml_twins(self, result: Claims) -> None:
        """``x`` beside ``x/index``: one page at ``x/`` under dirhtml (where claiming finds
        it), and on the many hosts that serve ``x.html`` at ``x/``: reported everywhere."""
        if self.builder.name == "dirhtml":
            return
        for docname in sorted(self.docs):
            twin = docname.removesuffix("/index")
            if twin != docname and twin in self.docs:
                message = (
                    f"the documents {twin!r} and {docname!r} have one address, {twin + '/'!r}, "
                    "under dirhtml and on hosts with pretty URLs; rename one"
                )
                result.problems.append(Finding(message, docname, 1, Subtype.ROUTE))

    def _claim_sphinx_outputs(self, paths: PathClaims) -> None:
        config = self.builder.config
        for folder in SPHINX_FOLDERS:
            paths.own(folder, Holder(f"Sphinx's folder {folder!r}"))
        for name in SPHINX_FILES:
            paths.claim(name, Holder(f"Sphinx's file {name!r}"))
        special = ["genindex", "search", "py-modindex"]
        special += list(getattr(config, "html_additional_pages", {}) or {})
        for pagename in special:
            file = self.page_file(pagename)
            paths.claim(file, Holder(f"Sphinx's page {file!r}"))
        for name in RESERVED_TOP:
            if paths.conflict(name) is None:
                paths.own(name, Holder(f"Sphinx's {name!r}"))
        confdir = self.builder.confdir
        count = 0
        for extra in getattr(config, "html_extra_path", []) or []:
            root = os.path.join(confdir, extra)
            for folder, _dirs, names in os.walk(root):
                for name in names:
                    count += 1
                    if count > MAX_EXTRA_FILES:
                        return
                    relative = os.path.relpath(os.path.join(folder, name), root)
                    file = relative.replace(os.sep, "/")
                    paths.claim(file, Holder(f"the file {file!r} of html_extra_path"))

    def _claim_route(self, paths: PathClaims, route: Route, result: Claims) -> bool:
        if route.kind.layer is Layer.PAGE:
            if self.shown_by_document(route):
                return False  # the project's own document shows this page
            found = paths.claim(route.file, Holder(f"the generated page {route.pagename!r}"))
            if found is None:
                return True
            if route.optional:
                return False
            # the document that takes the path is what the author can rename
            message = f"{found.what} takes the path of the blog page {route.pagename!r}"
            result.problems.append(self._finding(f"{message}, which is not written", route, found))
            return False
        what = "redirect" if route.kind.layer is Layer.REDIRECT else str(route.kind)
        holder = Holder(f"the {what} {route.file!r}", route.owner, route.line)
        if route.target:
            holder.what = f"a redirect to {route.target!r}"
        found = paths.claim(route.file, holder)
        if found is None:
            return True
        if route.optional:
            return False
        message = f"the {what} {route.file!r} would replace {found.what}; not written"
        result.problems.append(self._finding(message, route, found, own_first=True))
        return False

    def _finding(
        self, message: str, route: Route, found: Holder, *, own_first: bool = False
    ) -> Finding:
        """A collision, located where a human can fix it: at the front matter or
        directive that asked for the route, at the document in the way, or else at
        ``conf.py`` (a path set by configuration)."""
        places = [(route.owner, route.line), (found.docname, found.line)]
        if not own_first:
            places.reverse()
        for docname, line in places:
            if docname:
                return Finding(message, docname, line or 1, route.kind.subtype)
        conf = Path(self.builder.confdir) / "conf.py"
        return Finding(message, "", 1, route.kind.subtype, path=str(conf))

    # -- links ---------------------------------------------------------------------------

    def url(self, from_pagename: str, to_pagename: str) -> str:
        """A link from one page (document or generated) to another; "" where none exists.

        Builders that publish no generated pages (epub, latex, text) link to
        documents only.
        """
        if not self.site and to_pagename not in self.docs:
            return ""
        try:
            if self.site:
                # dirhtml: the folder of a page is the page; "" would read as no link
                link = relative_uri(self.base(from_pagename), self.target(to_pagename))
                return link or "./"
            return self.builder.get_relative_uri(from_pagename, to_pagename)
        except NoUri:
            return ""

    def route_url(self, from_pagename: str, route: Route | None) -> str:
        """A link to a route's page (or anchor); "" for None or a page not on the site."""
        if route is None or not self.exists(route):
            return ""
        url = self.url(from_pagename, route.pagename)
        if route.anchor:
            if route.pagename == from_pagename:
                return f"#{route.anchor}"
            return f"{url.split('#', 1)[0]}#{route.anchor}" if url else ""
        return url

    def term_url(self, from_pagename: str, taxonomy: str, key: str) -> str:
        """A link to a term's first page (or its anchor); "" where it has none."""
        subject = (taxonomy, key)
        if subject not in self._term_pages:
            found = self._index()[0].get(subject, [])
            pages = [r for r in found if r.kind.layer in (Layer.PAGE, Layer.ANCHOR)]
            self._term_pages[subject] = pages[0] if pages else None
        route = self._term_pages[subject]
        return self.route_url(from_pagename, route) if route is not None else ""

    def term_address(self, taxonomy: str, key: str) -> str:
        """The absolute URL of a term's first page, or "" (no page, no base URL)."""
        pages = self.pages_of((taxonomy, key))
        return self.absolute(pages[0].pagename) if pages and self.exists(pages[0]) else ""

    def anchor_url(self, from_pagename: str, docname: str, anchor: str) -> str:
        """A link to an anchor in a document; "" where none exists."""
        if docname == from_pagename:
            return f"#{anchor}"
        url = self.url(from_pagename, docname)
        return f"{url.split('#', 1)[0]}#{anchor}" if url else ""

    def target(self, pagename: str) -> str:
        """The address of a page relative to the site's root (cached: listings ask a lot)."""
        uri = self._targets.get(pagename)
        if uri is None:
            uri = self._targets[pagename] = self.builder.get_target_uri(pagename)
        return uri

    def base(self, pagename: str) -> str:
        """The folder of a page's address, which is all a link from the page depends on.

        Links are worked out from the folder alone, so a link to the page
        itself is its file name rather than Sphinx's "": the same link is
        then right on every page of the folder, and can be made once.
        """
        folder = posixpath.dirname(self.target(pagename))
        return folder + "/" if folder else ""

    def file_url(self, from_file: str, to_pagename: str) -> str:
        """A link from a plain output file (a redirect) to a page."""
        return relative_uri(from_file, self.builder.get_target_uri(to_pagename))

    def file_link(self, from_pagename: str, file: str) -> str:
        """A link from a page to a plain output file (an avatar); "" where none exists."""
        if not self.site:
            return ""
        try:
            return relative_uri(self.base(from_pagename), file)
        except NoUri:
            return ""

    def asset_url(self, from_pagename: str, docname: str, path: str) -> str:
        """The URL of an image a document names (relative to it, to the site's root, or
        absolute), as seen from ``from_pagename``; "" for builders without pages."""
        if not path or self.builder.format != "html":
            return ""
        if is_absolute(path):
            return path
        if path.startswith("/"):
            target = path.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), path))
        try:
            if self.site:
                return relative_uri(self.base(from_pagename), target)
            return relative_uri(self.builder.get_target_uri(from_pagename), target)
        except NoUri:
            return ""

    def absolute(self, pagename: str) -> str:
        """The absolute URL of a page, or "" without a base URL."""
        base = self.settings.baseurl
        return urljoin(base, self.target(pagename)) if base else ""

    def absolute_file(self, file: str) -> str:
        """The absolute URL of an output file, or "" without a base URL."""
        base = self.settings.baseurl
        return base + file if base else ""
