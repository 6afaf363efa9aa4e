"""ABlog compatibility: an ABlog project builds unchanged with ``sphinx_blogext``.

ABlog's post forms (``.. post:: DATE``, ``blogpost: true``) are read by
:mod:`.posts`, its dates by :mod:`.frontmatter`. This module gives them
ABlog's meanings and keeps the rest of an ABlog site working:

- its configuration values (``blog_authors``, ``blog_default_author``,
  ``blog_locations`` …): each is mapped, or accepted with one note at its
  line of ``conf.py`` saying it has no meaning here;
- what a post means to ABlog: no date makes a draft, default authors,
  locations and languages, ``excerpt: N`` paragraphs, ``redirect`` pages,
  ``update`` notes that date the post's last change;
- locations and languages as taxonomies, with pages when the project lists
  them in ``blog_locations``/``blog_languages``;
- ABlog's addresses (its archive pages, its ``blog.html``, the year pages)
  as redirects to ours, and its feeds (``atom.xml`` in each archive with
  ``blog_feed_archives``) as feeds at the same addresses;
- its labels in ``:ref:`` (``blog-posts``, ``tag-python`` …);
- its sidebar templates (``ablog/recentposts.html`` …) drawn from our data.

A project is an ABlog site when its ``conf.py`` sets one of ABlog's own
options or names an ``ablog/`` sidebar, or says ``blog_ablog = True``. Then
the post pattern has no default (posts are the documents that say so, as in
ABlog) and tags, categories and contributors live where ABlog put them
(``blog/tag``, ``blog/category``, ``blog/author``). Posts written in ABlog's
form get ABlog's meanings in any project.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import _sphinx_compat as compat
from . import frontmatter
from .catalog import Definition, Source, Taxonomy, add_definitions, add_taxonomy, tag_key, term_slug
from .config import conf_line, settings
from .digest import View, view
from .model import Contributor, blog_data
from .outputs import add_files, add_page_data, add_site_data, state_of
from .pages import TermPages, add_term_pages, redirect_file
from .people import definition_slug, social_url
from .registry import builder_registry, registry
from .routes import FEED, POSTS, Layer, RouteKind, add_route_family
from .urls import file_slug, path_problem
from .views import CloudTag, TextLink, strftime
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .catalog import Term
    from .config import Settings
    from .model import BlogData, Post
    from .outputs import BuildState, FileOutput
    from .routes import Route, RouteTable, Subject

_ = get_translation("sphinx_blogext")
logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates_ablog"

#: ABlog's options that sphinx-blogext has no option of its own for, with ABlog's
#: defaults. (``blog_path``, ``blog_title``, ``blog_baseurl``, ``blog_post_pattern``,
#: ``blog_feed_fulltext`` and ``blog_feed_length`` are ours too, with the same meaning.)
ABLOG_ONLY: dict[str, Any] = {
    "blog_archive_titles": None,
    "blog_authors": {},
    "blog_default_author": None,
    "blog_default_language": None,
    "blog_default_location": None,
    "blog_feed_archives": False,
    "blog_feed_subtitle": None,
    "blog_feed_templates": {"atom": {}},
    "blog_feed_titles": None,
    "blog_languages": {},
    "blog_locations": {},
    "disqus_drafts": False,
    "disqus_pages": False,
    "disqus_shortname": None,
    "fontawesome_css_file": "",
    "fontawesome_included": False,
    "fontawesome_link_cdn": None,
    "post_always_section": False,
    "post_auto_excerpt": 1,
    "post_auto_image": 0,
    "post_auto_orphan": True,
    "post_date_format": "%d %B %Y",
    "post_date_format_short": "%d %B",
    "post_redirect_refresh": 5,
    "post_show_prev_next": True,
    "skip_injecting_base_ablog_templates": False,
}

#: Options with no meaning here: the note given when ``conf.py`` sets one (to a value
#: other than ABlog's default).
_NO_MEANING = {
    "blog_archive_titles": "archive pages here list each post with its date and excerpt",
    "disqus_drafts": "comments are not part of sphinx-blogext",
    "disqus_pages": "comments are not part of sphinx-blogext",
    "disqus_shortname": "comments are not part of sphinx-blogext",
    "fontawesome_css_file": "the ablog/ sidebar templates here use no icon font",
    "fontawesome_included": "the ablog/ sidebar templates here use no icon font",
    "fontawesome_link_cdn": "the ablog/ sidebar templates here use no icon font",
    "post_always_section": "each post here is a page of its own",
    "post_auto_image": "a post's image is the first of its `images` front matter",
    "post_auto_orphan": "posts are always reached through listings, not the toctree",
    "post_redirect_refresh": "redirect pages here send readers on at once",
    "post_show_prev_next": "posts always link to the previous and the next",
    "skip_injecting_base_ablog_templates": (
        "the ablog/ sidebar templates are always there; yours in templates_path win"
    ),
}
#: ABlog's catalogs: our taxonomy; the folder of ABlog's pages, which is also the prefix
#: of its terms' labels; ABlog's name of the catalog (its label is ``blog-<name>``, its
#: sidebar ``ablog/<name>.html``) and its heading
CATALOGS = (
    ("tags", "tag", "tags", lambda: _("Tags")),
    ("categories", "category", "categories", lambda: _("Categories")),
    ("contributors", "author", "authors", lambda: _("Authors")),
    ("locations", "location", "locations", lambda: _("Locations")),
    ("languages", "language", "languages", lambda: _("Languages")),
)
#: ABlog's labels of the blog's pages: label -> section
_SECTION_LABELS = {
    "blog-posts": "blog",
    "blog-drafts": "blog",
    "blog-archives": "archive",
    **{f"blog-{name}": taxonomy for taxonomy, _folder, name, _heading in CATALOGS},
}
_REST_WORDS = re.compile(r"[^\w\s-]")
_DASHES = re.compile(r"[-\s]+")

ADDRESS = RouteKind("ablog-address", Layer.REDIRECT, Subtype.ROUTE)
POST_REDIRECT = RouteKind("ablog-redirect", Layer.REDIRECT, Subtype.ALIAS)


def ablog_slug(name: str) -> str:
    """The slug ABlog gives a name in its addresses and labels."""
    text = _REST_WORDS.sub("", unicodedata.normalize("NFKD", name)).strip().lower()
    return _DASHES.sub("-", text)


# -- configuration -------------------------------------------------------------------


@dataclass(frozen=True)
class AblogConfig:
    """What ABlog's options say, checked."""

    #: whether the project is read as an ABlog site
    enabled: bool = False
    #: label -> (full name, URL or "") of ``blog_authors``, ``blog_locations``,
    #: ``blog_languages``
    authors: tuple[tuple[str, str, str], ...] = ()
    locations: tuple[tuple[str, str, str], ...] = ()
    languages: tuple[tuple[str, str, str], ...] = ()
    default_author: tuple[str, ...] = ()
    default_location: tuple[str, ...] = ()
    default_language: tuple[str, ...] = ()
    feed_archives: bool = False
    #: the names of ABlog's feeds (the keys of ``blog_feed_templates``)
    feed_roots: tuple[str, ...] = ("atom",)
    date_format: str = "%d %B %Y"
    date_format_short: str = "%d %B"
    auto_excerpt: int = 1
    #: whether an ``ablog/`` sidebar template is named in ``html_sidebars``
    sidebars: bool = False


