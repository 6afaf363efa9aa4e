"""Social cards: the picture a link preview shows, made for every page worth sharing.

When a link to a post is pasted into a chat or a social network, the preview shows
the page's ``og:image``. A post with a raster cover shows its cover; every other post,
and every tag page, contributor page and talk, gets a generated **card**: a 1200x630
PNG with the site's name and logo, the title, the date and the people (authors or
speakers, with their avatars), drawn by :mod:`.carddraw` with the fonts that ship with
the package. A talk's card names its event, date and place.

Cards are on when the site has a base URL (previews need absolute addresses), or as
``blog_social_cards`` says. Their colours are the theme's (``blog_social_card_scheme``,
the blogext theme's ``accent_color``) unless ``blog_social_card_colors`` sets them; a
project that wants its own drawing names a function in ``blog_social_card_hook``, which
is handed the card's :class:`~.carddraw.CardContent` and returns PNG bytes, a Pillow
image, or None for the blog's own card.

Each card is a file route (``rel="card"``) of the page's subject, so that whatever
writes a page's metadata finds it in the route table. A card is drawn only when what
it shows changed (its content is its fingerprint in the output pipeline), and what was
drawn is kept in the image cache under the digest of its content: a rebuild with no
change draws nothing, and a change of one title draws one card.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import io
import marshal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _sphinx_compat as compat
from .config import conf_line
from .headtags import PageImage, card_image, hand_to_opengraph, merge, present
from .imaging import ImageJob, add_image_jobs, cached_image, is_raster
from .outputs import FileOutput, add_files, add_stamp, file_stamp, state_of
from .render import _, ngettext
from .routes import Layer, RouteKind, add_route_family
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx

    from .carddraw import CardContent, CardStyle, Person
    from .config import Settings
    from .model import Post, Talk
    from .outputs import BuildState
    from .routes import Route, RouteTable, Subject

CARD = RouteKind("social-card", Layer.FILE)
FOLDER = "_blogext/cards"
WIDTH, HEIGHT = 1200, 630
#: Term pages that get a card, and the word a card says they are.
TERM_PAGES = ("tags", "categories", "series", "contributors")
#: The theme's palettes (theme/blogext_theme/static/blogext-theme.css).
PALETTES = {
    "light": {"background": "#ffffff", "text": "#1f2328", "muted": "#57606a", "accent": "#1d5fb8"},
    "dark": {"background": "#0f141a", "text": "#e6edf3", "muted": "#9da7b3", "accent": "#6cb6ff"},
}


def enabled(settings: Settings) -> bool:
    """Whether the site has cards: as configured, else when it has a base URL."""
    if settings.social_cards is None:
        return bool(settings.baseurl)
    return settings.social_cards


def talk_subject(talk: Talk) -> Subject:
    return ("talk", f"{talk.docname}#{talk.id}")


# -- routes ---------------------------------------------------------------------------


def card_routes(table: RouteTable) -> Iterator[Route]:
    """A card for each published post, each term page, and each talk."""
    if not table.site or not enabled(table.settings):
        return
    for docname, post in sorted(table.catalog.posts.items()):
        if not post.draft:  # a draft carries no social preview
            yield _card(table, f"posts/{docname}", ("posts", docname), docname, None)
    for taxonomy in TERM_PAGES:
        for key, term in sorted(table.catalog.terms.get(taxonomy, {}).items()):
            if table.pages_of((taxonomy, key)):
                yield _card(table, f"{taxonomy}/{term.slug}", (taxonomy, key), "", None)
    for talk in table.catalog.talks:
        file = f"talks/{talk.docname}/{talk.id}"
        yield _card(table, file, talk_subject(talk), talk.docname, talk.lineno)


def _card(table: RouteTable, name: str, subject: Subject, owner: str, line: int | None) -> Route:
    return table.file(
        CARD,
        f"{FOLDER}/{name}.png",
        subject=subject,
        rel="card",
        media_type="image/png",
        owner=owner,
        line=line,
        width=WIDTH,
        height=HEIGHT,
    )


# -- what each card shows ---------------------------------------------------------------


def card_content(state: BuildState, subject: Subject) -> CardContent | None:
    """What the card of a page's subject shows, or None when the subject is gone."""
    from .carddraw import CardContent

    kind, key = subject
    base = CardContent(site=state.config.project, logo=_logo(state), style=card_style(state))
    if kind == "posts":
        post = state.catalog.posts.get(key)
        return _post_card(state, base, post) if post is not None else None
    if kind == "talk":
        talk = next((t for t in state.catalog.talks if talk_subject(t) == subject), None)
        return _talk_content(state, base, talk) if talk is not None else None
    term = state.catalog.terms.get(kind, {}).get(key)
    if term is None:
        return None
    from dataclasses import replace

    if kind == "contributors":
        person = term.definition
        role = getattr(person, "role", "") or ""
        return replace(
            base,
            kicker=str(_("Contributor")),
            title=term.name,
            subtitle=role,
            people=(_person(state, term.key, term.name),),
        )
    labels = {"tags": _("Tag"), "series": _("Series")}
    label = labels.get(kind) or ngettext("Category", "Categories", 1)
    description = getattr(term.definition, "description_text", "") or ""
    count = len(term.posts)
    subtitle = description or ngettext("%(num)d post", "%(num)d posts", count) % {"num": count}
    if not description and not count and term.talks:
        talks = len(term.talks)
        subtitle = ngettext("%(num)d talk", "%(num)d talks", talks) % {"num": talks}
    return replace(base, kicker=str(label), title=term.name, subtitle=str(subtitle))


