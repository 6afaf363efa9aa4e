"""Edit this page and view source links, for every page made from a source file.

With ``blog_source_repository`` set, each document's page (posts and documentation
pages; not the listing pages the blog generates) gets two addresses on the
repository's host: one that opens the source file in the host's editor, one that
shows it. Themes read them from the page's context, ``blogext_edit_url`` and
``blogext_source_url``, or as ``blogext.get("source-links")`` (a :class:`SourceLinks`);
the blogext theme shows them at the end of the article.

The host's kind picks the address patterns. github.com, gitlab.com, codeberg.org and
bitbucket.org are known; another host is read from the first label of its name
(``gitlab.example.org``, ``github.example.com``, ``gitea.…``, ``forgejo.…``), or named
with a fragment: ``https://git.example.org/team/site#gitlab``. A host of no known kind
gets no links and one warning. The file's path is ``blog_source_directory`` and the
source file's path in the source folder, each segment percent-encoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from .config import conf_line
from .outputs import add_page_data, state_of
from .registry import registry
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from .outputs import BuildState

#: Where the repository read from the settings is kept for the app (``Registry.features``).
FEATURE = "sourcelinks"

#: The kinds of host, each with its edit and view addresses of a file: functions of the
#: repository's address, the branch and the file's path (all already percent-encoded).
PATTERNS: dict[str, tuple[Callable[[str, str, str], str], Callable[[str, str, str], str]]] = {
    "github": (
        lambda base, branch, path: f"{base}/edit/{branch}/{path}",
        lambda base, branch, path: f"{base}/blob/{branch}/{path}",
    ),
    "gitlab": (
        lambda base, branch, path: f"{base}/-/edit/{branch}/{path}",
        lambda base, branch, path: f"{base}/-/blob/{branch}/{path}",
    ),
    "forgejo": (
        lambda base, branch, path: f"{base}/_edit/{branch}/{path}",
        lambda base, branch, path: f"{base}/src/branch/{branch}/{path}",
    ),
    "bitbucket": (
        lambda base, branch, path: f"{base}/src/{branch}/{path}?mode=edit",
        lambda base, branch, path: f"{base}/src/{branch}/{path}",
    ),
}
#: Names of a kind in a fragment (``#gitea``) or a host's first label.
KIND_NAMES = {
    "github": "github",
    "gitlab": "gitlab",
    "forgejo": "forgejo",
    "gitea": "forgejo",
    "codeberg": "forgejo",
    "bitbucket": "bitbucket",
}
#: Public hosts, whose repositories are always ``owner/name``.
KNOWN_HOSTS = {
    "github.com": "github",
    "gitlab.com": "gitlab",
    "codeberg.org": "forgejo",
    "bitbucket.org": "bitbucket",
}
#: Kinds that a host's first label may name: Bitbucket's own server writes other
#: addresses than bitbucket.org, so only a fragment names it.
GUESSED = ("github", "gitlab", "gitea", "forgejo")


@dataclass(frozen=True)
class SourceLinks:
    """The addresses of a page's source file on the repository's host."""

    edit: str
    view: str
    #: github, gitlab, forgejo or bitbucket
    host: str


@dataclass(frozen=True)
class Repository:
    """Where the sources are: the host's kind, and the encoded parts of every address."""

    kind: str
    #: the repository's address, without a final ``/``, ``.git``, query or fragment
    base: str
    branch: str
    #: the folder of the source folder in the repository, with a final ``/``, or ""
    directory: str

    def links(self, source: str) -> SourceLinks:
        """The links of a source file (its path in the source folder, with ``/``)."""
        path = self.directory + "/".join(_segment(part) for part in source.split("/") if part)
        edit, view = PATTERNS[self.kind]
        return SourceLinks(
            edit(self.base, self.branch, path), view(self.base, self.branch, path), self.kind
        )


class SourceProblem(ValueError):
    """Why the settings cannot give links, and which setting says so."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting


def read_repository(url: str, branch: str, directory: str) -> Repository | None:
    """The repository the settings name, or None when none is set.

    Raises :class:`SourceProblem` when the settings cannot give links.
    """
    if not url:
        return None
    setting = "blog_source_repository"
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise SourceProblem(setting, f"{setting} = {url!r} is not a URL") from None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1].endswith(".git"):
        segments[-1] = segments[-1].removesuffix(".git")
    named = parts.fragment.strip().lower()
    kind = KIND_NAMES.get(named) if named else KNOWN_HOSTS.get(host)
    if kind is None and not named and host.split(".")[0] in GUESSED:
        kind = KIND_NAMES[host.split(".")[0]]
    if kind is None:
        kinds = ", ".join(f"#{name}" for name in KIND_NAMES)
        raise SourceProblem(
            setting,
            f"{setting} = {url!r}: cannot tell which kind of host it is on; end the "
            f"address with one of {kinds}",
        )
    # owner/name on the public hosts; GitLab's groups may hold subgroups
    exact = host in KNOWN_HOSTS and kind != "gitlab" and not named
    if len(segments) < 2 or not all(segments) or (exact and len(segments) != 2):
        raise SourceProblem(
            setting,
            f"{setting} = {url!r} is not the address of a repository, such as "
            "https://github.com/org/project",
        )
    branch_parts = branch.strip().strip("/").split("/")
    if not all(branch_parts) or any(p in (".", "..") for p in branch_parts):
        setting = "blog_source_branch"
        raise SourceProblem(setting, f"{setting} = {branch!r} is not the name of a branch")
    folder = [p for p in directory.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in folder:
        setting = "blog_source_directory"
        raise SourceProblem(setting, f"{setting} = {directory!r} must not go up ('..')")
    path = "/".join(quote(s, safe="%:@!$&()*+,;=") for s in segments)
    return Repository(
        kind,
        f"{parts.scheme.lower()}://{parts.netloc}/{path}",
        "/".join(_segment(p) for p in branch_parts),
        "".join(_segment(p) + "/" for p in folder),
    )


def _segment(text: str) -> str:
    """One path segment, percent-encoded (a file name's undecodable bytes as they are)."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    return quote(raw, safe="")


# -- pages -----------------------------------------------------------------------------


def prepare(app: Sphinx) -> None:
    """``builder-inited``: read the repository of this build once, reporting settings that
    cannot give links."""
    found = registry(app)
    repo = None
    if found.settings is not None:
        s = found.settings
        try:
            repo = read_repository(s.source_repository, s.source_branch, s.source_directory)
        except SourceProblem as problem:
            path, line = conf_line(app.confdir, problem.setting)
            message = f"{problem}; pages get no edit or source links"
            warn(message, subtype=Subtype.CONFIG, path=path, line=line)
    found.features[FEATURE] = repo


def page_links(state: BuildState, pagename: str) -> SourceLinks | None:
    """The links of a page made from a source file, on a site's pages; else None."""
    repo = state.registry.features.get(FEATURE)
    if repo is None or not state.site or pagename not in state.env.found_docs:
        return None
    return repo.links(state.env.doc2path(pagename, False).as_posix())


def add_to_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``blogext_edit_url`` and ``blogext_source_url`` for any theme's templates."""
    if doctree is None:
        return
    links = page_links(state_of(app), pagename)
    if links is not None:
        context["blogext_edit_url"] = links.edit
        context["blogext_source_url"] = links.view


def setup_sourcelinks(app: Sphinx) -> None:
    app.connect("builder-inited", prepare)
    add_page_data(app, "source-links", page_links)
    app.connect("html-page-context", add_to_context)