def read_ablog_config(
    config: Config, enabled: bool | None
) -> tuple[AblogConfig, list[tuple[str, str]]]:
    """ABlog's options of ``config``, and what is wrong with them: (option, message), each
    value left out."""
    problems: list[tuple[str, str]] = []

    def named(name: str) -> tuple[tuple[str, str, str], ...]:
        value = config[name]
        if not isinstance(value, dict):
            problems.append((name, f"{name} must be a dict of name: (full name, URL or None)"))
            return ()
        found = []
        for label, entry in value.items():
            pair = entry if isinstance(entry, list | tuple) and len(entry) == 2 else None
            if not isinstance(label, str) or pair is None or not isinstance(pair[0], str):
                problems.append(
                    (name, f"{name}[{label!r}] must be (full name, URL or None), got {entry!r:.80}")
                )
                continue
            url = pair[1] or ""
            if url:
                try:
                    url = social_url("website", str(url))
                except ValueError as exc:
                    problems.append((name, f"{name}[{label!r}]: {exc}; the link is left out"))
                    url = ""
            found.append((label, pair[0], url))
        return tuple(found)

    def names(name: str, known: tuple[tuple[str, str, str], ...], source: str) -> tuple[str, ...]:
        value = config[name]
        values = [value] if isinstance(value, str) else value if value else []
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            problems.append((name, f"{name} must be a name or a list of names, got {value!r:.80}"))
            return ()
        labels = {label for label, _n, _u in known}
        for unknown in [v for v in values if v not in labels]:
            problems.append((name, f"{name}: {unknown!r} is not a key of {source}"))
        return tuple(values)

    def number(name: str) -> int:
        value = config[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append((name, f"{name} must be zero or more, got {value!r:.40}"))
            return int(ABLOG_ONLY[name])
        return value

    def date_format(name: str) -> str:
        value = config[name]
        if not isinstance(value, str) or "%" not in value:
            problems.append((name, f"{name} must be a strftime format such as '%d %B %Y'"))
            return str(ABLOG_ONLY[name])
        return value

    authors, locations = named("blog_authors"), named("blog_locations")
    languages = named("blog_languages")
    templates = config["blog_feed_templates"]
    roots: tuple[str, ...] = ("atom",)
    if isinstance(templates, dict) and all(
        isinstance(k, str) and re.fullmatch(r"[\w.-]{1,60}", k) for k in templates
    ):
        roots = tuple(templates)
    else:
        problems.append(
            (
                "blog_feed_templates",
                "blog_feed_templates must be a dict of feed names such as 'atom'",
            )
        )
    sidebars = _names_ablog_sidebar(getattr(config, "html_sidebars", {}))
    if enabled is None:
        enabled = sidebars or any(compat.set_in_conf(config, name) for name in ABLOG_ONLY)
    found = AblogConfig(
        enabled=enabled,
        authors=authors,
        locations=locations,
        languages=languages,
        default_author=names("blog_default_author", authors, "blog_authors"),
        default_location=names("blog_default_location", locations, "blog_locations"),
        default_language=names("blog_default_language", languages, "blog_languages"),
        feed_archives=bool(config["blog_feed_archives"]),
        feed_roots=roots,
        date_format=date_format("post_date_format"),
        date_format_short=date_format("post_date_format_short"),
        auto_excerpt=number("post_auto_excerpt"),
        sidebars=sidebars,
    )
    return found, problems


def _names_ablog_sidebar(sidebars: Any) -> bool:
    if not isinstance(sidebars, dict):
        return False
    for value in sidebars.values():
        names = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(n, str) and n.startswith("ablog/") for n in names):
            return True
    return False


