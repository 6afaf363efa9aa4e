"""The catalog: every post in order, with years and taxonomies.

It is derived from the posts stored in the environment and rebuilt when
they change, never stored itself. Listings, post pages, routes and (later)
feeds read posts only through it, so there is one answer to "which posts,
in which order, under which term".

A taxonomy (tags, categories, contributors; events for talks) groups posts
or talks into terms. Each term has a key (its identity), a display name, a
URL slug and its posts (or talks):

* tags and categories are the same term when they differ only in letter case
  or spacing; the display name is the most used spelling;
* contributors are the same when their names give the same slug, so
  "Lorena Martínez" and "lorena martinez" are one person;
* slugs keep ``+``, ``#`` and ``&`` apart (``c-plus-plus``, ``c-sharp``, ``c``);
  two different terms that still end up with one slug are told apart by a
  numbered suffix, in key order, and reported;
* events are the same when they differ only in letter case or spacing, like
  tags. A speaker matching a contributor adds the talk to that contributor's
  term; other speaker names make no term.

Talks are ordered by date, undated talks last. Whether a talk is upcoming or
past depends on the build's "now", which is passed in, never kept.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from typing import TYPE_CHECKING, Any

from slugify import slugify

from .urls import is_device_name
from .warnings import Finding

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from .model import Contributor, Post, PostQuery, TagInfo, Talk, TalkQuery

#: Related posts count the shared tags among the first tags of each post.
RELATED_TAGS = 6
_SLUG_REPLACEMENTS = [["+", " plus "], ["#", " sharp "], ["&", " and "], ["@", " at "]]


def tag_key(tag: str) -> str:
    """The identity of a tag or category: letter case and spacing do not count."""
    return " ".join(tag.casefold().split())


@functools.lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """The identity of a contributor: the slug of the name, accents dropped."""
    return _file_safe(slugify(name, max_length=80, word_boundary=True)) or term_slug(name)


@functools.lru_cache(maxsize=8192)
def term_slug(name: str) -> str:
    """A stable slug, safe in a URL and a file name, for a term's page."""
    slug = slugify(name, max_length=80, word_boundary=True, replacements=_SLUG_REPLACEMENTS)
    if slug:
        return _file_safe(slug)
    # names with no letters or digits in any script, such as an emoji
    return "t-" + hashlib.sha1(tag_key(name).encode("utf-8", "replace")).hexdigest()[:10]


def _file_safe(slug: str) -> str:
    """A slug that is a page of its own: ``con`` (a Windows device) and ``index``
    (the overview's page) become ``con-0`` and ``index-0``."""
    return f"{slug}-0" if slug == "index" or is_device_name(slug) else slug


@dataclass(frozen=True)
class Taxonomy:
    name: str
    #: the post field that names the terms
    field: str
    #: a name's identity: names with the same key are one term
    key: Callable[[str], str]
    #: a key's URL slug
    slug: Callable[[str], str]
    #: what the terms group: "posts" or "talks"
    members: str = "posts"


TAXONOMIES = (
    Taxonomy("tags", "tags", tag_key, term_slug),
    Taxonomy("categories", "categories", tag_key, term_slug),
    Taxonomy("contributors", "contributors", name_key, str),
    Taxonomy("events", "event", tag_key, term_slug, members="talks"),
)


@dataclass
class Term:
    taxonomy: str
    key: str
    name: str
    slug: str
    #: in listing order
    posts: list[Post] = field(default_factory=list)
    #: contributors: the definition, or None for a name only front matter uses
    definition: Contributor | None = None
    #: tags: what ``blog_tags_file`` says about the tag
    info: TagInfo | None = None
    #: events: their talks; contributors: the talks they speak at (in talk order)
    talks: list[Talk] = field(default_factory=list)


