"""The catalog: every post in order, with years and taxonomies.

It is derived from the posts stored in the environment and rebuilt when
they change, never stored itself. Listings, post pages, routes and (later)
feeds read posts only through it, so there is one answer to "which posts,
in which order, under which term".

A taxonomy groups posts or talks into terms; each feature registers its
own (tags, categories, contributors; events for talks) with
:func:`add_taxonomy`. Each term has a key (its identity), a display name, a
URL slug, its posts and its talks, and what a definition says of it (a
contributor's profile, a tag's description):

* tags and categories are the same term when Hugo's ``urlize`` makes the same
  of them (letter case, spaces or hyphens, and most punctuation do not count:
  ``Platform Engineering`` is ``platform-engineering``); the display name is
  the most used spelling;
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

from .registry import registry
from .urls import hugo_urlize, is_device_name
from .warnings import Finding, Subtype

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .config import Settings
    from .model import BlogData, Post, PostQuery, Talk, TalkQuery

#: Related posts count the shared tags among the first tags of each post.
RELATED_TAGS = 6
_SLUG_REPLACEMENTS = [["+", " plus "], ["#", " sharp "], ["&", " and "], ["@", " at "]]


@functools.lru_cache(maxsize=8192)
def tag_key(tag: str) -> str:
    """The identity of a tag or category, as Hugo's ``urlize`` makes a term's: letter
    case does not count, spaces are hyphens (``Platform Engineering`` is
    ``platform-engineering``), and punctuation other than ``. _ - # + ~ / @`` is
    dropped; ``&`` is kept, as slugs spell it out (``r-and-d``). A name of punctuation
    or symbols only (an emoji) is its own identity."""
    key = hugo_urlize(tag.casefold(), keep="&")
    return key or " ".join(tag.casefold().split())


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


@dataclass(frozen=True, eq=False)
class Source:
    """Where a taxonomy finds the names of its terms: a field of posts or of talks, or a
    key of a post's other front matter (its ``params``, as Hugo's custom taxonomies)."""

    members: str
    field: str
    #: whether a name here makes a term; False: it joins a term only when one exists
    #: (a talk's speaker joins a contributor's term, a free name makes none)
    creates: bool = True


@dataclass(frozen=True, eq=False)
class Definition:
    """A term described outside the posts: a contributor, a tag of the tags file."""

    key: str
    #: the display name; "" keeps the most used spelling
    name: str
    #: what the feature knows of the term (a Contributor, a TagInfo)
    data: Any = None
    #: other names that stand for the term (a contributor's display name)
    other_names: tuple[str, ...] = ()
    #: whether the definition makes a term with no members (contributors: yes)
    makes_term: bool = True
    #: where it is defined, and what kind of warning a second definition is
    docname: str = ""
    line: int | None = None
    file: str = ""
    subtype: Subtype = Subtype.TAXONOMY
    #: used only where no other definition has the key (one made from configuration
    #: that the project may also define itself), never reported as a duplicate
    fallback: bool = False


@dataclass(frozen=True, eq=False)
class Taxonomy:
    """A grouping of posts (or talks) into terms, registered with :func:`add_taxonomy`."""

    name: str
    #: a name's identity: names with the same key are one term
    key: Callable[[str], str]
    #: a key's URL slug
    slug: Callable[[str], str]
    sources: tuple[Source, ...]
    #: the definitions of terms found outside the posts
    definitions: Callable[[BlogData], Iterable[Definition]] | None = None
    #: what a term's posts are called ("Posts in category “%s”"), for feeds and pages;
    #: None: the term's name
    label: Callable[[str], str] | None = None


def add_taxonomy(app: Sphinx, taxonomy: Taxonomy) -> None:
    """Register a taxonomy: the catalog then has its terms, with their posts and talks."""
    registry(app).taxonomies[taxonomy.name] = taxonomy


def add_definitions(
    app: Sphinx, taxonomy: str, source: Callable[[BlogData, Config], Iterable[Definition]]
) -> None:
    """Define terms of another feature's taxonomy (contributors from a configuration
    value): ``source(data, config)`` yields definitions, read after the taxonomy's own."""
    registry(app).definition_sources.setdefault(taxonomy, []).append(source)


@dataclass
class Term:
    taxonomy: str
    key: str
    name: str
    slug: str
    #: in listing order
    posts: list[Post] = field(default_factory=list)
    #: in talk order
    talks: list[Talk] = field(default_factory=list)
    #: what a definition says of the term (a Contributor, a TagInfo), or None
    definition: Any = None