def ablog_settings(found: Settings, config: Config, ablog: AblogConfig) -> Settings:
    """Our settings, with what ABlog's options and an ABlog site's defaults change."""
    changes: dict[str, Any] = {}
    if ablog.enabled:
        changes["ablog"] = True
        if not compat.set_in_conf(config, "blog_post_pattern"):
            changes["post_pattern"] = ()
        for field, folder in (
            ("tags_path", "tag"),
            ("categories_path", "category"),
            ("contributors_path", "author"),
        ):
            if not compat.set_in_conf(config, f"blog_{field}"):
                changes[field] = f"{found.path}/{folder}"
    if config["blog_feed_titles"] and not compat.set_in_conf(config, "blog_feed_fulltext"):
        changes["feed_fulltext"] = False
    subtitle = config["blog_feed_subtitle"]
    if isinstance(subtitle, str) and subtitle.strip() and not found.description:
        changes["description"] = " ".join(subtitle.split())
    if ablog.date_format not in found.date_input_formats:
        changes["date_input_formats"] = (ablog.date_format, *found.date_input_formats)
    return dataclasses.replace(found, **changes) if changes else found


def _read_config(app: Sphinx, config: Config) -> None:
    """``config-inited``, after our own settings are read: ABlog's options."""
    found = registry(app)
    assert found.settings is not None
    ablog, problems = read_ablog_config(config, found.settings.ablog)
    for name, problem in problems:
        path, line = conf_line(app.confdir, name)
        warn(problem, subtype=Subtype.CONFIG, path=path, line=line)
    for name, why in _NO_MEANING.items():
        if compat.set_in_conf(config, name) and config[name] != ABLOG_ONLY[name]:
            path, line = conf_line(app.confdir, name)
            logger.info(
                f"note: {name} has no effect with sphinx-blogext: {why}", location=f"{path}:{line}"
            )
    templates = config["blog_feed_templates"]
    if isinstance(templates, dict) and any(templates.values()):
        path, line = conf_line(app.confdir, "blog_feed_templates")
        logger.info(
            "note: the entry templates of blog_feed_templates are not used by sphinx-blogext; "
            "each of its names still gets its Atom feed",
            location=f"{path}:{line}",
        )
    found.features["ablog"] = ablog
    found.settings = ablog_settings(found.settings, config, ablog)
    # the ablog/ sidebars, after the project's own templates (which win)
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def ablog_config(builder_or_app: Builder | Sphinx) -> AblogConfig:
    from sphinx.application import Sphinx

    if isinstance(builder_or_app, Sphinx):
        found = registry(builder_or_app).features.get("ablog")
    else:
        found = builder_registry(builder_or_app).features.get("ablog")
    return found if isinstance(found, AblogConfig) else AblogConfig()


