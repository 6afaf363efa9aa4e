"""The plain data the extension keeps between builds.

Everything here is picklable and free of docutils nodes: it lives in the
Sphinx environment, is merged across parallel readers and survives
incremental builds. What is derived from it (the catalog, routes, views)
is rebuilt on demand and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .schema import FrontMatter

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

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
    #: a digest of what the post's views are made from, once it is read
    #: (``views.post_digest``): a rebuild compares posts without reading them again
    digest: str = ""
    #: how the post was declared: "" (front matter, a field list, our ``post``
    #: directive), or "ablog" (ABlog's forms: ``.. post:: DATE``, a ``post`` directive
    #: with content, ``blogpost: true``)
    form: str = ""
    #: files published beside the post's page (its images): (output path, source file)
    files: list[tuple[str, str]] = field(default_factory=list)
    #: whether the post's body shows its first image itself (its page then shows no cover)
    cover_in_body: bool = False
    #: the body before a read-more marker (``<!-- more -->``) as safe HTML, or ""
    excerpt_html: str = ""

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

    @property
    def image_file(self) -> str:
        """The project's file the post's first image is, when the build publishes it
        (``images`` then holds its site path), else ""."""
        image = self.images[0] if self.images else ""
        return next((file for output, file in self.files if "/" + output == image), "")


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


@dataclass(frozen=True)
class EventInfo:
    """What an ``event`` directive or ``blog_events_file`` says of an event (a conference,
    a meetup) that talks name."""

    name: str
    #: its first and last day (either may be missing)
    start: date | None = None
    end: date | None = None
    place: str = ""
    #: a checked http(s) URL
    website: str = ""
    #: the logo: an http(s) URL, or a local image file (absolute path) copied into the output
    logo_url: str = ""
    logo_file: str = ""
    #: the description as safe HTML and as plain text
    description_html: str = ""
    description_text: str = ""
    #: where it is defined: a document, or the events file, and its line
    docname: str = ""
    file: str = ""
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
    #: when the talk was last revised: its document's ``lastmod``, else its ``date``
    revised: datetime | None = None
    #: ``scheduled`` (the default), ``cancelled``, ``postponed``, ``rescheduled`` or
    #: ``moved-online`` (schema.org's event statuses)
    status: str = "scheduled"

    def line(self, name: str) -> int | None:
        """Where the talk is written (options share the directive's line), like ``Post.line``."""
        return self.lineno

    @property
    def end(self) -> datetime | None:
        """When the talk is over: its start plus its duration, or the end of its day.

        A talk that would end after the last day Python can count ends then.
        """
        if self.date is None:
            return None
        length = (
            timedelta(days=max(1, -(-self.duration // 1440)))
            if self.all_day
            else timedelta(minutes=self.duration)
        )
        try:
            return self.date + length
        except OverflowError:
            return datetime.max.replace(tzinfo=UTC)

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
    #: names of other taxonomies' terms: (taxonomy, names) (ABlog's category, location,
    #: language)
    terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: a post must have every name asked for (ABlog), not one of them
    match_all: bool = False
    oldest_first: bool = False
    #: ABlog's line format (``{date} - {title}``) and the strftime format of its date
    template: str = ""
    date_format: str = ""
    style: str = ""
    more: str = ""


@dataclass
class BlogData:
    """What the blog keeps between builds, stored on the environment.

    ``documents`` holds each feature's per-document data (``posts``,
    ``talks``, ``postlists``, …) by store name, then by document: one
    collector (:mod:`.collect`) forgets a document's entries in every store
    when it is read again and merges them from parallel readers, so a new
    feature stores plain data without a collector of its own. ``files`` holds
    what was read from data files outside the documents (the contributors
    file, the tags file), with a digest of what it was read from.
    """

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, tuple[str, Any]] = field(default_factory=dict)
    #: front matter read from a Markdown source, until its document is parsed
    #: (per process, never stored)
    pending: dict[str, Any] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["pending"] = {}
        return state

    def store(self, name: str) -> dict[str, Any]:
        """A store's entries by document."""
        return self.documents.setdefault(name, {})

    def put(self, name: str, docname: str, value: Any) -> None:
        """Keep ``value`` for ``docname`` in a store; an empty value removes the entry."""
        if value:
            self.store(name)[docname] = value
        else:
            self.store(name).pop(docname, None)

    def file(self, name: str) -> tuple[str, Any]:
        """What was read from a data file, and the digest it was read from ("", None)."""
        return self.files.get(name, ("", None))

    @property
    def posts(self) -> dict[str, Post]:
        return self.store("posts")

    @property
    def talks(self) -> dict[str, list[Talk]]:
        return self.store("talks")


def blog_data(env: BuildEnvironment) -> BlogData:
    """The blog data stored on ``env``, created on first use."""
    data: BlogData | None = getattr(env, "blogext_data", None)
    if data is None:
        data = BlogData()
        env.blogext_data = data  # type: ignore[attr-defined]
    return data
