"""The plain data the extension keeps between builds.

Everything here is picklable and free of docutils nodes: it lives in the
Sphinx environment, is merged across parallel readers and survives
incremental builds. What is derived from it (the catalog, routes, views)
is rebuilt on demand and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from .schema import FrontMatter

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from .catalog import Catalog

#: Output formats of the ``postlist`` directive and of generated listings.
LIST_FORMATS = ("list", "excerpts", "cards")


@dataclass(kw_only=True)
class Post(FrontMatter):
    """One blog post: its front matter fields and what its body gives."""

    docname: str
    #: front matter keys that are not fields, for templates (Hugo's ``.Params``)
    params: dict[str, Any] = field(default_factory=dict)
    #: filled from the body once the document has been read
    excerpt: str = ""
    word_count: int = 0
    reading_minutes: int = 0
    #: source line of each front matter key, for located warnings
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def updated(self) -> datetime | None:
        """The modification date when it is later than the publication date."""
        if self.lastmod and (self.date is None or self.lastmod > self.date):
            return self.lastmod
        return None

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def line(self, name: str) -> int | None:
        return self.lines.get(name)


@dataclass
class Contributor:
    """A person defined by a ``contributor`` directive or the contributors file."""

    #: the identity: the slug of the directive's argument or the file's key
    slug: str
    name: str
    role: str = ""
    #: an http(s) URL, or empty when the avatar is a local file or missing
    avatar_url: str = ""
    #: a local avatar image (absolute path), copied into the output
    avatar_file: str = ""
    #: social field -> checked URL (``github``, ``website``, ``email`` as mailto:, …)
    links: dict[str, str] = field(default_factory=dict)
    #: the bio as safe HTML and as plain text
    bio_html: str = ""
    bio_text: str = ""
    #: where it is defined: a document, or the contributors file and its line
    docname: str = ""
    file: str = ""
    line: int | None = None


@dataclass
class TagInfo:
    """What ``blog_tags_file`` says about a tag."""

    name: str
    #: the display name instead of the most used spelling, or ""
    label: str = ""
    #: the description as safe HTML and as plain text
    description_html: str = ""
    description_text: str = ""
    line: int | None = None


@dataclass
class Talk:
    """A talk given at an event, from a ``talk`` directive."""

    docname: str
    #: the card's anchor, unique in its document
    id: str
    title: str
    #: contributors (by slug or name) or free names, as written
    speakers: list[str] = field(default_factory=list)
    event: str = ""
    date: datetime | None = None
    #: the date was written without a time: an all-day event
    all_day: bool = False
    #: in minutes; 0 when not given
    duration: int = 0
    location: str = ""
    #: checked http(s) URLs: the schedule page, the slides, the video
    url: str = ""
    slides: str = ""
    video: str = ""
    tags: list[str] = field(default_factory=list)
    level: str = ""
    #: the abstract as plain text
    abstract: str = ""
    #: the directive's source line, for located warnings
    lineno: int | None = None

    def line(self, name: str) -> int | None:
        """Where the talk is written (options share the directive's line), like ``Post.line``."""
        return self.lineno

    @property
    def end(self) -> datetime | None:
        """When the talk is over: its start plus its duration, or the end of its day."""
        if self.date is None:
            return None
        if self.all_day:
            return self.date + timedelta(days=max(1, -(-self.duration // 1440)))
        return self.date + timedelta(minutes=self.duration)

    def is_past(self, now: datetime) -> bool:
        """Whether the talk is over at ``now``; a talk without a date never is."""
        end = self.end
        return end is not None and end <= now


@dataclass(frozen=True)
class TalkQuery:
    """The filter of a ``talklist`` directive; empty fields do not filter."""

    event: str = ""
    speakers: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    #: "upcoming", "past" or "" (both)
    when: str = ""
    limit: int | None = None


@dataclass(frozen=True)
class PostQuery:
    """The filter of a ``postlist`` directive; empty fields do not filter."""

    tags: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    category: str = ""
    year: int | None = None
    limit: int | None = None
    format: str = "list"


@dataclass
class BlogData:
    """Per-document blog data, stored on the environment.

    Change posts through the methods, which drop the derived catalog.
    """

    posts: dict[str, Post] = field(default_factory=dict)
    #: docname -> queries of the ``postlist`` directives in that document
    postlists: dict[str, list[PostQuery]] = field(default_factory=dict)
    #: docname -> unpublished drafts taken out of that document's toctrees
    hidden_entries: dict[str, list[str]] = field(default_factory=dict)
    #: docname -> the contributors its ``contributor`` directives define
    contributors: dict[str, list[Contributor]] = field(default_factory=dict)
    #: the contributors of ``blog_contributors_file``, and a digest of that file
    file_contributors: list[Contributor] = field(default_factory=list)
    file_digest: str = ""
    #: docname -> (kind, target, line) of each of its roles linking into the blog
    refs: dict[str, list[tuple[str, str, int | None]]] = field(default_factory=dict)
    #: the tags of ``blog_tags_file`` by tag key, and a digest of that file
    tag_info: dict[str, TagInfo] = field(default_factory=dict)
    tags_digest: str = ""
    #: docname -> the talks of its ``talk`` directives, in document order
    talks: dict[str, list[Talk]] = field(default_factory=dict)
    #: docname -> queries of the ``talklist`` directives in that document
    talklists: dict[str, list[TalkQuery]] = field(default_factory=dict)
    #: front matter read from a Markdown source, until its document is parsed
    #: (per process, never stored)
    pending: dict[str, Any] = field(default_factory=dict, repr=False)
    _catalog: Catalog | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_catalog"] = None
        state["pending"] = {}
        return state

    def add_post(self, post: Post) -> None:
        self.posts[post.docname] = post
        self._catalog = None

    def drop_post(self, docname: str) -> None:
        if self.posts.pop(docname, None) is not None:
            self._catalog = None

    def set_contributors(self, docname: str, defined: list[Contributor]) -> None:
        if defined:
            self.contributors[docname] = defined
        elif self.contributors.pop(docname, None) is None:
            return
        self._catalog = None

    def set_file_contributors(self, defined: list[Contributor], digest: str) -> None:
        self.file_contributors, self.file_digest = defined, digest
        self._catalog = None

    def set_tag_info(self, info: dict[str, TagInfo], digest: str) -> None:
        self.tag_info, self.tags_digest = info, digest
        self._catalog = None

    def set_talks(self, docname: str, talks: list[Talk]) -> None:
        if talks:
            self.talks[docname] = talks
        elif self.talks.pop(docname, None) is None:
            return
        self._catalog = None

    def set_talklists(self, docname: str, queries: list[TalkQuery]) -> None:
        if queries:
            self.talklists[docname] = queries
        else:
            self.talklists.pop(docname, None)

    def set_postlists(self, docname: str, queries: list[PostQuery]) -> None:
        if queries:
            self.postlists[docname] = queries
        else:
            self.postlists.pop(docname, None)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from .catalog import Catalog

            defined = [c for cs in sorted(self.contributors.items()) for c in cs[1]]
            talks = [t for _doc, ts in sorted(self.talks.items()) for t in ts]
            self._catalog = Catalog(
                self.posts.values(), [*defined, *self.file_contributors], self.tag_info, talks
            )
        return self._catalog


def blog_data(env: BuildEnvironment) -> BlogData:
    """The blog data stored on ``env``, created on first use."""
    data: BlogData | None = getattr(env, "blogext_data", None)
    if data is None:
        data = BlogData()
        env.blogext_data = data  # type: ignore[attr-defined]
    return data
