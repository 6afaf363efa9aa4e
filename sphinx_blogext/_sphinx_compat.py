"""The one seam between sphinx-blogext and Sphinx's private or undocumented API.

Everything the extension (and its theme) needs from Sphinx that is not
public, documented API goes through one function here, so that a Sphinx
release that changes it breaks one place, and ``tests/test_compat.py``
says which. Each function says what it relies on, since which Sphinx
version, and what would replace it. No other module may reach into
underscore attributes of Sphinx objects, import Sphinx's private modules or
replace a Sphinx method (``tests/test_boundaries.py`` checks).

Supported: Sphinx 8.2 and 9.0 (both checked in CI).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

T = TypeVar("T")

#: The attribute under which the extension keeps its state on Sphinx objects.
_STATE = "blogext_state"


# -- per-app state -----------------------------------------------------------------


def state_on(owner: object, make: Callable[[], T]) -> T:
    """What the extension keeps on a Sphinx object (the app, a builder), made once.

    Relies on: Sphinx's ``Sphinx`` and ``Builder`` objects taking attributes
    (they have no ``__slots__``; true since Sphinx 1.0). Sphinx offers no
    per-app store for extensions; ``Builder.app``, the way from a builder (or
    a translator) back to its app, is deprecated since 9.0 (removed in 11),
    so the state is put on both.
    """
    found = getattr(owner, _STATE, None)
    if found is None:
        found = make()
        setattr(owner, _STATE, found)
    return found


def share_state(app: Sphinx, builder: Builder) -> None:
    """Put the app's state on its builder, for code that has only the builder."""
    setattr(builder, _STATE, getattr(app, _STATE, None))


# -- documents that must not be written --------------------------------------------


def skip_documents_when_writing(builder: Builder, skipped: Callable[[], Set[str]]) -> None:
    """Make ``builder`` leave the documents in ``skipped()`` out of every write.

    Relies on: ``Builder.write_documents(docnames)``, the one method every
    builder (html, dirhtml, singlehtml, text, latex, epub, gettext, …) writes
    documents through, since Sphinx 7.3. Sphinx has no event that can take a
    document out of the set it is about to write; if one comes (a
    ``write-started`` that returns documents to skip), use it instead. The
    method is replaced on this builder instance only.
    """
    write_documents = builder.write_documents

    def write_published(docnames: Set[str]) -> None:
        leave_out = skipped() if docnames else set()
        write_documents({d for d in docnames if d not in leave_out} if leave_out else docnames)

    builder.write_documents = write_published  # type: ignore[method-assign]


# -- toctrees ----------------------------------------------------------------------


def toctree_includes(env: BuildEnvironment) -> Mapping[str, list[str]]:
    """Each document's toctree entries, by document (read only).

    Relies on: ``BuildEnvironment.toctree_includes`` (undocumented, stable
    since Sphinx 1.0). Sphinx 9 has no public view of the global toctree.
    """
    return env.toctree_includes


def drop_toctree_entries(builder: Builder, docname: str, leave_out: Set[str]) -> bool:
    """Take the documents in ``leave_out`` out of ``docname``'s stored toctrees.

    Navigation, single-page and LaTeX assembly then never reach them. Returns
    whether anything was taken out.

    Relies on (all undocumented, stable since Sphinx 7.2):
    ``BuildEnvironment.tocs``, ``toctree_includes`` and ``files_to_rebuild``,
    which the toctree collector fills; ``Builder.write_doctree()`` to store the
    changed tree, which also replaces the copy Sphinx keeps of a document read
    in this build; and ``BuildEnvironment._pickled_doctree_cache``, which must
    forget the old tree so that the next ``get_doctree()`` reads the new one.
    A public replacement would be a toctree filter event in Sphinx.
    """
    from sphinx import addnodes

    env = builder.env
    included = env.toctree_includes.get(docname, [])
    if not any(d in leave_out for d in included):
        return False
    doctree = env.get_doctree(docname)
    for tree in (doctree, env.tocs.get(docname)):
        for toctree in tree.findall(addnodes.toctree) if tree is not None else ():
            toctree["entries"] = [(t, ref) for t, ref in toctree["entries"] if ref not in leave_out]
            toctree["includefiles"] = [f for f in toctree["includefiles"] if f not in leave_out]
    builder.write_doctree(docname, doctree)
    getattr(env, "_pickled_doctree_cache", {}).pop(docname, None)
    env.toctree_includes[docname] = [d for d in included if d not in leave_out]
    for draft in leave_out:
        env.files_to_rebuild.get(draft, set()).discard(docname)
    return True


# -- what a document is to Sphinx ---------------------------------------------------


def mark_orphan(env: BuildEnvironment, docname: str) -> None:
    """Tell Sphinx not to warn that ``docname`` is in no toctree (as ``:orphan:`` does).

    Relies on: Sphinx's consistency check reading ``orphan`` from
    ``BuildEnvironment.metadata[docname]`` after the document is read (the
    dict is documented; that it may be written by an extension, after the
    document's own front matter filled it, is not; stable since Sphinx 1.0).
    A public replacement would be an API to mark a document as reachable.
    """
    env.metadata[docname].setdefault("orphan", True)


def leave_out_of_search(env: BuildEnvironment, docname: str) -> None:
    """Keep ``docname``'s words out of the search index (as ``:nosearch:`` does).

    Relies on: the ``nosearch`` key of ``BuildEnvironment.metadata`` (read by
    the HTML builder since Sphinx 3.0).
    """
    env.metadata[docname]["nosearch"] = True