# -- what a post means to ABlog ---------------------------------------------------------


def _split(value: Any) -> list[str]:
    """ABlog's lists: comma-separated text, or a YAML list."""
    values = value if isinstance(value, list) else str(value).split(",") if value else []
    return [" ".join(str(v).split()) for v in values if isinstance(v, str | int) and str(v).strip()]


def read_ablog_post(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, before the post is finished: ABlog's meanings of its fields."""
    env = app.env
    post = blog_data(env).posts.get(env.docname)
    ablog = ablog_config(app)
    if post is None or not (ablog.enabled or post.form == "ablog"):
        return
    params = post.params
    for key in ("location", "language", "redirect"):
        if key in params:
            params[key] = _split(params[key])
    if params.get("redirect"):
        params["redirect"] = _safe_pages(env, post, params["redirect"])
    if post.date is None:
        post.draft = True
    if not post.contributors and ablog.default_author:
        post.contributors = list(ablog.default_author)
    for key, default in (
        ("location", ablog.default_location),
        ("language", ablog.default_language),
    ):
        if not params.get(key) and default:
            params[key] = list(default)
    if not post.excerpt:
        post.excerpt = _paragraphs(doctree, _excerpt_count(env, post, ablog))
    updates = [_update_date(node) for node in doctree.findall(nodes.admonition)]
    latest = max((d for d in updates if d is not None), default=None)
    if latest is not None and (post.lastmod is None or latest > post.lastmod):
        post.lastmod = latest


def _safe_pages(env: BuildEnvironment, post: Post, names: list[str]) -> list[str]:
    """The pages of ``redirect`` that can be written inside the site; the others are
    reported and left out."""
    safe = []
    for name in names:
        problem = path_problem(name.strip("/")) if name.strip("/") else "an empty page name"
        if problem is None:
            safe.append(name.strip("/"))
        else:
            warn(
                f"redirect: {problem}; left out",
                subtype=Subtype.ALIAS,
                docname=env.docname,
                line=post.line("redirect"),
            )
    return safe


def _excerpt_count(env: BuildEnvironment, post: Post, ablog: AblogConfig) -> int:
    raw = post.params.get("excerpt")
    if raw is None or raw == "":
        return ablog.auto_excerpt
    try:
        count = int(str(raw).strip())
    except ValueError:
        count = -1
    if count < 0:
        warn(
            f"excerpt must be a number of paragraphs, got {frontmatter.describe(raw)}",
            subtype=Subtype.FRONTMATTER,
            docname=env.docname,
            line=post.line("excerpt"),
        )
        return ablog.auto_excerpt
    return count


def _paragraphs(doctree: nodes.document, count: int) -> str:
    """The text of the body's first ``count`` paragraphs (ABlog's excerpt)."""
    found: list[str] = []
    for paragraph in doctree.findall(nodes.paragraph):
        if len(found) >= count:
            break
        if isinstance(paragraph.parent, nodes.section | nodes.document):
            text = " ".join(paragraph.astext().split())
            if text:
                found.append(text)
    return " ".join(found)


def _update_date(node: nodes.Element) -> datetime | None:
    stamp = node.get("blogext-update")
    try:
        return datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        return None


class UpdateDirective(SphinxDirective):
    """``.. update:: DATE``: a note that the post changed then ("Updated on …"). The
    latest one dates the post's last change."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        found = settings(self.env)
        text = frontmatter.clean_text(self.arguments[0]).strip()
        node = nodes.admonition(classes=["note", "update", "blogext-update"])
        try:
            when = frontmatter.parse_date(text, found.zone, found.date_input_formats)
        except frontmatter.FieldError as exc:
            warn(
                f"update: {exc}",
                subtype=Subtype.FRONTMATTER,
                docname=self.env.docname,
                line=self.lineno,
            )
            when = None
        if when is not None:
            node["blogext-update"] = when.isoformat()
            shown = strftime(when, str(self.config["post_date_format"])) or when.date().isoformat()
            title = _("Updated on %s") % shown
        else:
            title = _("Updated")
        node += nodes.title(title, title)
        self.state.nested_parse(self.content, self.content_offset, node)
        self.set_source_info(node)
        return [node]


# -- locations, languages and years --------------------------------------------------


def _defined(app: Sphinx, kind: str) -> Any:
    """Definitions of a taxonomy's terms from ABlog's dict of them (a fallback: a
    definition the project makes itself wins), as ``config-inited`` read it."""

    def source(data: BlogData, config: Config) -> Iterable[Definition]:
        entries = getattr(ablog_config(app), kind)
        path, line = conf_line(app.confdir, f"blog_{kind}") if entries else ("", None)
        for label, name, url in entries:
            if kind == "authors":
                person = Contributor(slug=definition_slug(label), name=" ".join(name.split()))
                if url:
                    person.links["website"] = url
                yield Definition(
                    person.slug,
                    person.name,
                    person,
                    other_names=(person.name, label),
                    file=path,
                    line=line,
                    subtype=Subtype.CONTRIBUTOR,
                    fallback=True,
                )
            else:
                yield Definition(
                    tag_key(label),
                    " ".join(name.split()),
                    other_names=(name,),
                    makes_term=False,
                    file=path,
                    line=line,
                    fallback=True,
                )

    return source


def _term_pages(name: str, folder: str, title: Any, term_title: Any, every: Any) -> TermPages:
    return TermPages(
        name,
        folder=lambda found: f"{found.path}/{folder}",
        title=title,
        term_title=term_title,
        all_terms=every,
        anchor=f"blog-{folder}",
        overview_anchor=f"blog-{name}",
        enabled=lambda table: bool(getattr(ablog_config(table.builder), name)),
    )


#: ABlog's taxonomies of its own: (name, key of the posts and folder of the pages, the
#: overview's title, a term page's title, the words of a link to the overview)
OWN_TAXONOMIES = (
    (
        "locations",
        "location",
        lambda: _("Locations"),
        lambda name: _("Posts from “%s”") % name,
        lambda: _("All locations"),
    ),
    (
        "languages",
        "language",
        lambda: _("Languages"),
        lambda name: _("Posts in “%s”") % name,
        lambda: _("All languages"),
    ),
)


# -- ABlog's addresses and feeds -----------------------------------------------------


def _sections(table: RouteTable) -> dict[str, Route]:
    found = {}
    for section in table.sections_registered:
        route = section.route(table)
        if route is not None:
            found[section.name] = route
    return found


def _term_page(table: RouteTable, taxonomy: str, key: str) -> str:
    pages = table.pages_of((taxonomy, key))
    return pages[0].pagename if pages else ""


def _year_pages(table: RouteTable) -> dict[int, str]:
    """The archive's page of each year, by year."""
    return {
        r.number: r.pagename
        for r in table.family("listings")
        if r.kind.name == "year" and r.kind.layer is Layer.PAGE
    }


def _old_terms(table: RouteTable) -> Iterator[tuple[str, Term, str]]:
    """(taxonomy, term, ABlog's page name) of each term with posts."""
    base = table.settings.path
    for taxonomy, folder, _name, _heading in CATALOGS:
        for term in table.catalog.terms.get(taxonomy, {}).values():
            slug = ablog_slug(term.name)
            if slug and term.posts:
                yield taxonomy, term, f"{base}/{folder}/{slug}"


def ablog_routes(table: RouteTable) -> Iterator[Route]:
    """The pages a post's ``redirect`` names; then, on a site, ABlog's addresses as
    redirects to our pages and its feeds at their addresses (left out where the path is
    taken: by our own page or feed, at the same address)."""
    ablog = ablog_config(table.builder)
    if not table.site:
        return
    for post in table.catalog.listed:
        names = post.params.get("redirect")
        if not isinstance(names, list) or not (ablog.enabled or post.form == "ablog"):
            continue  # (read by read_ablog_post: a list of safe page names)
        for name in names:
            path = table.page_file(name)
            yield table.redirect(
                POST_REDIRECT, path, post.docname, owner=post.docname, line=post.line("redirect")
            )
    if not ablog.enabled:
        return
    base = table.settings.path
    sections = _sections(table)
    old_pages = {"blog": base, "archive": f"{base}/archive", "drafts": f"{base}/drafts"}
    old_pages.update({taxonomy: f"{base}/{folder}" for taxonomy, folder, _n, _h in CATALOGS})
    for section, old in old_pages.items():
        # (drafts have no page: ABlog's list of them leads to the blog index)
        route = sections.get("blog" if section == "drafts" else section)
        if route is not None and route.pagename != old:
            yield _address(table, old, route.pagename)
    for taxonomy, term, old in _old_terms(table):
        page = _term_page(table, taxonomy, term.key)
        if page and page != old:
            yield _address(table, old, page)
    for year, page in _year_pages(table).items():
        yield _address(table, f"{base}/{year}", page)
    if table.settings.baseurl:
        yield from _old_feeds(table, ablog)


def _address(table: RouteTable, old: str, page: str) -> Route:
    return table.redirect(ADDRESS, table.page_file(old), page, owner="", line=None, optional=True)


def _old_feeds(table: RouteTable, ablog: AblogConfig) -> Iterator[Route]:
    """ABlog's Atom feeds: the blog's, and with ``blog_feed_archives`` one per archive."""
    base = table.settings.path
    places: list[tuple[Subject, str]] = [(POSTS, base)]
    if ablog.feed_archives:
        places += [((taxonomy, term.key), old) for taxonomy, term, old in _old_terms(table)]
        places += [(("years", str(year)), f"{base}/{year}") for year in table.catalog.years()]
    for subject, folder in places:
        for root in ablog.feed_roots:
            yield table.file(
                FEED,
                f"{folder}/{root}.xml",
                subject=subject,
                media_type="application/atom+xml",
                label="Atom",
                format="atom",
                optional=True,
            )


def ablog_files(state: BuildState) -> Iterator[FileOutput]:
    """The redirect pages of the family (its feeds are written with every other feed)."""
    for route in state.routes.claimed("ablog"):
        if route.kind.layer is Layer.REDIRECT:
            yield redirect_file(state, route, _title(state, route.target))


def _title(state: BuildState, pagename: str) -> str:
    """The title of a page a redirect leads to."""
    post = state.catalog.posts.get(pagename)
    if post is not None:
        return post.title
    route = state.routes.route_of(pagename)
    if route is not None and route.subject is not None and route.subject[1]:
        term = state.catalog.terms.get(route.subject[0], {}).get(route.subject[1])
        if term is not None:
            return term.name
    for section, found in state.routes.sections():
        if found.pagename == pagename:
            return str(section.label())
    if route is not None and route.number:
        return str(route.number)
    return state.settings.title


# -- ABlog's labels --------------------------------------------------------------------


def _ablog_labels(state: BuildState, *, drafts: bool) -> Iterator[tuple[str, str, str, str]]:
    """(label, ABlog's address, our page or "", title) of each term, year and post."""
    routes, catalog, base = state.routes, state.catalog, state.settings.path
    for taxonomy, folder, _name, _heading in CATALOGS:
        for term in catalog.terms.get(taxonomy, {}).values():
            spellings = {term.name, term.key}
            if isinstance(term.definition, Contributor):
                spellings.add(term.definition.slug)
            address = f"{base}/{folder}/{ablog_slug(term.name)}"
            page = _term_page(routes, taxonomy, term.key)
            for spelling in spellings:
                if slug := ablog_slug(spelling):
                    yield f"{folder}-{slug}", address, page, term.name
    years = _year_pages(routes)
    for year in catalog.years():
        yield f"archive-{year}", f"{base}/{year}", years.get(year, ""), str(year)
    # a post's own label: its file's name (its folder's, for an index)
    ablog = ablog_config(state.builder)
    for post in catalog.posts.values():
        if (ablog.enabled or post.form == "ablog") and (drafts or not post.draft):
            label = file_slug(post.docname).casefold()
            yield label, post.docname, post.docname, post.title


def _labels(state: BuildState) -> dict[str, tuple[str, str, str]]:
    """ABlog's labels on the site: label -> (page name, or "" for a file; file; title)."""
    memo: dict[str, tuple[str, str, str]] | None = state.memo.get("ablog-labels")
    if memo is not None:
        return memo
    routes, found = state.routes, {}
    sections = {section.name: (section, route) for section, route in routes.sections()}
    for label, name in _SECTION_LABELS.items():
        if name in sections:
            section, route = sections[name]
            found[label] = (route.pagename, "", str(section.label()))
    feeds = [r for r in routes.claimed_kind(FEED) if r.subject == POSTS]
    atom = next((r for r in feeds if r.format == "atom"), feeds[0] if feeds else None)
    if atom is not None:
        found["blog-feed"] = ("", atom.file, _("%s feed") % state.settings.title)
    for label, _address, page, title in _ablog_labels(state, drafts=state.settings.drafts):
        if page:
            found.setdefault(label, (page, "", title))
    state.memo["ablog-labels"] = found
    return found


def _published_labels(state: BuildState) -> dict[str, tuple[str, str]]:
    """ABlog's labels for builders without the blog's pages (LaTeX, EPUB, text): label ->
    (ABlog's address on the published site, title), as ABlog links them. The HTML build
    keeps each of those addresses working."""
    memo: dict[str, tuple[str, str]] | None = state.memo.get("ablog-published-labels")
    if memo is not None:
        return memo
    base, title = state.settings.path, state.settings.title
    found = {
        "blog-posts": (base, _("All posts")),
        "blog-drafts": (f"{base}/drafts", _("Drafts")),
        "blog-feed": (f"{base}/atom.xml", _("%s feed") % title),
        "blog-archives": (f"{base}/archive", _("Archives")),
    }
    for _taxonomy, folder, name, heading in CATALOGS:
        found[f"blog-{name}"] = (f"{base}/{folder}", heading())
    for label, address, _page, term_title in _ablog_labels(state, drafts=False):
        found.setdefault(label, (address, term_title))
    state.memo["ablog-published-labels"] = found
    return found


def resolve_label(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    """``missing-reference``: ABlog's labels (``:ref:`blog-posts```, ``tag-python`` …).

    On the site, they link to the pages; in other builders, to the published site (with
    ``blog_baseurl``; without it, their text stands alone)."""
    if node.get("reftype") not in ("ref", "any") or node.get("refdomain", "std") not in ("std", ""):
        return None
    target = str(node.get("reftarget", "")).casefold()
    state = state_of(app)
    if state.site:
        found = _labels(state).get(target)
        if found is None:
            return None
        page, file, title = found
        here = node.get("refdoc", "")
        url = state.routes.file_link(here, file) if file else state.routes.url(here, page)
        internal = not file
    else:
        published = _published_labels(state).get(target)
        if published is None:
            return None
        address, title = published
        url = state.settings.baseurl + address if state.settings.baseurl else ""
        internal = False
    words: nodes.Element = contnode if node.get("refexplicit") else nodes.emphasis(title, title)
    if not url:
        return nodes.inline("", "", words)
    link = nodes.reference("", "", internal=internal, refuri=url, reftitle=title)
    link += words
    return link


# -- the sidebars ----------------------------------------------------------------------


@view
class PostCard(View):
    """A post as ABlog's ``postcard.html`` shows it."""

    digest_once = False

    date: str
    updated: str
    draft: bool
    authors: tuple[TextLink, ...]
    locations: tuple[TextLink, ...]
    languages: tuple[TextLink, ...]
    categories: tuple[TextLink, ...]
    tags: tuple[TextLink, ...]
    headings: tuple[tuple[str, str], ...]


@view
class Sidebars(View):
    """What ABlog's sidebar templates show (``blogext.get("ablog")``)."""

    digest_once = False

    blog: TextLink
    recent: tuple[TextLink, ...]
    #: name -> (heading, link to the overview, the terms): tags, categories, authors,
    #: languages, locations, archives
    lists: tuple[tuple[str, str, str, tuple[CloudTag, ...]], ...]
    post: PostCard | None = None

    def terms(self, name: str) -> tuple[str, str, tuple[CloudTag, ...]] | None:
        for key, heading, url, terms in self.lists:
            if key == name and terms:
                return heading, url, terms
        return None


RECENT = 5


@dataclass(frozen=True)
class _Targets:
    """What the sidebars show, with the page each link leads to (the same on every page)."""

    blog: str
    recent: tuple[tuple[str, str], ...]
    #: (name, heading, overview page, ((name, page, count, size), …))
    lists: tuple[tuple[str, str, str, tuple[tuple[str, str, int, int], ...]], ...]


def _targets(state: BuildState) -> _Targets:
    found: _Targets | None = state.memo.get("ablog-sidebars")
    if found is not None:
        return found
    ablog = ablog_config(state.builder)
    routes, catalog = state.routes, state.catalog
    sections = {section.name: route for section, route in routes.sections()}
    index = sections.get("blog")
    recent = tuple(
        (p.docname, _line(p, ablog.date_format_short)) for p in catalog.by_date[: RECENT + 1]
    )
    lists = []
    for taxonomy, _folder, name, heading in CATALOGS:
        terms = sorted(catalog.terms.get(taxonomy, {}).values(), key=lambda t: t.name.casefold())
        shown = [(t, _term_page(routes, taxonomy, t.key)) for t in terms if t.posts]
        most = max((len(t.posts) for t, _page in shown), default=1)
        cloud = tuple((t.name, page, len(t.posts), _size(len(t.posts), most)) for t, page in shown)
        up = sections.get(taxonomy)
        lists.append((name, str(heading()), up.pagename if up else "", cloud))
    years = _year_pages(routes)
    archive = tuple(
        (str(year), years[year], len(posts), 0)
        for year, posts in catalog.years().items()
        if year in years
    )
    up = sections.get("archive")
    lists.append(("archives", _("Archives"), up.pagename if up else "", archive))
    found = _Targets(index.pagename if index else "", recent, tuple(lists))
    state.memo["ablog-sidebars"] = found
    return found


def sidebars(state: BuildState, pagename: str) -> Sidebars | None:
    """The sidebars' data as seen from ``pagename`` (None when no sidebar is named)."""
    ablog = ablog_config(state.builder)
    if not ablog.sidebars or not state.site:
        return None
    made: dict[str, Sidebars] = state.memo.setdefault("ablog-sidebars-of", {})
    if pagename in made:
        return made[pagename]
    routes, targets = state.routes, _targets(state)

    def url(page: str) -> str:
        return routes.url(pagename, page) if page else ""

    blog = TextLink(url(targets.blog), state.settings.title)
    recent = tuple(TextLink(url(d), text) for d, text in targets.recent if d != pagename)
    lists = tuple(
        (name, heading, url(up), tuple(CloudTag(n, url(p), c, z) for n, p, c, z in terms))
        for name, heading, up, terms in targets.lists
    )
    post = state.catalog.posts.get(pagename)
    card = _card(state, pagename, post, ablog) if post is not None else None
    made[pagename] = found = Sidebars(blog, recent[:RECENT], lists, card)
    return found


def _size(count: int, most: int) -> int:
    return 1 + round(4 * (count - 1) / (most - 1)) if most > 1 else 3


def _line(post: Post, fmt: str) -> str:
    when = strftime(post.date, fmt) if post.date else ""
    return f"{when} - {post.title}" if when else post.title


def _card(state: BuildState, pagename: str, post: Post, ablog: AblogConfig) -> PostCard:
    def links(taxonomy: str) -> tuple[TextLink, ...]:
        names = state.catalog.post_names(taxonomy, post)
        return tuple(state.views.term_link(pagename, taxonomy, name) for name in names)

    updated = post.lastmod if post.lastmod and post.date and post.lastmod > post.date else None
    return PostCard(
        date=strftime(post.date, ablog.date_format) if post.date else "",
        updated=strftime(updated, ablog.date_format) if updated else "",
        draft=post.draft,
        authors=links("contributors"),
        locations=links("locations"),
        languages=links("languages"),
        categories=links("categories"),
        tags=links("tags"),
        headings=(
            ("updated", _("Updated on")),
            ("draft", _("Draft")),
            ("authors", _("Author")),
            ("locations", _("Location")),
            ("languages", _("Language")),
            ("categories", _("Category")),
            ("tags", _("Tags")),
        ),
    )


def site_sidebars(state: BuildState) -> Sidebars | None:
    """What every page's sidebars show (seen from the blog index, without a post)."""
    return sidebars(state, f"{state.settings.path}/index")


# -- wiring ---------------------------------------------------------------------------


def setup_ablog(app: Sphinx) -> None:
    for name, default in ABLOG_ONLY.items():
        app.add_config_value(name, default, "env")
    app.connect("config-inited", _read_config, priority=300)
    app.add_directive("update", UpdateDirective)
    app.connect("doctree-read", read_ablog_post, priority=450)
    for kind, key, title, term_title, every in OWN_TAXONOMIES:
        sources = (Source("posts", key),)
        add_taxonomy(app, Taxonomy(kind, tag_key, term_slug, sources, label=term_title))
        add_definitions(app, kind, _defined(app, kind))
        add_term_pages(app, _term_pages(kind, key, title, term_title, every))
    add_taxonomy(
        app,
        Taxonomy(
            "years",
            tag_key,
            term_slug,
            (Source("posts", "year"),),
            label=lambda name: _("Posts from %s") % name,
        ),
    )
    add_definitions(app, "contributors", _defined(app, "authors"))
    add_route_family(app, "ablog", ablog_routes)
    add_files(app, "ablog", ablog_files)
    app.connect("missing-reference", resolve_label)
    add_page_data(app, "ablog", sidebars)
    add_site_data(app, "ablog", site_sidebars)
