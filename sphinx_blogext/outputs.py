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

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from sphinx import addnodes

from . import __version__
from .catalog import build_time
from .config import OPTIONS
from .model import blog_data
from .render import TEMPLATES, renderer_for
from .routes import RouteTable
from .views import Views, fingerprint, post_digest
from .warnings import Finding, report, warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from docutils import nodes
    from markupsafe import Markup
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .routes import Route

#: Bumped when the store's layout or the meaning of its fingerprints changes.
STORE_VERSION = 2
#: Builders whose output is not a reading of the documents: message catalogs, link checks.
NO_PARTS = ("gettext", "linkcheck")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class PageOutput:
    route: Route
    title: str
    template: str
    context: dict[str, Any]
    #: extra ``<head>`` markup (social metadata), already escaped
    metatags: str = ""


@dataclass(frozen=True)
class FileOutput:
    """A file of its own: a rendered template, a copy of ``source``, or what ``make`` returns.

    ``context`` is what the file is made from (its fingerprint) in every case.
    """

    route: Route
    template: str
    context: dict[str, Any]
    source: str = ""
    make: Callable[[], bytes] | None = None


_PARTS: dict[str, DocumentPart] = {}
_PAGES: dict[str, Callable[[BuildState], Iterable[PageOutput]]] = {}
_FILES: dict[str, Callable[[BuildState], Iterable[FileOutput]]] = {}
_FINDINGS: dict[str, Callable[[BuildState], list[Finding]]] = {}
_STAMPS: dict[str, Callable[[BuildState], object]] = {}
_REWRITES: dict[str, Callable[[BuildState], Iterable[str]]] = {}


def add_document_part(part: DocumentPart) -> None:
    _PARTS[part.name] = part


def add_pages(name: str, provider: Callable[[BuildState], Iterable[PageOutput]]) -> None:
    _PAGES[name] = provider


def add_files(name: str, provider: Callable[[BuildState], Iterable[FileOutput]]) -> None:
    _FILES[name] = provider


def add_findings(name: str, provider: Callable[[BuildState], list[Finding]]) -> None:
    """Problems a capability finds once the whole blog is known, reported with the others."""
    _FINDINGS[name] = provider


def add_stamp(name: str, provider: Callable[[BuildState], object]) -> None:
    """Something files depend on besides the catalog, cheap to compute (file stamps)."""
    _STAMPS[name] = provider


def add_rewrites(name: str, provider: Callable[[BuildState], Iterable[str]]) -> None:
    """Documents a capability needs written in this build although nothing else changed."""
    _REWRITES[name] = provider


# -- the store ---------------------------------------------------------------


def store_name(builder: Builder) -> str:
    """The name of what the blog keeps for one builder and output folder."""
    name: str | None = getattr(builder, "_blogext_store_name", None)
    if name is None:
        where = hashlib.sha256(str(Path(builder.outdir).resolve()).encode()).hexdigest()[:16]
        name = builder._blogext_store_name = f"{builder.name}-{where}"  # type: ignore[attr-defined]
    return name


@dataclass
class Store:
    """Fingerprints of what one builder wrote into one output folder."""

    path: Path
    build: str = ""
    catalog: str = ""
    #: everything generated pages and files are made from, as last written
    site: str = ""
    files_basis: str = ""
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
        store.build = str(saved.get("build", ""))
        store.catalog = str(saved.get("catalog", ""))
        store.site = str(saved.get("site", ""))
        store.files_basis = str(saved.get("files_basis", ""))
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
            "docs": self.docs,
            "pages": self.pages,
            "files": self.files,
        }
        self.path.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")


# -- one build -----------------------------------------------------------------


