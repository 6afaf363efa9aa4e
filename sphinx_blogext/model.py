"""The plain data the extension keeps between builds.

Everything here is picklable and free of docutils nodes: it lives in the
Sphinx environment, is merged across parallel readers and survives
incremental builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from slugify import slugify

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Output formats of the ``postlist`` directive and of generated listings.
LIST_FORMATS = ("list", "excerpts", "cards")


@dataclass
class Post:
    """One blog post, as read from its front matter and body."""

    docname: str
    title: str = ""
    date: datetime | None = None
    lastmod: datetime | None = None
    draft: bool = False
    weight: int = 0
    tags: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    description: str = ""
    lead: str = ""
    summary: str = ""
    images: list[str] = field(default_factory=list)
    slug: str = ""
    aliases: list[str] = field(default_factory=list)
    canonicalurl: str = ""
    feed_exclude: bool = False
    pinned: bool = False
    #: Filled from the body once the document has been read.
    excerpt: str = ""
    word_count: int = 0
    reading_minutes: int = 0
    #: Source line of each front matter field, for located warnings.
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def updated(self) -> datetime | None:
        """The modification date when it is later than the publication date."""
        if self.lastmod and (self.date is None or self.lastmod > self.date):
            return self.lastmod
        return None

    @property
    def tag_keys(self) -> set[str]:
        return {tag_key(t) for t in self.tags}

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


@dataclass(frozen=True)
class PostQuery:
    """The filter of a ``postlist`` directive; empty fields do not filter."""

    tags: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    category: str = ""
    year: int | None = None
    limit: int | None = None
    format: str = "list"

    def matches(self, post: Post) -> bool:
        if self.tags and not post.tag_keys & {tag_key(t) for t in self.tags}:
            return False
        if self.contributors:
            wanted = {name_key(c) for c in self.contributors}
            if not wanted & {name_key(c) for c in post.contributors}:
                return False
        if self.category and name_key(self.category) not in {name_key(c) for c in post.categories}:
            return False
        return self.year is None or post.year == self.year


@dataclass
class BlogData:
    """Per-document blog data, stored on the environment.

    Change it through the methods, which drop the derived :class:`Catalog`.
    """

    posts: dict[str, Post] = field(default_factory=dict)
    #: docname -> queries of the ``postlist`` directives in that document
    postlists: dict[str, list[PostQuery]] = field(default_factory=dict)
    #: docname -> fingerprint of the blog parts rendered into it last time
    rendered: dict[str, str] = field(default_factory=dict)
    _catalog: Catalog | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_catalog"] = None  # derived, rebuilt on demand
        return state

    def add_post(self, post: Post) -> None:
        self.posts[post.docname] = post
        self._catalog = None

    def drop_post(self, docname: str) -> None:
        if self.posts.pop(docname, None) is not None:
            self._catalog = None

    def set_postlists(self, docname: str, queries: list[PostQuery]) -> None:
        if queries:
            self.postlists[docname] = queries
        else:
            self.postlists.pop(docname, None)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog(self.posts.values())
        return self._catalog


class Catalog:
    """The published posts in listing order, with the look-ups listings need."""

    def __init__(self, posts: Iterable[Post]) -> None:
        #: listed posts in Hugo's default order: weighted first (lower first), then newest
        self.listed: list[Post] = sorted((p for p in posts if not p.draft), key=listing_order)
        #: the same posts by date, newest first, for previous/next links
        self.by_date: list[Post] = sorted(self.listed, key=date_order)
        self._date_index = {p.docname: i for i, p in enumerate(self.by_date)}
        self.by_tag: dict[str, list[Post]] = {}
        for post in self.listed:
            for key in post.tag_keys:
                self.by_tag.setdefault(key, []).append(post)

    def query(self, query: PostQuery) -> list[Post]:
        found = [p for p in self.listed if query.matches(p)]
        return found[: query.limit] if query.limit else found

    def neighbours(self, docname: str) -> tuple[Post | None, Post | None]:
        """The (older, newer) posts around ``docname`` by date."""
        index = self._date_index.get(docname)
        if index is None:
            return None, None
        older = self.by_date[index + 1] if index + 1 < len(self.by_date) else None
        newer = self.by_date[index - 1] if index > 0 else None
        return older, newer

    def related(self, post: Post, count: int) -> list[Post]:
        """Up to ``count`` posts sharing most tags with ``post``, newest first on ties."""
        shared: dict[str, int] = {}
        for key in post.tag_keys:
            for other in self.by_tag.get(key, ()):
                if other.docname != post.docname:
                    shared[other.docname] = shared.get(other.docname, 0) + 1
        ranked = sorted(shared, key=lambda d: (-shared[d], self._date_index[d]))
        return [self.by_date[self._date_index[d]] for d in ranked[:count]]

    def years(self) -> dict[int, list[Post]]:
        """Dated posts by year, newest year first, each newest post first."""
        years: dict[int, list[Post]] = {}
        for post in self.by_date:
            if post.year is not None:
                years.setdefault(post.year, []).append(post)
        return years


def listing_order(post: Post) -> tuple[object, ...]:
    weighted = post.weight != 0  # Hugo: 0 means unweighted; negative weights come first
    return (not weighted, post.weight if weighted else 0, *date_order(post))


def date_order(post: Post) -> tuple[object, ...]:
    stamp = post.date.timestamp() if post.date else float("-inf")
    return (-stamp, post.title.casefold(), post.docname)


def tag_key(tag: str) -> str:
    """The identity of a tag: tags differing only in case or spacing merge.

    Punctuation is kept: "C++", "C#" and "C" are three tags.
    """
    return " ".join(tag.casefold().split())


def name_key(name: str) -> str:
    """The identity of a contributor or category name ("Lorena Martínez" -> lorena-martinez)."""
    return slugify(name) or name.casefold()
