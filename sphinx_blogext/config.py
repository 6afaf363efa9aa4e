"""Configuration values, validated once when the configuration is read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sphinx.util import logging

from .urls import unsafe_url_reason
from .warnings import warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    types: tuple[type, ...]
    help: str
    #: returns an error message for a bad value, or None
    check: Callable[[Any], str | None] | None = None


def _positive(value: Any) -> str | None:
    return None if isinstance(value, int) and value > 0 else "must be a positive integer"


def _not_negative(value: Any) -> str | None:
    return None if isinstance(value, int) and value >= 0 else "must be zero or more"


def _timezone(value: Any) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return f"unknown time zone {value!r}"
    return None


def _base_url(value: Any) -> str | None:
    if value and (unsafe_url_reason(value) or not value.startswith(("http://", "https://"))):
        return "must be an absolute http(s) URL such as 'https://example.org/docs/'"
    return None


def _path(value: Any) -> str | None:
    parts = str(value).strip("/").split("/")
    if not value or any(p in ("", ".", "..") for p in parts):
        return "must be a relative folder such as 'blog'"
    return None


def _optional_path(value: Any) -> str | None:
    return _path(value) if value else None


#: Feed formats and their file names.
FEED_FORMATS = ("atom", "rss", "json")


def _feeds(value: Any) -> str | None:
    unknown = [v for v in value if v not in FEED_FORMATS]
    return f"unknown formats {unknown!r}; choose from {FEED_FORMATS}" if unknown else None


def _policy(value: Any) -> str | None:
    return None if value in UNKNOWN_CONTRIBUTORS else f"must be one of {UNKNOWN_CONTRIBUTORS}"


#: What to do with a name in ``contributors`` that no definition matches.
UNKNOWN_CONTRIBUTORS = ("create", "warn", "error")

OPTIONS = (
    Option("blog_path", "blog", (str,), "Folder (URL path) of the blog index and archives.", _path),
    Option("blog_title", "Blog", (str,), "Title of the blog index page."),
    Option(
        "blog_post_pattern",
        ["blog/**"],
        (list, tuple, str),
        "Glob patterns of the documents that are posts.",
    ),
    Option("blog_posts_per_page", 10, (int,), "Posts per blog index page.", _positive),
    Option("blog_timezone", "UTC", (str,), "Time zone of dates written without one.", _timezone),
    Option("blog_drafts", False, (bool,), "Publish draft pages (never listed)."),
    Option("blog_related_posts", 3, (int,), "Related posts under each post.", _not_negative),
    Option("blog_words_per_minute", 200, (int,), "Reading speed for reading time.", _positive),
    Option("blog_excerpt_words", 50, (int,), "Words of the first paragraph excerpt.", _positive),
    Option("blog_date_format", "long", (str,), "Babel date format: short/medium/long or pattern."),
    Option(
        "blog_tags_allowed",
        None,
        (list, tuple, bool, type(None)),
        "Allowed tags: a list, True for the tags of blog_tags_file, None for any.",
    ),
    Option(
        "blog_tags_file",
        None,
        (str, type(None)),
        "A YAML file giving tags a label and a description, relative to conf.py.",
    ),
    Option(
        "blog_tags_path",
        "",
        (str,),
        "Folder (URL path) of the tag pages and their overview; <blog_path>/tags when empty.",
        _optional_path,
    ),
    Option(
        "blog_contributors_path",
        "contributors",
        (str,),
        "Folder (URL path) of the contributor pages and their overview.",
        _path,
    ),
    Option(
        "blog_contributors_file",
        None,
        (str, type(None)),
        "A YAML file defining contributors, relative to conf.py.",
    ),
    Option(
        "blog_unknown_contributors",
        "create",
        (str,),
        "A name no contributor definition matches: create a page, warn or error.",
        _policy,
    ),
    Option(
        "blog_baseurl",
        "",
        (str,),
        "Absolute URL of the published site; html_baseurl when empty.",
        _base_url,
    ),
    Option(
        "blog_description",
        "",
        (str,),
        "One sentence about the blog, for feeds and social previews.",
    ),
    Option(
        "blog_feeds",
        ["atom", "rss", "json"],
        (list, tuple),
        "Feed formats to write: any of atom, rss and json; [] for none.",
        _feeds,
    ),
    Option(
        "blog_talks_path",
        "talks",
        (str,),
        "Folder (URL path) of the talks index and the talk calendars.",
        _path,
    ),
    Option("blog_feed_length", 20, (int,), "Newest posts in each feed.", _positive),
    Option(
        "blog_feed_fulltext",
        True,
        (bool,),
        "Feeds carry each post's full content; False: its excerpt.",
    ),
)

DEFAULTS = {o.name: o.default for o in OPTIONS}


def validate_config(app: Sphinx, config: Config) -> None:
    """Replace bad values by their default, with a typed warning."""
    for option in OPTIONS:
        value = config[option.name]
        problem = None
        # True is an int to Python, not to a reader of conf.py
        if not isinstance(value, option.types) or (
            isinstance(value, bool) and bool not in option.types
        ):
            problem = f"expected {' or '.join(t.__name__ for t in option.types)}"
        elif option.check is not None:
            problem = option.check(value)
        if problem:
            warn(
                f"{option.name} = {value!r}: {problem}; using {option.default!r}",
                subtype="config",
            )
            config[option.name] = option.default
    if isinstance(config.blog_post_pattern, str):
        config.blog_post_pattern = [config.blog_post_pattern]
    config.blog_path = config.blog_path.strip("/")
    config.blog_contributors_path = config.blog_contributors_path.strip("/")
    config.blog_talks_path = config.blog_talks_path.strip("/")
    config.blog_tags_path = config.blog_tags_path.strip("/") or f"{config.blog_path}/tags"
    config.blog_feeds = list(dict.fromkeys(config.blog_feeds))


def setup_config(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, "env", types=option.types)
    app.connect("config-inited", validate_config, priority=200)
