"""Configuration: every ``blog_*`` value, read and validated once into :class:`Settings`.

Each field of :class:`Settings` is one row of the table: the value's name in
``conf.py`` is ``blog_`` and the field's name; the field carries its default,
the types ``conf.py`` may give, a help text and a check. Values are read when
the configuration is (``config-inited``); a bad one is reported once and
replaced by its default, and the rest of the extension reads the typed
:class:`Settings`, never ``config.blog_*``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .digest import digest
from .urls import unsafe_url_reason
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: Feed formats, in the order they are offered.
FEED_FORMATS = ("atom", "rss", "json")
#: What to do with a name in ``contributors`` that no definition matches.
UNKNOWN_CONTRIBUTORS = ("create", "warn", "error")


def _positive(value: Any) -> str | None:
    return None if isinstance(value, int) and value > 0 else "must be a positive integer"


def _positive_or_none(value: Any) -> str | None:
    return None if value is None else _positive(value)


def _formats(value: Any) -> str | None:
    bad = [v for v in value if not isinstance(v, str) or "%" not in v]
    return f"{bad!r} are not strptime formats such as '%d %B %Y'" if bad else None


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


def _feeds(value: Any) -> str | None:
    unknown = [v for v in value if v not in FEED_FORMATS]
    return f"unknown formats {unknown!r}; choose from {FEED_FORMATS}" if unknown else None


#: The colours of a social card that ``blog_social_card_colors`` may set.
CARD_COLORS = ("background", "text", "muted", "accent")


def _card_colors(value: Any) -> str | None:
    from PIL import ImageColor

    for key, colour in value.items():
        if key not in CARD_COLORS:
            return f"unknown colour {key!r}; choose from {CARD_COLORS}"
        try:
            ImageColor.getrgb(str(colour))
        except ValueError:
            return f"{key}: {colour!r} is not a colour such as '#1f6feb' or 'rgb(31, 111, 235)'"
    return None


def _hook(value: Any) -> str | None:
    if value and not re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*", value):
        return "must name a function as 'module:function'"
    return None


def _policy(value: Any) -> str | None:
    return None if value in UNKNOWN_CONTRIBUTORS else f"must be one of {UNKNOWN_CONTRIBUTORS}"


def setting(
    default: Any,
    types: tuple[type, ...],
    help: str,
    check: Callable[[Any], str | None] | None = None,
) -> Any:
    """A ``blog_*`` value: its default in ``conf.py``, the types it may have, its help text
    and a check that returns what is wrong with a value, or None."""
    metadata = {"default": default, "types": types, "help": help, "check": check}
    frozen = tuple(default) if isinstance(default, list | dict) else default
    return field(default=frozen, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    """The blog's configuration, checked. Read it with :func:`settings`."""

    path: str = setting("blog", (str,), "Folder (URL path) of the blog index and archives.", _path)
    title: str = setting("Blog", (str,), "Title of the blog index page.")
    post_pattern: tuple[str, ...] = setting(
        ["blog/**"],
        (list, tuple, str),
        "Glob patterns of the documents that are posts (document names, or source files "
        "as ABlog writes them: posts/*.md).",
    )
    posts_per_page: int = setting(10, (int,), "Posts per blog index page.", _positive)
    timezone: str = setting("UTC", (str,), "Time zone of dates written without one.", _timezone)
    drafts: bool = setting(False, (bool,), "Publish draft pages (never listed).")
    related_posts: int = setting(3, (int,), "Related posts under each post.", _not_negative)
    post_cover: bool = setting(
        True, (bool,), "Show a post's image (its cover) under its title, unless its body does."
    )
    words_per_minute: int = setting(200, (int,), "Reading speed for reading time.", _positive)
    excerpt_words: int = setting(50, (int,), "Words of the first paragraph excerpt.", _positive)
    date_format: str = setting("long", (str,), "Babel date format: short/medium/long or a pattern.")
    tags_allowed: tuple[str, ...] | bool | None = setting(
        None,
        (list, tuple, bool, type(None)),
        "Allowed tags: a list, True for the tags of blog_tags_file, None for any.",
    )
    tags_file: str | None = setting(
        None, (str, type(None)), "A YAML file giving tags a label and a description."
    )
    tags_path: str = setting(
        "",
        (str,),
        "Folder (URL path) of the tag pages and their overview; <blog_path>/tags when empty.",
        _optional_path,
    )
    categories_path: str = setting(
        "",
        (str,),
        "Folder (URL path) of the category pages and their overview; <blog_path>/categories "
        "when empty.",
        _optional_path,
    )
    contributors_path: str = setting(
        "contributors",
        (str,),
        "Folder (URL path) of the contributor pages and their overview.",
        _path,
    )
    events_file: str | None = setting(
        None, (str, type(None)), "A YAML file describing events (conferences), relative to conf.py."
    )
    contributors_file: str | None = setting(
        None, (str, type(None)), "A YAML file defining contributors, relative to conf.py."
    )
    unknown_contributors: str = setting(
        "create",
        (str,),
        "A name no contributor definition matches: create a page, warn or error.",
        _policy,
    )
    baseurl: str = setting(
        "", (str,), "Absolute URL of the published site; html_baseurl when empty.", _base_url
    )
    description: str = setting(
        "", (str,), "One sentence about the blog, for feeds and social previews."
    )
    feeds: tuple[str, ...] = setting(
        ["atom", "rss", "json"],
        (list, tuple),
        "Feed formats to write: any of atom, rss and json; [] for none.",
        _feeds,
    )
    talks_path: str = setting(
        "talks", (str,), "Folder (URL path) of the talks index and the talk calendars.", _path
    )
    feed_length: int | None = setting(
        20, (int, type(None)), "Newest posts in each feed; None: every post.", _positive_or_none
    )
    feed_fulltext: bool = setting(
        True, (bool,), "Feeds carry each post's full content; False: its excerpt."
    )
    date_input_formats: tuple[str, ...] = setting(
        [],
        (list, tuple),
        "strptime formats for dates that are not ISO 8601, tried before the general reader "
        "(ABlog's post_date_format is tried first).",
        _formats,
    )
    social_cards: bool | None = setting(
        None,
        (bool, type(None)),
        "Make a 1200x630 preview picture for each post, tag page, contributor page and talk; "
        "None: when the site has a base URL.",
    )
    social_card_scheme: str = setting(
        "light",
        (str,),
        "The social cards' palette: 'light' or 'dark' (the theme's, with its accent colour).",
        lambda value: None if value in ("light", "dark") else "must be 'light' or 'dark'",
    )
    social_card_colors: tuple[tuple[str, str], ...] = setting(
        {},
        (dict,),
        "Colours of the social cards (background, text, muted, accent); empty: the theme's.",
        _card_colors,
    )
    social_card_hook: str = setting(
        "",
        (str,),
        "A function ('module:function') that draws social cards instead of the blog.",
        _hook,
    )
    build_future: bool = setting(
        False,
        (bool,),
        "Publish posts dated in the future (previews): marked as scheduled and noindex.",
    )
    series_path: str = setting(
        "", (str,), "Folder (URL path) of the series pages; <blog_path>/series when empty.",
        _optional_path,
    )  # fmt: skip
    git_dates: bool = setting(
        False,
        (bool,),
        "A post without lastmod (or date) takes it from the last (or first) git commit of "
        "its source.",
    )
    source_repository: str = setting(
        "",
        (str,),
        "The address of the project's repository (GitHub, GitLab, Codeberg/Forgejo, "
        "Bitbucket), for edit and view-source links.",
        _base_url,
    )
    source_branch: str = setting("main", (str,), "The repository's branch the site is built from.")
    source_directory: str = setting(
        "", (str,), "The folder of conf.py in the repository ('docs/'); '' for its root."
    )
    sitemap: bool | None = setting(
        None,
        (bool, type(None)),
        "Write sitemap.xml (and robots.txt when the project has none); None: when the site "
        "has a base URL and sphinx-sitemap is not enabled.",
    )
    ablog: bool | None = setting(
        None,
        (bool, type(None)),
        "Read the project as an ABlog site (undated posts are drafts, no default post "
        "pattern); None: when conf.py sets one of ABlog's own options.",
    )

    @property
    def zone(self) -> ZoneInfo:
        """The time zone of dates written without one."""
        return _zone(self.timezone)

    @functools.cached_property
    def digest(self) -> str:
        """What every output depends on of the configuration."""
        return digest(self)