def _post_card(state: BuildState, base: CardContent, post: Post) -> CardContent:
    from dataclasses import replace

    view = state.views.post(post)
    people = tuple(
        _person(state, author.slug, author.name)
        for author in state.views.authors(post.docname, post)
    )
    categories = state.views.categories(post.docname, post)
    return replace(
        base,
        kicker=categories[0].text if categories else "",
        title=post.title,
        subtitle=post.lead or post.description,
        date=view.date.text if view.date is not None else "",
        people=people,
        cover=_cover(state, post),
    )


def _talk_content(state: BuildState, base: CardContent, talk: Talk) -> CardContent:
    from dataclasses import replace

    view = state.views.talk(talk.docname, talk, state.now)
    people = tuple(_person(state, s.slug, s.name) for s in view.speakers)
    return replace(
        base,
        kicker=view.event or str(_("Talk")),
        title=talk.title,
        subtitle=talk.location,
        date=view.date.text if view.date is not None else "",
        people=people,
    )


def _person(state: BuildState, key: str, name: str) -> Person:
    from .carddraw import Person

    term = state.catalog.terms.get("contributors", {}).get(key)
    found = getattr(term.definition, "avatar_file", "") if term is not None else ""
    return Person(name, found if found and is_raster(found) else "")


def _cover(state: BuildState, post: Post) -> str:
    """The source file of a post's raster cover, or ""."""
    file = post.image_file
    return file if file and is_raster(file) else ""


def _logo(state: BuildState) -> str:
    logo = str(getattr(state.config, "html_logo", "") or "")
    if not logo or "://" in logo:
        return ""
    path = Path(state.builder.confdir) / logo
    return str(path) if is_raster(logo) and path.is_file() else ""


def card_style(state: BuildState) -> CardStyle:
    """The theme's palette, its accent colour, and what ``blog_social_card_colors`` sets."""
    from PIL import ImageColor

    from .carddraw import CardStyle

    memo = state.memo
    if "card-style" in memo:
        return memo["card-style"]
    scheme = state.settings.social_card_scheme
    colours = dict(PALETTES[scheme])
    options = compat.theme_options(state.builder, state.config.html_theme_options or {})
    accent = str(options.get("accent_color_dark" if scheme == "dark" else "accent_color") or "")
    try:
        if accent.strip():
            ImageColor.getrgb(accent.strip())
            colours["accent"] = accent.strip()
    except ValueError:
        pass  # a CSS colour Pillow does not read (oklch()): the theme's own blue
    colours.update(dict(state.settings.social_card_colors))
    style = memo["card-style"] = CardStyle(**colours)
    return style


# -- files ------------------------------------------------------------------------------


def _cards(state: BuildState) -> list[tuple[Route, CardContent, object]]:
    """Each card written: its route, what it shows, and its fingerprint (what it shows,
    the files it shows, the project's drawing function), worked out once per build."""
    memo = state.memo
    if "cards" not in memo:
        hook = _hook(state)
        found = []
        for route in state.routes.claimed("social-cards"):
            content = card_content(state, route.subject) if route.subject else None
            if content is None:
                continue
            files = [content.logo, content.cover, *(p.avatar for p in content.people)]
            stamps = [(f, file_stamp(f)) for f in files if f]
            drawing = hook[1] if hook else _drawing()
            found.append((route, content, (content, stamps, drawing)))
        memo["cards"] = found
    return memo["cards"]


@functools.cache
def _drawing() -> str:
    """What the blog's drawing of a card depends on besides its content: the drawing's
    version, and whether Pillow lays text out with raqm."""
    from PIL import features

    from .carddraw import VERSION

    return f"blogext-{VERSION}-raqm-{features.check('raqm')}"