class Catalog:
    """The published posts in order, with the look-ups listings need."""

    def __init__(
        self,
        posts: Iterable[Post],
        contributors: Iterable[Contributor] = (),
        tag_info: dict[str, TagInfo] | None = None,
        talks: Iterable[Talk] = (),
    ) -> None:
        self.posts: dict[str, Post] = {p.docname: p for p in posts}
        #: contributor definitions, in order of precedence (documents by name, then the file)
        self.definitions = list(contributors)
        #: ``blog_tags_file`` by tag key
        self.tag_info = tag_info or {}
        #: listed posts in Hugo's default order: weighted first (lower first), then newest
        self.listed: list[Post] = sorted(
            (p for p in self.posts.values() if not p.draft), key=listing_order
        )
        #: the same posts by date, newest first, for previous/next links
        self.by_date: list[Post] = sorted(self.listed, key=date_order)
        self._date_index = {p.docname: i for i, p in enumerate(self.by_date)}
        #: talks by date (undated last), leaving out those of unpublished drafts
        self.talks: list[Talk] = sorted(
            (t for t in talks if not _in_draft(self.posts, t.docname)), key=talk_order
        )
        self._problems: list[Finding] = []
        self._terms: dict[str, dict[str, Term]] | None = None
        self._chunks: dict[int, list[list[Post]]] = {}
        self._years: dict[int, list[Post]] | None = None
        self._related_index: dict[tuple[str, ...], list[int]] | None = None
        self._related: dict[tuple[str, int], list[Post]] = {}
        self._people: tuple[dict[str, Contributor], dict[str, str]] | None = None

    # -- taxonomies ----------------------------------------------------------

    @property
    def terms(self) -> dict[str, dict[str, Term]]:
        """Each taxonomy's terms by key; made on first use (a rebuild may need none)."""
        if self._terms is None:
            self._terms = {t.name: self._collect(t) for t in TAXONOMIES}
            people = self._terms["contributors"]
            for talk in self.talks:
                for key in dict.fromkeys(self.contributor_key(n) for n in talk.speakers):
                    if key in people:
                        people[key].talks.append(talk)
        return self._terms

    @property
    def problems(self) -> list[Finding]:
        """Clashes found while making the terms."""
        self.terms  # noqa: B018 - the terms find the problems
        return self._problems

    def _collect(self, taxonomy: Taxonomy) -> dict[str, Term]:
        key_of = self.contributor_key if taxonomy.name == "contributors" else taxonomy.key
        spellings: dict[str, Counter[str]] = {}
        members: dict[str, list[Any]] = {}
        items: list[Any] = self.listed if taxonomy.members == "posts" else self.talks
        for item in items:
            seen: set[str] = set()
            names = getattr(item, taxonomy.field)
            for name in [names] if isinstance(names, str) else names:
                if not name:
                    continue
                key = key_of(name)
                spellings.setdefault(key, Counter())[name] += 1
                if key not in seen:
                    seen.add(key)
                    members.setdefault(key, []).append(item)
        defined = self.contributors if taxonomy.name == "contributors" else {}
        described = self.tag_info if taxonomy.name == "tags" else {}
        terms: dict[str, Term] = {}
        taken: dict[str, str] = {}
        for key in sorted(set(members) | set(defined)):
            counts = spellings.get(key, Counter())
            definition, info = defined.get(key), described.get(key)
            if definition is not None:
                name = definition.name
            elif info is not None and info.label:
                name = info.label
            else:
                name = min(counts, key=lambda s: (-counts[s], s))
            slug = base = taxonomy.slug(key)
            number = 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            if number > 1 and key in members:
                self._slug_clash(taxonomy, name, taken[base], slug, members[key][0])
            taken[slug] = name
            found = members.get(key, [])
            terms[key] = Term(taxonomy.name, key, name, slug, definition=definition, info=info)
            if taxonomy.members == "posts":
                terms[key].posts = found
            else:
                terms[key].talks = found
        return terms

    # -- contributors --------------------------------------------------------

    @property
    def contributors(self) -> dict[str, Contributor]:
        """The defined contributors by slug; the first definition of a slug wins."""
        return self._registry()[0]

    def contributor_key(self, name: str) -> str:
        """The slug a post's ``contributors`` entry stands for.

        An entry matches a definition by slug or by display name, in any
        letter case and with or without accents; any other name is its own
        slug (a contributor known from front matter only).
        """
        key = name_key(name)
        return self._registry()[1].get(key, key)

    def _registry(self) -> tuple[dict[str, Contributor], dict[str, str]]:
        if self._people is None:
            by_slug: dict[str, Contributor] = {}
            for person in self.definitions:
                first = by_slug.setdefault(person.slug, person)
                if first is not person:
                    self._problems.append(_duplicate(person, first))
            keys = {slug: slug for slug in by_slug}
            for slug, person in by_slug.items():
                keys.setdefault(name_key(person.name), slug)
            self._people = (by_slug, keys)
        return self._people

    def known_names(self) -> list[str]:
        """Display names and slugs of the defined contributors, for suggestions."""
        people = self.contributors.values()
        return sorted({p.name for p in people} | {p.slug for p in people})

    def _slug_clash(
        self, taxonomy: Taxonomy, name: str, other: str, slug: str, first: Post | Talk
    ) -> None:
        self._problems.append(
            Finding(
                f"{taxonomy.field} {name!r} and {other!r} give the same page name; "
                f"{name!r} gets {slug!r}",
                first.docname,
                first.line(taxonomy.field),
                "taxonomy",
            )
        )

    def term(self, taxonomy: str, name: str) -> Term | None:
        kind = next(t for t in TAXONOMIES if t.name == taxonomy)
        key_of = self.contributor_key if taxonomy == "contributors" else kind.key
        return self.terms[taxonomy].get(key_of(name))

    # -- queries -------------------------------------------------------------

    def query(self, query: PostQuery) -> list[Post]:
        found = [p for p in self.listed if self._matches(query, p)]
        return found[: query.limit] if query.limit else found

    def _matches(self, query: PostQuery, post: Post) -> bool:
        if query.tags and not {tag_key(t) for t in post.tags} & {tag_key(t) for t in query.tags}:
            return False
        if query.contributors:
            wanted = {self.contributor_key(c) for c in query.contributors}
            if not wanted & {self.contributor_key(c) for c in post.contributors}:
                return False
        if query.category and tag_key(query.category) not in {tag_key(c) for c in post.categories}:
            return False
        return query.year is None or post.year == query.year

    # -- talks -----------------------------------------------------------------

    def query_talks(self, query: TalkQuery, now: datetime) -> list[Talk]:
        """The talks a ``talklist`` shows: upcoming ones soonest first, then past
        ones newest first."""
        found = [t for t in self.talks if self._talk_matches(query, t, now)]
        found = upcoming_first(found, now)
        return found[: query.limit] if query.limit else found

    def _talk_matches(self, query: TalkQuery, talk: Talk, now: datetime) -> bool:
        if query.event and tag_key(query.event) != tag_key(talk.event):
            return False
        if query.tags and not {tag_key(t) for t in talk.tags} & {tag_key(t) for t in query.tags}:
            return False
        if query.speakers:
            wanted = {self.contributor_key(s) for s in query.speakers}
            if not wanted & {self.contributor_key(s) for s in talk.speakers}:
                return False
        if query.when:
            return talk.is_past(now) == (query.when == "past")
        return True

    def talk_groups(self, now: datetime) -> list[tuple[bool, list[tuple[Term | None, list[Talk]]]]]:
        """Talks by event for the talks index: (past?, [(event, talks)]), upcoming first.

        An event with a talk still to come is upcoming; upcoming events come
        soonest first, past events newest first, each event's talks in
        schedule order. Talks without an event close each group.
        """
        groups: dict[bool, list[tuple[Term | None, list[Talk]]]] = {False: [], True: []}
        events = sorted(self.terms["events"].values(), key=lambda t: t.key)
        for event in events:
            past = all(t.is_past(now) for t in event.talks)
            groups[past].append((event, event.talks))
        far = float("inf")
        groups[False].sort(key=lambda g: min(_stamp(t, far) for t in g[1]))
        groups[True].sort(key=lambda g: -max(_stamp(t, -far) for t in g[1]))
        loose = [t for t in self.talks if not t.event]
        for past in (False, True):
            talks = [t for t in loose if t.is_past(now) == past]
            if talks:
                groups[past].append((None, talks if not past else talks[::-1]))
        return [(past, groups[past]) for past in (False, True) if groups[past]]

    def find_talk(self, target: str, docname: str) -> Talk | None:
        """The talk a ``{talk}`` role names, by title or anchor; the role's own document
        first, then talk order."""
        key = tag_key(target)
        found = [t for t in self.talks if t.id == target or tag_key(t.title) == key]
        return next((t for t in found if t.docname == docname), found[0] if found else None)

    def index_chunks(self, per_page: int) -> list[list[Post]]:
        """The blog index, page by page: pinned posts first, then listing order."""
        chunks = self._chunks.get(per_page)
        if chunks is None:
            ordered = [p for p in self.listed if p.pinned]
            ordered += [p for p in self.listed if not p.pinned]
            chunks = [ordered[i : i + per_page] for i in range(0, len(ordered), per_page)]
            self._chunks[per_page] = chunks = chunks or [[]]
        return chunks

    def years(self) -> dict[int, list[Post]]:
        """Dated posts by year, newest year first, each newest post first."""
        if self._years is None:
            self._years = {}
            for post in self.by_date:
                if post.year is not None:
                    self._years.setdefault(post.year, []).append(post)
        return self._years

    def neighbours(self, docname: str) -> tuple[Post | None, Post | None]:
        """The (older, newer) posts around ``docname`` by date."""
        index = self._date_index.get(docname)
        if index is None:
            return None, None
        older = self.by_date[index + 1] if index + 1 < len(self.by_date) else None
        newer = self.by_date[index - 1] if index > 0 else None
        return older, newer

    def related(self, post: Post, count: int) -> list[Post]:
        """Up to ``count`` posts sharing most tags with ``post``, newest first on ties.

        An index of every tag combination of each post lets this look at a
        handful of candidates instead of all posts that share a tag: going
        from the largest combination down, the first posts met (newest first)
        are the best ones.
        """
        index = self._date_index.get(post.docname)
        if index is None or count <= 0:
            return []
        cached = self._related.get((post.docname, count))
        if cached is not None:
            return cached
        combos = self._combinations()
        keys = _related_keys(post)
        chosen: list[int] = []
        seen = {index}
        for size in range(len(keys), 0, -1):
            buckets = [combos[c] for c in combinations(keys, size) if c in combos]
            for candidate in heapq.merge(*buckets):
                if candidate not in seen:
                    seen.add(candidate)
                    chosen.append(candidate)
                    if len(chosen) == count:
                        break
            if len(chosen) == count:
                break
        result = [self.by_date[i] for i in chosen]
        self._related[(post.docname, count)] = result
        return result

    def _combinations(self) -> dict[tuple[str, ...], list[int]]:
        if self._related_index is None:
            index: dict[tuple[str, ...], list[int]] = {}
            for position, post in enumerate(self.by_date):
                keys = _related_keys(post)
                for size in range(1, len(keys) + 1):
                    for combo in combinations(keys, size):
                        index.setdefault(combo, []).append(position)
            self._related_index = index
        return self._related_index