@functools.cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


#: The rows of the table: (name in conf.py, field).
OPTIONS: tuple[tuple[str, dataclasses.Field[Any]], ...] = tuple(
    (f"blog_{f.name}", f) for f in dataclasses.fields(Settings)
)


def read_settings(config: Config) -> tuple[Settings, list[str]]:
    """The settings of ``config``, and what is wrong with its values (each replaced by
    its default)."""
    values: dict[str, Any] = {}
    problems = []
    for name, spec in OPTIONS:
        value = config[name]
        types, check, default = (spec.metadata[k] for k in ("types", "check", "default"))
        problem = None
        # True is an int to Python, not to a reader of conf.py
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            problem = f"expected {' or '.join(t.__name__ for t in types)}"
        elif check is not None:
            problem = check(value)
        if problem:
            problems.append(f"{name} = {value!r}: {problem}; using {default!r}")
            value = default
        values[spec.name] = value
    if isinstance(values["post_pattern"], str):
        values["post_pattern"] = [values["post_pattern"]]
    values["post_pattern"] = tuple(values["post_pattern"])
    for name in ("path", "contributors_path", "talks_path", "tags_path", "categories_path"):
        values[name] = values[name].strip("/")
    values["tags_path"] = values["tags_path"] or f"{values['path']}/tags"
    values["series_path"] = values["series_path"].strip("/") or f"{values['path']}/series"
    values["categories_path"] = values["categories_path"] or f"{values['path']}/categories"
    values["date_input_formats"] = tuple(values["date_input_formats"])
    values["feeds"] = tuple(dict.fromkeys(values["feeds"]))
    colours = values["social_card_colors"]
    if isinstance(colours, dict):
        values["social_card_colors"] = tuple(sorted((str(k), str(v)) for k, v in colours.items()))
    if isinstance(values["tags_allowed"], list):
        values["tags_allowed"] = tuple(values["tags_allowed"])
    base = values["baseurl"] or getattr(config, "html_baseurl", "") or ""
    values["baseurl"] = base if not base or base.endswith("/") else base + "/"
    return Settings(**values), problems