class BuildState:
    """What one builder works with during one build, after reading."""

    def __init__(self, app: Sphinx) -> None:
        self.env: BuildEnvironment = app.env
        self.builder: Builder = app.builder
        self.config = app.config
        self.data = blog_data(self.env)
        self.catalog = self.data.catalog
        self.routes = RouteTable(self.env, self.catalog, self.builder)
        self.views = Views(self.config, self.routes)
        self.store = Store.load(self.builder)
        self.build = build_fingerprint(self.builder)
        #: "now" for talks: upcoming or past
        self.now = build_time()
        self.catalog_fingerprint = fingerprint(
            (
                [post_digest(self.catalog.posts[d]) for d in sorted(self.catalog.posts)],
                self.catalog.definitions,
                sorted(self.catalog.tag_info.items()),
                self.catalog.talks,
                # the talks that are over: time passing moves talks, like an edit
                [(t.docname, t.id) for t in self.catalog.talks if t.is_past(self.now)],
            )
        )
        self._documents: dict[str, dict[str, Any]] = {}
        self._site: str | None = None
        #: what capabilities work out once per build, by name
        self.memo: dict[str, Any] = {}

    @property
    def site_fingerprint(self) -> str:
        """What generated pages and files are made from: posts, routes, navigation."""
        if self._site is None:
            self._site = fingerprint(
                (
                    self.build,
                    self.catalog_fingerprint,
                    _nav_fingerprint(self.builder),
                    sorted(self.env.found_docs),
                )
            )
        return self._site

    @property
    def files_fingerprint(self) -> str:
        """What files are made from: what pages are, and what the capabilities add."""
        return fingerprint((self.site_fingerprint, [s(self) for s in _STAMPS.values()]))

    def unchanged(self, records: dict[str, list[str]], stored: str, now: str) -> bool:
        """Whether the pages or files in ``records`` are still exactly what would be written."""
        outdir = Path(self.builder.outdir)
        return stored == now and all(
            isinstance(r, list) and len(r) == 2 and (outdir / str(r[1])).exists()
            for r in records.values()
        )

    @property
    def site(self) -> bool:
        """Whether this builder publishes a site of HTML pages (generated pages, files)."""
        return self.routes.site

    @property
    def html(self) -> bool:
        return self.builder.format == "html"

    def render(self, template: str, context: dict[str, Any]) -> Markup:
        return renderer_for(self.builder).render(template, context)

    def document(self, docname: str) -> dict[str, Any]:
        """The data of every blog part of ``docname``'s page, by part."""
        cached = self._documents.get(docname)
        if cached is None:
            cached = {}
            for part in _PARTS.values() if self.builder.name not in NO_PARTS else ():
                value = part.context(self, docname)
                if value is not None:
                    cached[part.name] = value
            self._documents[docname] = cached
        return cached

    def blog_documents(self) -> set[str]:
        """Documents that may hold blog parts."""
        if self.builder.name in NO_PARTS:
            return set()
        return {docname for part in _PARTS.values() for docname in part.documents(self)}


def state_of(app: Sphinx) -> BuildState:
    state: BuildState | None = getattr(app.builder, "_blogext_state", None)
    if state is None or state.env is not app.env:
        state = BuildState(app)
        app.builder._blogext_state = state  # type: ignore[attr-defined]
    return state


def build_fingerprint(builder: Builder) -> str:
    """What every output depends on besides its own data."""
    templates = getattr(builder, "templates", None) if builder.format == "html" else None
    config = builder.config
    return fingerprint(
        (
            __version__,
            max((p.stat().st_mtime_ns for p in TEMPLATES.rglob("*.html")), default=0),
            templates.newest_template_mtime() if templates is not None else None,
            [config[option.name] for option in OPTIONS],
            config.language,
            config.templates_path,
            # feeds and generated pages name the project and its author
            config.project,
            config.author,
        )
    )


def _nav_fingerprint(builder: Builder) -> str:
    """What the theme's ``page.html`` shows around a generated page's body."""
    env = builder.env
    build_info = getattr(builder, "build_info", None)
    in_tree = {d for included in env.toctree_includes.values() for d in included}
    in_tree.add(env.config.root_doc)
    titles = env.titles
    return fingerprint(
        (
            getattr(build_info, "config_hash", None),
            getattr(build_info, "tags_hash", None),
            sorted((k, list(v)) for k, v in env.toctree_includes.items()),
            sorted((d, titles[d].astext()) for d in in_tree if d in titles),
        )
    )


# -- events ------------------------------------------------------------------


def note_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app.builder._blogext_read = set(docnames)  # type: ignore[attr-defined]