def build_time() -> datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the
    clock. (Sphinx itself refuses a value that is not a whole number of seconds.)"""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return datetime.fromtimestamp(int(pinned), UTC) if pinned else datetime.now(UTC)
    except (ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def talk_order(talk: Talk) -> tuple[object, ...]:
    return (talk.date is None, talk.date.timestamp() if talk.date else 0.0, talk.docname)


def _stamp(talk: Talk, missing: float) -> float:
    return talk.date.timestamp() if talk.date else missing


def upcoming_first(talks: list[Talk], now: datetime) -> list[Talk]:
    """Upcoming talks soonest first (undated ones last), then past talks newest first."""
    ahead: list[Talk] = []
    over: list[Talk] = []
    for talk in talks:
        (over if talk.is_past(now) else ahead).append(talk)
    return ahead + over[::-1]


def _in_draft(posts: dict[str, Post], docname: str) -> bool:
    post = posts.get(docname)
    return post is not None and post.draft


def _related_keys(post: Post) -> tuple[str, ...]:
    first = list(dict.fromkeys(tag_key(t) for t in post.tags))[:RELATED_TAGS]
    return tuple(sorted(first))


def _duplicate(person: Contributor, first: Contributor) -> Finding:
    where = first.docname or first.file
    message = f"contributor {person.slug!r} is already defined in {where!r}; this one is ignored"
    return Finding(message, person.docname, person.line, "contributor", path=person.file)


def listing_order(post: Post) -> tuple[object, ...]:
    weighted = post.weight != 0  # Hugo: 0 means unweighted; negative weights come first
    return (not weighted, post.weight if weighted else 0, *date_order(post))


def date_order(post: Post) -> tuple[object, ...]:
    stamp = post.date.timestamp() if post.date else float("-inf")
    return (-stamp, post.title.casefold(), post.docname)
