"""The output pipeline: everything the blog writes, written only when it changed.

Three kinds of output go through it:

* **document parts**: what the blog puts into a document's page (a post's
  header and footer, ``postlist`` listings, the listing under the project's
  own blog index). Sphinx writes the page; the pipeline tells it which pages
  to write again because a part changed although their source did not;
* **pages** the blog generates (index pages, archives), rendered through the
  theme's ``page.html``;
* **files** of their own (redirects, avatars, feeds, calendars).

Each output is fingerprinted by the very data handed to its template (see
:mod:`.views`), plus what every output depends on (version, configuration,
templates). The fingerprints live in one store per builder and output folder,
beside the doctrees, so a ``text`` build sharing the doctree folder of an
``html`` build never hides a change from it. Capabilities add their outputs
with :func:`add_document_part`, :func:`add_pages` and :func:`add_files`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from sphinx import addnodes

from . import __version__
from . import _sphinx_compat as compat
from .catalog import Catalog, build_time, held_back, is_scheduled, unpublished_posts
from .config import settings
from .digest import digest
from .model import blog_data
from .registry import registry
from .render import TEMPLATES, renderer
from .routes import RouteTable
from .views import NavLink, Views, post_digest
from .warnings import Finding, Subtype, report, warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from docutils import nodes
    from markupsafe import Markup
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .config import Settings
    from .model import Post
    from .routes import Route

#: Bumped when the store's layout or the meaning of its fingerprints changes.
STORE_VERSION = 3
#: Builders whose output is not a reading of the documents: message catalogs, link checks.
NO_PARTS = ("gettext", "linkcheck")


@dataclass(frozen=True, eq=False)
class DocumentPart:
    """Something the blog shows inside documents' pages."""

    name: str
    #: the documents that may show the part
    documents: Callable[[BuildState], Iterable[str]]
    #: the data handed to the part's templates for a document, or None
    context: Callable[[BuildState, str], Any | None]
    #: puts the rendered part into the document's resolved doctree (or, in a
    #: single-file build, into the document's part of the whole tree)
    insert: Callable[[BuildState, nodes.Element, str, Any], None]


@dataclass(frozen=True, eq=False)
class PageOutput:
    route: Route
    title: str
    template: str
    #: the view handed to the template
    context: object
    #: extra ``<head>`` markup (social metadata), already escaped
    metatags: str = ""


@dataclass(frozen=True, eq=False)
class FileOutput:
    """A file of its own: a rendered template, a copy of ``source``, or what ``make`` returns.

    ``context`` is what the file is made from (its fingerprint) in every case.
    """

    route: Route
    template: str
    context: object
    source: str = ""
    #: None from ``make``: nothing is written
    make: Callable[[], bytes | None] | None = None


def add_document_part(app: Sphinx, part: DocumentPart) -> None:
    registry(app).parts[part.name] = part


def add_pages(
    app: Sphinx, name: str, provider: Callable[[BuildState], Iterable[PageOutput]]
) -> None:
    registry(app).pages[name] = provider


def add_files(
    app: Sphinx, name: str, provider: Callable[[BuildState], Iterable[FileOutput]]
) -> None:
    registry(app).files[name] = provider


def add_site_data(app: Sphinx, name: str, provider: Callable[[BuildState], Any]) -> None:
    """Data every page of the site shows (a sidebar of recent posts): when what
    ``provider(state)`` gives changes, every page is written again. Give None when the
    site shows nothing of it, so that a site without it pays nothing."""
    registry(app).site_data[name] = provider


def add_page_data(app: Sphinx, name: str, provider: Callable[[BuildState, str], Any]) -> None:
    """What a template may ask of the blog for a page: ``blogext.get(name)`` is
    ``provider(state, pagename)``."""
    registry(app).page_data[name] = provider


def add_findings(app: Sphinx, name: str, provider: Callable[[BuildState], list[Finding]]) -> None:
    """Problems a capability finds once the whole blog is known, reported with the others."""
    registry(app).findings[name] = provider