def plan_documents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Documents to write again because a blog part of their page changed."""
    state = BuildState(app)
    app.builder._blogext_state = state  # type: ignore[attr-defined]
    store, catalog = state.store, state.catalog_fingerprint
    recompute = store.build != state.build or store.catalog != catalog
    read: set[str] = getattr(app.builder, "_blogext_read", set())
    if recompute or read:
        # like Sphinx's own consistency check: whenever something was read
        found = [f for provider in _FINDINGS.values() for f in provider(state)]
        report([*state.catalog.problems, *state.routes.claims.problems, *found])
    blog_docs = state.blog_documents()
    candidates = blog_docs if recompute else blog_docs & read
    docs = {d: v for d, v in store.docs.items() if d in blog_docs and not recompute}
    changed = []
    for docname in sorted(candidates):
        digest = fingerprint((state.build, state.document(docname)))
        if store.docs.get(docname) != digest and docname not in read:
            changed.append(docname)
        docs[docname] = digest
    store.docs, store.build, store.catalog = docs, state.build, catalog
    if state.site and (recompute or read):
        # (the store lives beside what capabilities keep: losing one loses both)
        needed = {d for provider in _REWRITES.values() for d in provider(state)}
        changed += sorted(needed - read - set(changed))
    return changed


def insert_parts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    state = state_of(app)
    for name, context in state.document(docname).items():
        _PARTS[name].insert(state, doctree, docname, context)
    if getattr(app.builder, "assemble_doctree", None) is not None:
        # singlehtml, latex and texinfo resolve one tree holding every document,
        # as the root document: each document's parts go into its own subtree
        for subtree in list(doctree.findall(addnodes.start_of_file)):
            inner = subtree["docname"]
            for name, context in state.document(inner).items():
                _PARTS[name].insert(state, subtree, inner, context)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Yield the generated pages that are new or changed (``html-collect-pages``)."""
    state = state_of(app)
    if not state.site:
        return
    store, outdir = state.store, Path(state.builder.outdir)
    if state.unchanged(store.pages, store.site, state.site_fingerprint):
        return
    nav = _nav_fingerprint(state.builder)
    written: dict[str, list[str]] = {}
    for provider in _PAGES.values():
        for page in provider(state):
            route = page.route
            digest = fingerprint(
                (state.build, nav, page.template, page.title, page.context, page.metatags)
            )
            written[route.pagename] = [digest, route.file]
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
    state: BuildState | None = getattr(app.builder, "_blogext_state", None)
    if exception is not None or state is None:
        return
    store, outdir = state.store, Path(state.builder.outdir)
    files_basis = state.files_fingerprint if state.site else ""
    root = outdir.resolve()
    if state.site and not state.unchanged(store.files, store.files_basis, files_basis):
        written: dict[str, list[str]] = {}
        for provider in _FILES.values():
            for output in provider(state):
                route = output.route
                digest = fingerprint(
                    (
                        state.build,
                        output.template,
                        output.context,
                        output.source,
                        file_stamp(output.source) if output.source else None,
                    )
                )
                written[route.file] = [digest, route.file]
                target = outdir / route.file
                if not target.resolve().is_relative_to(root):
                    continue  # routes are checked paths; this is the last line of defence
                if store.files.get(route.file) == written[route.file] and target.exists():
                    continue
                if output.make is not None:
                    content = output.make()
                elif output.source:
                    try:
                        content = Path(output.source).read_bytes()
                    except OSError as exc:
                        # the source went away since it was read; the next read reports it
                        warn(
                            f"cannot copy {output.source!r}: {exc.strerror}",
                            subtype="route",
                            docname=route.owner or None,
                            line=route.line or 1,
                        )
                        continue
                else:
                    content = str(state.render(output.template, output.context)).encode()
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists() or target.read_bytes() != content:
                    target.write_bytes(content)
        _remove_stale(outdir, store.files, written)
        store.files = written
    store.site = state.site_fingerprint if state.site else ""
    store.files_basis = files_basis
    store.save()


def file_stamp(path: str) -> tuple[int, int] | None:
    """What a file is, without reading it: its size and modification time (None if gone)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _remove_stale(outdir: Path, before: dict[str, list[str]], now: dict[str, list[str]]) -> None:
    """Delete what the blog wrote in an earlier build and no longer writes."""
    current = {entry[1] for entry in now.values()}
    root = outdir.resolve()
    for key, entry in before.items():
        if key in now or not isinstance(entry, list) or len(entry) != 2 or entry[1] in current:
            continue
        target = (outdir / str(entry[1])).resolve()
        if target.is_relative_to(root):
            target.unlink(missing_ok=True)


def setup_outputs(app: Sphinx) -> None:
    app.connect("env-before-read-docs", note_read_docs)
    app.connect("env-updated", plan_documents)
    app.connect("doctree-resolved", insert_parts)
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", write_files)