def conf_line(confdir: str | Path, name: str) -> tuple[str, int]:
    """conf.py, and the line that sets ``name`` (1 when none does)."""
    conf = Path(confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return str(conf), 1
    pattern = re.compile(rf"\s*{re.escape(name)}\s*(=|\[|\.)")
    return str(conf), next((n for n, text in enumerate(lines, 1) if pattern.match(text)), 1)


def settings(env: BuildEnvironment) -> Settings:
    """The settings of the build ``env`` belongs to."""
    found: Settings | None = getattr(env, "blogext_settings", None)
    if found is None:
        # an environment made outside a build (tests): read without reporting
        found = read_settings(env.config)[0]
        env.blogext_settings = found  # type: ignore[attr-defined]
    return found


def _validate(app: Sphinx, config: Config) -> None:
    from .registry import registry

    found, problems = read_settings(config)
    for problem in problems:
        warn(problem, subtype=Subtype.CONFIG)
    registry(app).settings = found


def _hand_to_environment(app: Sphinx) -> None:
    from .registry import registry

    app.env.blogext_settings = registry(app).settings  # type: ignore[attr-defined]


def setup_config(app: Sphinx) -> None:
    for name, spec in OPTIONS:
        app.add_config_value(name, spec.metadata["default"], "env", types=spec.metadata["types"])
    app.connect("config-inited", _validate, priority=200)
    app.connect("builder-inited", _hand_to_environment, priority=100)