class Catalog:
    """The published posts in order, with the look-ups listings need."""

    def __init__(
        self,
        posts: Iterable[Post],
        talks: Iterable[Talk] = (),
        taxonomies: Iterable[Taxonomy] = (),
        definitions: Mapping[str, Iterable[Definition]] | None = None,
    ) -> None:
        self.posts: dict[str, Post] = {p.docname: p for p in posts}
        self.taxonomies = {t.name: t for t in taxonomies}
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
        #: taxonomy -> term key -> its first definition; taxonomy -> name key -> term key
        self._defined: dict[str, dict[str, Definition]] = {}
        self._aliases: dict[str, dict[str, str]] = {}
        for name, found in (definitions or {}).items():
            self._define(name, found)
        self._terms: dict[str, dict[str, Term]] | None = None
        self._chunks: dict[int, list[list[Post]]] = {}
        self._years: dict[int, list[Post]] | None = None
        self._related_index: dict[tuple[str, ...], list[int]] | None = None
        self._related: dict[tuple[str, int], list[Post]] = {}

    # -- taxonomies ----------------------------------------------------------

    @property
    def terms(self) -> dict[str, dict[str, Term]]:
        """Each taxonomy's terms by key; made on first use (a rebuild may need none)."""
        if self._terms is None:
            self._terms = {name: self._collect(t) for name, t in self.taxonomies.items()}
        return self._terms

    @property
    def problems(self) -> list[Finding]:
        """Clashes found while making the terms and reading definitions."""
        self.terms  # noqa: B018 - the terms find the problems
        return self._problems

    def _define(self, taxonomy: str, definitions: Iterable[Definition]) -> None:
        kind = self.taxonomies.get(taxonomy)
        key_of = kind.key if kind is not None else tag_key
        defined: dict[str, Definition] = {}
        for definition in definitions:
            first = defined.setdefault(definition.key, definition)
            if first is not definition and not definition.fallback:
                if first.fallback:
                    defined[definition.key] = definition
                else:
                    self._problems.append(_duplicate(definition, first))
        aliases = {key: key for key in defined}
        for key, definition in defined.items():
            for other in definition.other_names:
                aliases.setdefault(key_of(other), key)
        self._defined[taxonomy], self._aliases[taxonomy] = defined, aliases

    def key(self, taxonomy: str, name: str) -> str:
        """The term key a name stands for: a definition's key where one matches the name
        by key or by another of its names, else the name's own key."""
        kind = self.taxonomies.get(taxonomy)
        key = kind.key(name) if kind is not None else tag_key(name)
        return self._aliases.get(taxonomy, {}).get(key, key)

    def defined(self, taxonomy: str) -> dict[str, Definition]:
        """The definitions of a taxonomy's terms by key; the first of a key wins."""
        return self._defined.get(taxonomy, {})

    def known_names(self, taxonomy: str) -> list[str]:
        """Display names and keys of the defined terms, for suggestions."""
        names = {d.name or d.key for d in self.defined(taxonomy).values()}
        return sorted(names | set(self.defined(taxonomy)))

    def _collect(self, taxonomy: Taxonomy) -> dict[str, Term]:
        spellings: dict[str, Counter[str]] = {}
        members: dict[str, dict[str, list[Any]]] = {"posts": {}, "talks": {}}
        joining: list[tuple[str, str, Any]] = []
        for source in taxonomy.sources:
            items: list[Any] = self.listed if source.members == "posts" else self.talks
            for item in items:
                seen: set[str] = set()
                for name in _names(item, source.field):
                    key = self.key(taxonomy.name, name)
                    if key in seen:
                        continue
                    seen.add(key)
                    if not source.creates:
                        joining.append((source.members, key, item))
                        continue
                    spellings.setdefault(key, Counter())[name] += 1
                    members[source.members].setdefault(key, []).append(item)
        defined = self.defined(taxonomy.name)
        made = {k for k, d in defined.items() if d.makes_term}
        terms: dict[str, Term] = {}
        taken: dict[str, str] = {}
        for key in sorted(set(members["posts"]) | set(members["talks"]) | made):
            counts = spellings.get(key, Counter())
            definition = defined.get(key)
            if definition is not None and definition.name:
                name = definition.name
            elif counts:
                name = min(counts, key=lambda s: (-counts[s], s))
            else:
                name = key
            slug = base = taxonomy.slug(key)
            number = 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            first = [*members["posts"].get(key, ()), *members["talks"].get(key, ())]
            if number > 1 and first:
                self._slug_clash(taxonomy, name, taken[base], slug, first[0])
            taken[slug] = name
            terms[key] = Term(
                taxonomy.name,
                key,
                name,
                slug,
                posts=members["posts"].get(key, []),
                talks=members["talks"].get(key, []),
                definition=definition.data if definition is not None else None,
            )
        for kind, key, item in joining:
            term = terms.get(key)
            if term is not None:
                (term.posts if kind == "posts" else term.talks).append(item)
        return terms

    def _slug_clash(
        self, taxonomy: Taxonomy, name: str, other: str, slug: str, first: Post | Talk
    ) -> None:
        field_name = next((s.field for s in taxonomy.sources if s.creates), taxonomy.name)
        self._problems.append(
            Finding(
                f"{field_name} {name!r} and {other!r} give the same page name; "
                f"{name!r} gets {slug!r}",
                first.docname,
                first.line(field_name),
                Subtype.TAXONOMY,
            )
        )

    def term(self, taxonomy: str, name: str) -> Term | None:
        """The term a name stands for, or None."""
        return self.terms.get(taxonomy, {}).get(self.key(taxonomy, name))

    # -- queries -------------------------------------------------------------

    def query(self, query: PostQuery) -> list[Post]:
        found = [p for p in self.listed if self._matches(query, p)]
        if query.oldest_first:
            found.reverse()
        return found[: query.limit] if query.limit else found

    def _matches(self, query: PostQuery, post: Post) -> bool:
        asked = [("tags", query.tags), ("contributors", query.contributors), *query.terms]
        if query.category:
            asked.append(("categories", (query.category,)))
        for taxonomy, names in asked:
            if not names:
                continue
            wanted = {self.key(taxonomy, n) for n in names}
            have = {self.key(taxonomy, n) for n in self.post_names(taxonomy, post)}
            if not (wanted <= have if query.match_all else wanted & have):
                return False
        return query.year is None or post.year == query.year

    def post_names(self, taxonomy: str, post: Post) -> list[str]:
        """The names a post gives a taxonomy, from each of the taxonomy's fields of posts."""
        kind = self.taxonomies.get(taxonomy)
        fields = [s.field for s in kind.sources if s.members == "posts"] if kind else [taxonomy]
        return [name for f in fields for name in _names(post, f)]

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
            wanted = {self.key("contributors", s) for s in query.speakers}
            if not wanted & {self.key("contributors", s) for s in talk.speakers}:
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
        events = sorted(self.terms.get("events", {}).values(), key=lambda t: t.key)
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