def forget_objects(env: BuildEnvironment, docnames: Iterable[str]) -> None:
    """Remove the objects, labels and index entries of ``docnames`` from every domain.

    They then appear in no inventory, index or search result. Relies on:
    ``Domain.clear_doc()`` (public, for domain authors) and on iterating
    ``BuildEnvironment.domains``, a private container since Sphinx 8.2 (a
    mapping before); ``.values()`` exists in both.
    """
    names = list(docnames)
    if not names:
        return
    for domain in env.domains.values():
        for docname in names:
            domain.clear_doc(docname)


def drop_from_inventory(builder: Builder, targets: Set[str]) -> None:
    """Rewrite ``objects.inv`` without the entries that link to pages in ``targets``.

    Relies on: the inventory's format (version 2: four header lines, then
    zlib-compressed lines ``name domain:role priority uri display``, unchanged
    since Sphinx 1.0), and on the standard domain listing every document of
    ``BuildEnvironment.all_docs`` as a ``std:doc`` entry (which no domain API
    can remove).
    """
    path = Path(builder.outdir) / "objects.inv"
    try:
        raw = path.read_bytes()
    except OSError:
        return
    lines = raw.split(b"\n", 4)
    if len(lines) < 5 or not lines[0].startswith(b"# Sphinx inventory version 2"):
        return
    try:
        body = zlib.decompress(lines[4]).decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        return
    lines_before = body.splitlines()
    kept = [line for line in lines_before if not _links_to(line, targets)]
    if len(kept) == len(lines_before):
        return
    text = "".join(f"{line}\n" for line in kept).encode("utf-8")
    path.write_bytes(b"\n".join(lines[:4]) + b"\n" + zlib.compress(text, 9))


#: An inventory line; names and display names may hold spaces (Sphinx reads it so too).
_INVENTORY_LINE = re.compile(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)")


def _links_to(line: str, targets: Set[str]) -> bool:
    """Whether an inventory line links to one of ``targets``: a page (with or without an
    anchor on it), or the exact address of a document in a single-page build."""
    match = _INVENTORY_LINE.match(line)
    if match is None:
        return False
    uri = match.group(4)
    return uri in targets or uri.split("#", 1)[0] in targets


# -- what a build depends on -------------------------------------------------------


def config_digest(builder: Builder) -> tuple[str, str]:
    """Digests of the configuration and tags a page's surroundings depend on.

    Relies on: ``StandaloneHTMLBuilder.build_info`` and its ``config_hash``
    and ``tags_hash`` (undocumented, since Sphinx 7.3); ("", "") for builders
    without them. Replacement: a digest made from ``Config`` values whose
    rebuild is ``html``.
    """
    info = getattr(builder, "build_info", None)
    return str(getattr(info, "config_hash", "")), str(getattr(info, "tags_hash", ""))


def newest_template_time(builder: Builder) -> float | None:
    """When the newest template of the builder's theme and ``templates_path`` changed.

    Relies on: ``StandaloneHTMLBuilder.templates`` (a ``BuiltinTemplateLoader``)
    and its ``newest_template_mtime()`` (undocumented, since Sphinx 1.0).
    """
    templates = getattr(builder, "templates", None) if builder.format == "html" else None
    return templates.newest_template_mtime() if templates is not None else None


def theme_folders(builder: Builder) -> list[str]:
    """The folders of the builder's theme and the themes it inherits, nearest first.

    Relies on: ``StandaloneHTMLBuilder.theme`` and ``Theme.get_theme_dirs()``
    (undocumented, since Sphinx 1.0; the theme object was reworked in 7.3).
    """
    theme = getattr(builder, "theme", None)
    return [str(folder) for folder in theme.get_theme_dirs()] if theme is not None else []


def theme_options(builder: Builder, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The theme's options with ``html_theme_options`` applied ({} without a theme).

    Relies on: ``Theme.get_options(overrides)`` (undocumented, since Sphinx 1.0).
    """
    theme = getattr(builder, "theme", None)
    return dict(theme.get_options(dict(overrides))) if theme is not None else {}


def highlight_style(builder: Builder) -> Any:
    """The Pygments style class of the builder's code highlighting.

    Relies on: ``StandaloneHTMLBuilder.highlighter`` (a ``PygmentsBridge``) and its
    ``formatter_args["style"]`` (undocumented, since Sphinx 1.0).
    """
    return builder.highlighter.formatter_args["style"]  # type: ignore[attr-defined]


def set_in_conf(config: Config, name: str) -> bool:
    """Whether ``conf.py`` (or ``-D``) sets ``name``, rather than the default applying.

    Relies on: ``Config._raw_config`` (private, since Sphinx 1.0). Replacement:
    comparing with the default, which cannot tell a value written equal to it.
    """
    return name in getattr(config, "_raw_config", {})


def written_files(builder: Builder, docname: str) -> list[Path]:
    """The files a builder that writes one file per document wrote for ``docname``.

    Relies on: ``StandaloneHTMLBuilder.get_outfilename()`` (undocumented, since
    Sphinx 1.0) and the ``out_suffix`` of text and XML builders.
    """
    outdir = Path(builder.outdir)
    if builder.name in ("html", "dirhtml", "epub"):
        page = Path(builder.get_outfilename(docname))  # type: ignore[attr-defined]
        return [page, *(outdir / "_sources").glob(f"{docname}.*")]
    if builder.name in ("text", "xml", "pseudoxml"):
        return [outdir / f"{docname}{builder.out_suffix}"]  # type: ignore[attr-defined]
    return []