def card_files(state: BuildState) -> Iterator[FileOutput]:
    hook = _hook(state)
    for route, content, fingerprint in _cards(state):
        draw = functools.partial(_draw, state, route, content, hook)
        make = functools.partial(cached_image, state, fingerprint, ".png", draw)
        yield FileOutput(route, "", fingerprint, make=make)


def card_stamp(state: BuildState) -> object:
    """The site's logo as it is now (the posts' images and the avatars have their own
    stamps): a logo replaced in place draws the cards again."""
    if not state.site or not enabled(state.settings):
        return None
    logo = _logo(state)
    return (logo, file_stamp(logo)) if logo else None


def card_jobs(state: BuildState) -> Iterator[ImageJob]:
    """The cards to draw, for another process (not those of the project's function,
    which runs in the build's own)."""
    if not state.settings.social_card_hook:
        from .carddraw import draw

        for _route, content, fingerprint in _cards(state):
            yield ImageJob(fingerprint, ".png", draw, (content,))


def _draw(
    state: BuildState,
    route: Route,
    content: CardContent,
    hook: tuple[Callable[[CardContent], Any], str] | None,
) -> bytes:
    from . import carddraw

    if hook is not None:
        try:
            made = hook[0](content)
        except Exception as exc:
            warn(
                f"blog_social_card_hook failed for {route.file!r}: {exc!r}; the blog's card "
                "is used",
                subtype=Subtype.IMAGE,
                docname=route.owner or None,
                line=route.line or 1,
            )
        else:
            png = _png(made)
            if png is not None:
                return png
    return carddraw.draw(content)


def _png(made: Any) -> bytes | None:
    """A hook's result as PNG bytes: bytes as they are, a Pillow image saved as PNG."""
    if isinstance(made, bytes | bytearray):
        return bytes(made)
    save = getattr(made, "save", None)
    if save is None:
        return None
    out = io.BytesIO()
    save(out, "PNG")
    return out.getvalue()


def _hook(state: BuildState) -> tuple[Callable[[CardContent], Any], str] | None:
    """The project's drawing function, and a digest of its code (a changed function
    draws every card again), or None."""
    name = state.settings.social_card_hook
    if not name:
        return None
    memo = state.memo
    if "card-hook" not in memo:
        memo["card-hook"] = None
        module_name, _sep, function_name = name.partition(":")
        try:
            function = getattr(importlib.import_module(module_name), function_name)
            code = marshal.dumps(function.__code__)
        except (ImportError, AttributeError, ValueError) as exc:
            path, line = conf_line(state.builder.confdir, "blog_social_card_hook")
            warn(
                f"blog_social_card_hook = {name!r} cannot be used: {exc}; the blog draws the cards",
                subtype=Subtype.IMAGE,
                path=path,
                line=line,
            )
        else:
            memo["card-hook"] = (function, hashlib.sha256(code).hexdigest())
    return memo["card-hook"]


# -- a page that presents one talk ---------------------------------------------------


def _talk_card(state: BuildState, pagename: str) -> PageImage:
    """The card of the one talk a document that is not a post presents, or none."""
    memo = state.memo
    if "talks-by-page" not in memo:
        found: dict[str, list[Talk]] = {}
        for talk in state.catalog.talks:
            found.setdefault(talk.docname, []).append(talk)
        memo["talks-by-page"] = found
    talks = memo["talks-by-page"].get(pagename, [])
    if len(talks) != 1 or pagename in state.catalog.posts:
        return PageImage("")
    return card_image(state, talk_subject(talks[0]), talks[0].title)


def hand_talk_card(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Before sphinxext-opengraph: the talk's card as the page's image."""
    if doctree is not None:
        state = state_of(app)
        image = _talk_card(state, pagename)
        if image.url:
            hand_to_opengraph(state, context, {"og:image": image.url})


def add_talk_card(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After the others: the talk's card, where the page shows no other image."""
    if doctree is not None:
        image = _talk_card(state_of(app), pagename)
        if image.url and "og:image" not in present(context.get("metatags") or ""):
            merge(context, [*image.tags(), ("name", "twitter:card", "summary_large_image")])


def setup_socialcards(app: Sphinx) -> None:
    add_route_family(app, "social-cards", card_routes)
    add_files(app, "social-cards", card_files)
    add_image_jobs(app, "social-cards", card_jobs)
    add_stamp(app, "social-cards", card_stamp)
    # sphinxext-opengraph listens at the default priority, 500
    app.connect("html-page-context", hand_talk_card, priority=450)
    app.connect("html-page-context", add_talk_card, priority=650)