def unpublished_posts(posts: Iterable[Post], now: datetime, settings: Settings) -> set[str]:
    """The posts that are not published: drafts (unless ``blog_drafts``), and posts held
    back until their date."""
    posts = list(posts)
    drafts = set() if settings.drafts else {p.docname for p in posts if p.draft}
    return drafts | held_back(posts, now, settings.build_future)


def held_back(posts: Iterable[Post], now: datetime, build_future: bool) -> set[str]:
    """Posts dated after the build's "now": scheduled, and held back until then, unless
    ``blog_build_future`` previews them."""
    return set() if build_future else {p.docname for p in posts if is_scheduled(p, now)}


def is_scheduled(post: Post, now: datetime) -> bool:
    """Whether a post is dated after the build's "now"."""
    return post.date is not None and post.date > now


def build_time() -> datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the
    clock. (Sphinx itself refuses a value that is not a whole number of seconds.)"""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return datetime.fromtimestamp(int(pinned), UTC) if pinned else datetime.now(UTC)
    except (ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def _names(item: Post | Talk, field: str) -> list[str]:
    """The names a field (or a key of ``params``) gives: text, or a list of texts."""
    value = getattr(item, field, None)
    if value is None:
        value = getattr(item, "params", {}).get(field)
    values = value if isinstance(value, list) else [value]
    return [
        str(v).strip()
        for v in values
        if isinstance(v, str | int | float) and not isinstance(v, bool) and str(v).strip()
    ]


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


def _duplicate(definition: Definition, first: Definition) -> Finding:
    where = first.docname or first.file
    message = f"{definition.key!r} is already defined in {where!r}; this one is ignored"
    return Finding(
        message, definition.docname, definition.line, definition.subtype, path=definition.file
    )


def listing_order(post: Post) -> tuple[object, ...]:
    weighted = post.weight != 0  # Hugo: 0 means unweighted; negative weights come first
    return (not weighted, post.weight if weighted else 0, *date_order(post))


def date_order(post: Post) -> tuple[object, ...]:
    stamp = post.date.timestamp() if post.date else float("-inf")
    return (-stamp, post.title.casefold(), post.docname)