def add_stamp(app: Sphinx, name: str, provider: Callable[[BuildState], object]) -> None:
    """Something files depend on besides the catalog, cheap to compute (file stamps)."""
    registry(app).stamps[name] = provider


def add_rewrites(app: Sphinx, name: str, provider: Callable[[BuildState], Iterable[str]]) -> None:
    """Documents a capability needs written in this build although nothing else changed."""
    registry(app).rewrites[name] = provider


def add_content_sink(app: Sphinx, name: str, sink: Callable[[BuildState, str, str], None]) -> None:
    """Called with (state, docname, HTML) with the content of each post as it is written."""
    registry(app).content_sinks[name] = sink


# -- the store ---------------------------------------------------------------


def store_name(builder: Builder) -> str:
    """The name of what the blog keeps for one builder and output folder."""
    where = hashlib.sha256(str(Path(builder.outdir).resolve()).encode()).hexdigest()[:16]
    return f"{builder.name}-{where}"


@dataclass
class Store:
    """Fingerprints of what one builder wrote into one output folder."""

    path: Path
    build: str = ""
    catalog: str = ""
    #: everything generated pages and files are made from, as last written
    site: str = ""
    files_basis: str = ""
    #: what every page shows of the blog (its navigation)
    site_data: str = ""
    docs: dict[str, str] = field(default_factory=dict)
    #: page name or file -> [fingerprint, output file]
    pages: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, builder: Builder) -> Store:
        store = cls(Path(builder.doctreedir) / "blogext" / f"{store_name(builder)}.json")
        try:
            saved = json.loads(store.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return store
        if not isinstance(saved, dict) or saved.get("version") != STORE_VERSION:
            return store
        for name in ("build", "catalog", "site", "files_basis", "site_data"):
            setattr(store, name, str(saved.get(name, "")))
        for name in ("docs", "pages", "files"):
            value = saved.get(name)
            if isinstance(value, dict):
                setattr(store, name, value)
        return store

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        state = {
            "version": STORE_VERSION,
            "build": self.build,
            "catalog": self.catalog,
            "site": self.site,
            "files_basis": self.files_basis,
            "site_data": self.site_data,
            "docs": self.docs,
            "pages": self.pages,
            "files": self.files,
        }
        self.path.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")


# -- one build -----------------------------------------------------------------


class BuildState:
    """What one builder works with during one build, after reading."""

    def __init__(self, app: Sphinx) -> None:
        self.registry = registry(app)
        self.env: BuildEnvironment = app.env
        self.builder: Builder = app.builder
        self.config = app.config
        self.settings = settings(app.env)
        self.data = blog_data(self.env)
        found = self.registry.taxonomies.values()
        definitions = {
            t.name: [*(t.definitions(self.data) if t.definitions is not None else ())]
            for t in found
        }
        for name, sources in self.registry.definition_sources.items():
            extra = [d for source in sources for d in source(self.data, self.config)]
            definitions[name] = [*definitions.get(name, ()), *extra]
        definitions = {name: items for name, items in definitions.items() if items}
        #: "now" for scheduled posts and talks: upcoming or past
        self.now = build_now(app)
        #: posts dated after now, held back (they are on no page, in no listing or feed)
        self.held = held_back(self.data.posts.values(), self.now, self.settings.build_future)
        posts = [p for d, p in self.data.posts.items() if d not in self.held]
        talks = [t for d, ts in sorted(self.data.talks.items()) if d not in self.held for t in ts]
        self.catalog = Catalog(posts, talks, found, definitions)
        self.routes = RouteTable(
            self.builder,
            self.settings,
            self.catalog,
            self.env.found_docs,
            self.registry.families.values(),
            self.registry.sections.values(),
        )
        self.views = Views(self.config, self.settings, self.routes)
        self.store = Store.load(self.builder)
        self.build = build_fingerprint(self.builder, self.settings)
        self.catalog_fingerprint = digest(
            (
                [_post_digest(self.catalog.posts[d]) for d in sorted(self.catalog.posts)],
                definitions,
                self.catalog.talks,
                # the talks that are over: time passing moves talks, like an edit
                [(t.docname, t.id) for t in self.catalog.talks if t.is_past(self.now)],
                # and previewed posts (blog_build_future) whose date comes lose their mark
                sorted(d for d, p in self.catalog.posts.items() if is_scheduled(p, self.now)),
            )
        )
        self._documents: dict[str, dict[str, Any]] = {}
        self._site: str | None = None
        #: the post headers and footers rendered for the page being written, by docname
        self.captured: dict[str, dict[str, str]] = {}
        #: what capabilities work out once per build, by name
        self.memo: dict[str, Any] = {}

    @property
    def unpublished(self) -> set[str]:
        """Documents that are not published: drafts (unless ``blog_drafts``), and posts
        held back until their date."""
        return unpublished_posts(self.data.posts.values(), self.now, self.settings)

    @property
    def site_data_digest(self) -> str:
        """What every page shows of the blog: its navigation, and what features add to
        every page (site data)."""
        if "site-data" not in self.memo:
            found = self.registry.site_data
            shown = {name: provider(self) for name, provider in sorted(found.items())}
            self.memo["site-data"] = digest((site_navigation(self), has_docs(self), shown))
        return str(self.memo["site-data"])

    @property
    def site_fingerprint(self) -> str:
        """What generated pages and files are made from: posts, routes, navigation."""
        if self._site is None:
            self._site = digest(
                (
                    self.build,
                    self.catalog_fingerprint,
                    nav_fingerprint(self.builder),
                    sorted(self.env.found_docs),
                )
            )
        return self._site

    @property
    def files_fingerprint(self) -> str:
        """What files are made from: what pages are, and what the capabilities add."""
        stamps = [stamp(self) for stamp in self.registry.stamps.values()]
        return digest((self.site_fingerprint, stamps))

    def unchanged(self, records: dict[str, list[str]], stored: str, now: str) -> bool:
        """Whether the pages or files in ``records`` are still exactly what would be written."""
        outdir = Path(self.builder.outdir)
        return stored == now and all(
            isinstance(r, list) and len(r) >= 2 and (outdir / str(r[1])).exists()
            for r in records.values()
        )

    @property
    def site(self) -> bool:
        """Whether this builder publishes a site of HTML pages (generated pages, files)."""
        return self.routes.site

    @property
    def html(self) -> bool:
        return self.builder.format == "html"

    def render(self, template: str, context: object) -> Markup:
        return renderer(self.registry, self.builder).render(template, context)

    def document(self, docname: str) -> dict[str, Any]:
        """The data of every blog part of ``docname``'s page, by part."""
        cached = self._documents.get(docname)
        if cached is None:
            cached = {}
            parts = self.registry.parts.values() if self.builder.name not in NO_PARTS else ()
            for part in parts:
                value = part.context(self, docname)
                if value is not None:
                    cached[part.name] = value
            self._documents[docname] = cached
        return cached

    def blog_documents(self) -> set[str]:
        """Documents that may hold blog parts."""
        if self.builder.name in NO_PARTS:
            return set()
        return {d for part in self.registry.parts.values() for d in part.documents(self)}


class PageInfo:
    """What a theme is told of a page (``context["blogext"]``): its ``kind`` (``post``,
    ``listing`` or ``doc``), ``nav``, the blog's sections for the header
    (:class:`~.views.NavLink`), ``has_docs``, whether the site has documents that are
    not the blog's besides the home page, ``generated``, the names of the pages the blog
    generates, and ``get(name)``, what a feature registered as page data. Each is worked
    out when first asked (a theme that asks nothing costs nothing), and the site-wide ones
    once per build."""

    def __init__(self, state: BuildState, pagename: str) -> None:
        self._state, self._pagename = state, pagename

    @functools.cached_property
    def kind(self) -> str:
        return page_kind(self._state, self._pagename)

    @property
    def nav(self) -> tuple[NavLink, ...]:
        memo = self._state.memo
        if "nav" not in memo:
            memo["nav"] = site_navigation(self._state)
        return memo["nav"]

    @property
    def has_docs(self) -> bool:
        return has_docs(self._state)

    @property
    def generated(self) -> frozenset[str]:
        memo = self._state.memo
        if "generated" not in memo:
            memo["generated"] = frozenset(self._state.routes.generated)
        return memo["generated"]

    def get(self, name: str) -> Any:
        """What a feature tells templates of this page (registered as page data), or None."""
        provider = self._state.registry.page_data.get(name)
        return provider(self._state, self._pagename) if provider is not None else None


def _post_digest(post: Post) -> str:
    """A post's digest, made when it was read (or now, for a post made otherwise)."""
    return post.digest or post_digest(post)


def build_now(app: Sphinx) -> datetime:
    """The build's "now": the clock (or ``SOURCE_DATE_EPOCH``) when the build started, the
    same for every part of the build."""
    found = registry(app)
    if found.now is None:
        found.now = build_time()
    return found.now


def note_build_start(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A build starts (the first event of every build's reading): fix its "now"."""
    registry(app).now = build_time()
    return []


def state_of(app: Sphinx) -> BuildState:
    """This build's state (made once reading is done)."""
    found = registry(app)
    state = found.state
    if state is None or state.env is not app.env or state.builder is not app.builder:
        state = found.state = BuildState(app)
    return state


def build_fingerprint(builder: Builder, settings: Settings) -> str:
    """What every output depends on besides its own data."""
    config = builder.config
    return digest(
        (
            __version__,
            max((p.stat().st_mtime_ns for p in TEMPLATES.rglob("*.html")), default=0),
            compat.newest_template_time(builder),
            settings.digest,
            config.language,
            list(config.templates_path),
            # feeds and generated pages name the project and its author
            config.project,
            config.author,
        )
    )


def nav_fingerprint(builder: Builder) -> str:
    """What the theme's ``page.html`` shows around a generated page's body."""
    env = builder.env
    includes = compat.toctree_includes(env)
    in_tree = {d for included in includes.values() for d in included}
    in_tree.add(env.config.root_doc)
    titles = env.titles
    return digest(
        (
            compat.config_digest(builder),
            sorted((k, list(v)) for k, v in includes.items()),
            sorted((d, titles[d].astext()) for d in in_tree if d in titles),
        )
    )


def site_navigation(state: BuildState) -> tuple[NavLink, ...]:
    """The blog's sections that have a place in the site's header, in their order."""
    found = [(section, route) for section, route in state.routes.sections() if section.nav]
    found.sort(key=lambda item: item[0].nav)
    return tuple(NavLink(str(section.label()), route.pagename) for section, route in found)


def has_docs(state: BuildState) -> bool:
    """Whether the site has documentation: a document besides the home page that is not
    the blog's (a blog-only site's header needs no "Docs")."""
    memo = state.memo
    if "has-docs" not in memo:
        # by name alone (no routes are made for it: a rebuild that writes nothing needs none)
        s, root, posts = state.settings, state.config.root_doc, state.catalog.posts
        folders = tuple(f"{f}/" for f in (s.path, s.tags_path, s.contributors_path, s.talks_path))
        memo["has-docs"] = any(
            d != root and d not in posts and not d.startswith(folders) for d in state.env.found_docs
        )
    return bool(memo["has-docs"])


def page_kind(state: BuildState, pagename: str) -> str:
    """``post``, ``listing`` (the blog's generated pages, and documents in its folders) or
    ``doc``."""
    if pagename in state.catalog.posts:
        return "post"
    if state.routes.route_of(pagename) is not None:
        return "listing"
    s = state.settings
    folders = (s.path, s.tags_path, s.contributors_path, s.talks_path)
    return "listing" if any(pagename.startswith(f"{f}/") for f in folders) else "doc"


# -- events ------------------------------------------------------------------


def note_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    registry(app).read = set(docnames)


def plan_documents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Documents to write again because a blog part of their page changed."""
    found = registry(app)
    state = found.state = BuildState(app)
    store, catalog = state.store, state.catalog_fingerprint
    recompute = store.build != state.build or store.catalog != catalog
    read = found.read
    if recompute or read:
        # like Sphinx's own consistency check: whenever something was read
        problems = [f for provider in found.findings.values() for f in provider(state)]
        report([*state.catalog.problems, *state.routes.claims.problems, *problems])
    blog_docs = state.blog_documents()
    candidates = blog_docs if recompute else blog_docs & read
    docs = {d: v for d, v in store.docs.items() if d in blog_docs and not recompute}
    changed = []
    for docname in sorted(candidates):
        value = digest((state.build, state.document(docname)))
        if store.docs.get(docname) != value and docname not in read:
            changed.append(docname)
        docs[docname] = value
    store.docs, store.build, store.catalog = docs, state.build, catalog
    if state.site and (recompute or read):
        # (the store lives beside what capabilities keep: losing one loses both)
        needed = {d for provider in found.rewrites.values() for d in provider(state)}
        changed += sorted(needed - read - set(changed))
        # every page shows the blog's navigation, and what features add to every page
        site_data = state.site_data_digest
        if store.site_data and store.site_data != site_data:
            changed += sorted(set(env.found_docs) - read - set(changed))
        store.site_data = site_data
    return changed


def skipped_documents(app: Sphinx) -> set[str]:
    """Documents that are not written: whose page another document has."""
    state = registry(app).state
    return set(state.routes.claims.shadowed) if state is not None and state.site else set()


def insert_parts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    state = state_of(app)
    parts = state.registry.parts
    for name, context in state.document(docname).items():
        parts[name].insert(state, doctree, docname, context)
    # singlehtml, latex and texinfo resolve one tree holding every document, as the root
    # document: each document's parts go into its own subtree
    for subtree in list(doctree.findall(addnodes.start_of_file)):
        inner = subtree["docname"]
        for name, context in state.document(inner).items():
            parts[name].insert(state, subtree, inner, context)


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """What a theme may show of the blog (``blogext``), and the content of posts for
    the capabilities that keep it (feeds)."""
    state = state_of(app)
    context["blogext"] = PageInfo(state, pagename)
    captured = state.captured.pop(pagename, None)
    body = context.get("body")
    if captured is None or not isinstance(body, str) or not state.registry.content_sinks:
        return
    start, end = captured.get("start"), captured.get("end")
    first = body.find(start) if start else -1
    last = body.rfind(end) if end else -1
    if first < 0 or last < first:
        return
    content = body[first + len(start or "") : last]
    for sink in state.registry.content_sinks.values():
        sink(state, pagename, content)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Yield the generated pages that are new or changed (``html-collect-pages``)."""
    state = state_of(app)
    if not state.site:
        return
    store, outdir = state.store, Path(state.builder.outdir)
    if state.unchanged(store.pages, store.site, state.site_fingerprint):
        return
    nav = (nav_fingerprint(state.builder), state.site_data_digest)
    written: dict[str, list[str]] = {}
    for provider in state.registry.pages.values():
        for page in provider(state):
            route = page.route
            value = digest(
                (state.build, nav, page.template, page.title, page.context, page.metatags)
            )
            written[route.pagename] = [value, route.file]
            if (
                store.pages.get(route.pagename) == written[route.pagename]
                and (outdir / route.file).exists()
            ):
                continue
            body = state.render(page.template, page.context)
            # themes print a page's title as HTML (a document's title is rendered markup)
            context = {"title": escape(page.title), "body": body, "display_toc": False}
            if page.metatags:
                context["metatags"] = page.metatags
            yield route.pagename, context, "page.html"
    _remove_stale(outdir, store.pages, written)
    store.pages = written


def write_files(app: Sphinx, exception: BaseException | None) -> None:
    """Write the files that are new or changed, then save the store (``build-finished``)."""
    state = registry(app).state
    if exception is not None or state is None:
        return
    store, outdir = state.store, Path(state.builder.outdir)
    files_basis = state.files_fingerprint if state.site else ""
    root = outdir.resolve()
    if state.site and not state.unchanged(store.files, store.files_basis, files_basis):
        written: dict[str, list[str]] = {}
        for provider in state.registry.files.values():
            for output in provider(state):
                route = output.route
                value = digest(
                    (
                        state.build,
                        output.template,
                        output.context,
                        output.source,
                        file_stamp(output.source) if output.source else None,
                    )
                )
                before = store.files.get(route.file)
                written[route.file] = [value, route.file]
                target = outdir / route.file
                if not target.resolve().is_relative_to(root):
                    continue  # routes are checked paths; this is the last line of defence
                if (
                    isinstance(before, list)
                    and before[:2] == written[route.file]
                    and target.exists()
                ):
                    written[route.file] = before  # (with the digest of what was written)
                    continue
                content = _content(state, output)
                if content is None:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists() or target.read_bytes() != content:
                    target.write_bytes(content)
                # what was written: a file that is another's by then is not removed as stale
                written[route.file].append(hashlib.sha256(content).hexdigest())
        _remove_stale(outdir, store.files, written)
        store.files = written
    store.site = state.site_fingerprint if state.site else ""
    store.files_basis = files_basis
    store.save()


def _content(state: BuildState, output: FileOutput) -> bytes | None:
    if output.make is not None:
        return output.make()
    if output.source:
        try:
            return Path(output.source).read_bytes()
        except OSError as exc:
            # the source went away since it was read; the next read reports it
            route = output.route
            warn(
                f"cannot copy {output.source!r}: {exc.strerror}",
                subtype=Subtype.ROUTE,
                docname=route.owner or None,
                line=route.line or 1,
            )
            return None
    return str(state.render(output.template, output.context)).encode()


def file_stamp(path: str) -> tuple[int, int] | None:
    """What a file is, without reading it: its size and modification time (None if gone)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def file_stamps(paths: Iterable[str]) -> list[tuple[str, tuple[int, int] | None]]:
    """Each of the files (once, in order) with its :func:`file_stamp`: a stamp (see
    :func:`add_stamp`) that changes when one of them is replaced in place."""
    return [(path, file_stamp(path)) for path in sorted(set(paths)) if path]


def _remove_stale(outdir: Path, before: dict[str, list[str]], now: dict[str, list[str]]) -> None:
    """Delete what the blog wrote in an earlier build and no longer writes, unless the
    file is not what it wrote any more (the project's own, copied by Sphinx from
    ``html_extra_path``, or another extension's)."""
    current = {entry[1] for entry in now.values()}
    root = outdir.resolve()
    for key, entry in before.items():
        if key in now or not isinstance(entry, list) or len(entry) < 2 or entry[1] in current:
            continue
        target = (outdir / str(entry[1])).resolve()
        if not target.is_relative_to(root):
            continue
        if len(entry) > 2 and _digest_of(target) not in (entry[2], None):
            continue
        target.unlink(missing_ok=True)


def _digest_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def setup_outputs(app: Sphinx) -> None:
    app.connect("env-get-outdated", note_build_start, priority=100)
    app.connect("env-before-read-docs", note_read_docs)
    # after the other handlers of env-updated (drafts leave the toctrees first)
    app.connect("env-updated", plan_documents, priority=600)
    app.connect("doctree-resolved", insert_parts)
    # before the theme's and other extensions' handlers, which may read what it adds
    app.connect("html-page-context", page_context, priority=300)
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", write_files)
