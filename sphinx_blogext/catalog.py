"""The catalog: every post in order, with years and taxonomies.

It is derived from the posts stored in the environment and rebuilt when
they change, never stored itself. Listings, post pages, routes and (later)
feeds read posts only through it, so there is one answer to "which posts,
in which order, under which term".

A taxonomy (tags, categories, contributors) groups posts into terms. Each
term has a key (its identity), a display name, a URL slug and its posts:

* tags and categories are the same term when they differ only in letter case
  or spacing; the display name is the most used spelling;
* contributors are the same when their names give the same slug, so
  "Lorena Martínez" and "lorena martinez" are one person;
* slugs keep ``+``, ``#`` and ``&`` apart (``c-plus-plus``, ``c-sharp``, ``c``);
  two different terms that still end up with one slug are told apart by a
  numbered suffix, in key order, and reported.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

from slugify import slugify

from .urls import is_device_name
from .warnings import Finding

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from .model import Contributor, Post, PostQuery, TagInfo

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


TAXONOMIES = (
    Taxonomy("tags", "tags", tag_key, term_slug),
    Taxonomy("categories", "categories", tag_key, term_slug),
    Taxonomy("contributors", "contributors", name_key, str),
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


class Catalog:
    """The published posts in order, with the look-ups listings need."""

    def __init__(
        self,
        posts: Iterable[Post],
        contributors: Iterable[Contributor] = (),
        tag_info: dict[str, TagInfo] | None = None,
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
        return self._terms

    @property
    def problems(self) -> list[Finding]:
        """Clashes found while making the terms."""
        self.terms  # noqa: B018 - the terms find the problems
        return self._problems

    def _collect(self, taxonomy: Taxonomy) -> dict[str, Term]:
        key_of = self.contributor_key if taxonomy.name == "contributors" else taxonomy.key
        spellings: dict[str, Counter[str]] = {}
        members: dict[str, list[Post]] = {}
        for post in self.listed:
            seen: set[str] = set()
            for name in getattr(post, taxonomy.field):
                key = key_of(name)
                spellings.setdefault(key, Counter())[name] += 1
                if key not in seen:
                    seen.add(key)
                    members.setdefault(key, []).append(post)
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
            terms[key] = Term(
                taxonomy.name, key, name, slug, members.get(key, []), definition, info
            )
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
        self, taxonomy: Taxonomy, name: str, other: str, slug: str, first: Post
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
