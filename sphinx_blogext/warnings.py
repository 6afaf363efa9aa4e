"""One way to report bad input: a located, typed Sphinx warning.

Every warning of the extension has ``type="blogext"`` and one of the
subtypes of :class:`Subtype`, so ``suppress_warnings = ["blogext.postlist"]``
silences one kind, and all of them are fatal under ``-W``. The table of
warnings in the user guide is made from :class:`Subtype`.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable

logger = logging.getLogger("sphinx_blogext")


class Subtype(enum.Enum):
    """The kinds of warning: the name, when each is reported, and what happens then.

    Names in backquotes are shown as code in the user guide.
    """

    FRONTMATTER = (
        "frontmatter",
        "The front matter is not valid YAML or not a mapping; a field has a value of the "
        "wrong kind (a date that cannot be read or does not exist, a boolean that is not "
        "true or false, a `weight` that is not a whole number, a list where text is "
        "expected, a mapping where a list is expected); text holds control characters; a "
        "key looks like a misspelt field; a `params` value is too large.",
        "The field is left unset, or the characters removed. Broken YAML is read again "
        "key by key. The post is built.",
    )
    URL = (
        "url",
        "An entry of `images`, `canonicalurl`, an avatar or a social link is not safe to "
        "put in a page: a scheme other than `http`/`https` (such as `javascript:`), no "
        "host after the scheme, or spaces, quotes, backslashes or control characters.",
        "The value is dropped.",
    )
    IMAGE = (
        "image",
        "A post's image (`images`, or `image`, `cover`, `featured_image`) names a file "
        "that does not exist (next to the post, or from the site's root), lies outside the "
        "project, or is not an image.",
        "The image is left out; cards and social metadata use the next one, if any.",
    )
    TAG = (
        "tag",
        "`blog_tags_allowed` is set and a post uses a tag outside it (case and spacing do "
        "not matter); a post has more than 100 tags; a `{tag}` role names a tag "
        "no published post has; `blog_tags_file` is unreadable or has a wrong entry.",
        "The tags are kept (listings show a post's first eight and count the others); the "
        "role's text is shown without a link; the rest of the file is used.",
    )
    FEED = (
        "feed",
        "Feeds are on (`blog_feeds`) but no `blog_baseurl` or `html_baseurl` gives the "
        "site's address. Reported once, at `conf.py`.",
        "No feed is written.",
    )
    SLUG = (
        "slug",
        "A slug is not a single safe path segment, is already used by another published "
        "post, or would land on a page or file that exists.",
        "A slug that comes from a file name wins over one written in front matter. "
        "Between two front matter slugs, the document whose name sorts first wins. No "
        "redirect is written for the other.",
    )
    ALIAS = (
        "alias",
        "An alias is not a safe path on this site, or its redirect would replace a page, "
        "a file or another redirect, or a folder that holds one (paths are compared "
        "without regard to letter case).",
        "That redirect is not written.",
    )
    ROUTE = (
        "route",
        "A document, or a file the blog writes, takes the path of another output: a page "
        "the blog generates, a feed, a calendar, an avatar, another document (two "
        "documents whose pages differ only in letter case, or `x.md` beside "
        "`x/index.md` under `dirhtml`), or a folder that holds one of them.",
        "What was there first is kept (documents before generated pages, pages before "
        "files, files before redirects); the other is not written.",
    )
    CONTRIBUTOR = (
        "contributor",
        "A contributor definition is wrong (an unknown field, an avatar that is missing, "
        "outside the project or not an image), a `{contributor}` role names nobody, or, "
        "with `blog_unknown_contributors` set to `warn` or `error`, a post names someone "
        "no definition matches.",
        "The definition keeps what can be used; the name is shown without a link.",
    )
    TALK = (
        "talk",
        "A `talk` has no title, an unknown option, a `date` or `duration` that cannot be "
        "read (or a duration that is negative, zero, longer than a month or past the end "
        "of the calendar), or a `url`, `slides` or `video` that is not `http(s)`; a "
        "`talklist` has an unknown option, a bad `limit`, an unreadable list, or both "
        "`upcoming` and `past`; a `{talk}` role names no talk.",
        "The value is left out and the card shown without it; without a title, only the "
        "abstract is shown; the role's text is shown without a link.",
    )
    TAXONOMY = (
        "taxonomy",
        "Two different tags (or categories, or terms of any taxonomy) give the same page "
        "name, such as `AI/ML` and `AI ML`.",
        "The second, in key order, gets a numbered name (`ai-ml-2`).",
    )
    POSTLIST = (
        "postlist",
        "A `postlist` has an unknown option, a `year` or `limit` that is not a positive "
        "whole number in range, a `format` other than `list`, `excerpts` or `cards`, or "
        "unreadable `tags`/`contributors`.",
        "The option is ignored, and the list is built from the others.",
    )
    CONFIG = (
        "config",
        "A `blog_*` setting in `conf.py` has the wrong type or a bad value: an unknown "
        "`blog_timezone`, a `blog_path` that is not a relative folder, a number that is "
        "not positive, a `blog_baseurl` that is not an absolute http(s) URL; or settings "
        "that cannot work together: `blog_sitemap = True` without a base URL, or beside "
        "sphinx-sitemap; a `blog_source_repository` whose host or address is not a "
        "repository's; `blog_git_dates` where git cannot be read (not a repository, no git, "
        "a shallow clone).",
        "The default is used, and the message says which (no sitemap of the blog's own for "
        "the latter).",
    )
    THEME = (
        "theme",
        "An option of the `blogext` theme is wrong: a colour that is not a CSS colour, "
        "a navigation or social link that is not a (label, target) pair, a link to a "
        "script or to no page, an unknown Pygments style.",
        "The option or the link is left out.",
    )

    def __init__(self, code: str, when: str, then: str) -> None:
        self.code = code
        self.when = when
        self.then = then

    def __str__(self) -> str:
        return self.code


def warn(
    message: str,
    *,
    subtype: Subtype,
    docname: str | None = None,
    line: int | None = None,
    path: str | None = None,
    error: bool = False,
) -> None:
    """Report ``message`` at a document's line, or at a line of another file (``path``)."""
    location: tuple[str, int | None] | str | None = (docname, line) if docname else None
    if path:
        location = f"{path}:{line}" if line else path
    # one line per warning, whatever the input put into the message
    message = " ".join(message.split())
    log = logger.error if error else logger.warning
    log(message, location=location, type="blogext", subtype=subtype.code)


@dataclass(frozen=True)
class Finding:
    """A problem found after reading, when the whole blog is known."""

    message: str
    docname: str
    line: int | None
    subtype: Subtype
    #: a file that is not a document, such as ``blog_contributors_file``
    path: str = ""
    error: bool = False


def report(findings: Iterable[Finding]) -> None:
    for finding in findings:
        warn(
            finding.message,
            subtype=finding.subtype,
            docname=finding.docname or None,
            line=finding.line,
            path=finding.path or None,
            error=finding.error,
        )


def unknown_hint(name: str, known: list[str] | tuple[str, ...]) -> str:
    """The closest known name, or else the list of them, for an unknown option."""
    return suggestion(name, list(known)) or f" (known: {', '.join(known)})"


def suggestion(name: str, known: list[str]) -> str:
    """``; did you mean 'X'?`` for the known name closest to ``name``, or ""."""
    folded = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
    return f"; did you mean {folded[close[0]]!r}?" if close else ""
