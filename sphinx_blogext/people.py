"""Reading contributor definitions: fields, social links, avatars and bios.

A contributor is defined by a ``contributor`` directive or by an entry of
``blog_contributors_file``. Both give the same fields, read here into a
plain :class:`~sphinx_blogext.model.Contributor`; what cannot be used is
returned as problems for the caller to report where the definition is.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import Markup, escape

from .catalog import name_key
from .frontmatter import Problem, clean_text, describe
from .model import Contributor
from .urls import IMAGE_TYPES, unsafe_url_reason
from .warnings import Subtype

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Social fields: label, and how a bare handle becomes a URL.
SOCIAL: dict[str, tuple[str, str]] = {
    "github": ("GitHub", "https://github.com/{}"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/in/{}"),
    "twitter": ("X (Twitter)", "https://x.com/{}"),
    "mastodon": ("Mastodon", ""),
    "bluesky": ("Bluesky", "https://bsky.app/profile/{}"),
    "website": ("Website", ""),
    "email": ("Email", ""),
}
FIELDS = ("name", "avatar", "role", *SOCIAL)

_HANDLE = re.compile(r"@?([A-Za-z0-9][A-Za-z0-9_.-]{0,99})")
_MASTODON = re.compile(r"@?([A-Za-z0-9_.-]{1,64})@([A-Za-z0-9.-]{1,200}\.[A-Za-z]{2,})")
_EMAIL = re.compile(r"(?:mailto:)?([^@\s<>\"'(),;:]{1,64}@[A-Za-z0-9.-]{1,200}\.[A-Za-z]{2,})")


def social_url(field: str, value: str) -> str:
    """The URL of a social field's value: a URL as written, or one made from a handle.

    Raises ``ValueError`` with the reason when the value cannot be used.
    """
    text = value.strip()
    if field == "email":
        match = _EMAIL.fullmatch(text)
        if not match:
            raise ValueError(f"{describe(text)} is not an email address")
        return "mailto:" + match.group(1)
    if text.lower().startswith(("http://", "https://")):
        reason = unsafe_url_reason(text)
        if reason:
            raise ValueError(reason)
        return text
    if ":" in text.split("/", 1)[0] and field != "mastodon":
        raise ValueError(f"{describe(text)}: only http and https links are allowed")
    if field == "mastodon" and (match := _MASTODON.fullmatch(text)):
        return f"https://{match.group(2)}/@{match.group(1)}"
    template = SOCIAL[field][1]
    if template and (match := _HANDLE.fullmatch(text)):
        return template.format(match.group(1))
    raise ValueError(f"{describe(text)} is neither an http(s) URL nor a {SOCIAL[field][0]} name")


def make_contributor(
    slug: str,
    fields: dict[str, Any],
    *,
    avatar_base: Path,
    site_root: Path,
    bio_html: str = "",
    bio_text: str = "",
) -> tuple[Contributor, list[Problem]]:
    """A contributor from the fields of a directive or a file entry.

    Local avatars are looked up relative to ``avatar_base`` (the document's
    folder, or the contributors file's), or to ``site_root`` when they start
    with ``/``.
    """
    problems: list[Problem] = []
    person = Contributor(slug=slug, name=slug, bio_html=bio_html, bio_text=bio_text)
    for key, raw in fields.items():
        field = clean_text(str(key)).strip().casefold()
        if field not in FIELDS:
            close = difflib.get_close_matches(field, FIELDS, n=1, cutoff=0.75)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(FIELDS)})"
            problems.append(Problem(f"unknown contributor field {describe(key)}{hint}", str(key)))
            continue
        if raw is None or raw == "":
            continue
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            problems.append(Problem(f"{field!r} must be text, got {describe(raw)}", str(key)))
            continue
        value = clean_text(str(raw)).strip()
        if field == "name":
            person.name = " ".join(value.split())
        elif field == "role":
            person.role = " ".join(value.split())
        elif field == "avatar":
            _set_avatar(person, value, avatar_base, site_root, problems, str(key))
        else:
            try:
                person.links[field] = social_url(field, value)
            except ValueError as exc:
                problems.append(Problem(f"{field}: {exc}; left out", str(key), Subtype.URL))
    return person, problems


def _set_avatar(
    person: Contributor,
    value: str,
    base: Path,
    root: Path,
    problems: list[Problem],
    key: str,
) -> None:
    person.avatar_url, person.avatar_file = image_field("avatar", value, base, root, problems, key)


def image_field(
    label: str, value: str, base: Path, root: Path, problems: list[Problem], key: str
) -> tuple[str, str]:
    """An image a definition names (an avatar, a logo): (an http(s) URL, "") or ("", the
    absolute path of a local file of the project, relative to ``base``, or to ``root``
    with a leading ``/``); ("", "") with a problem when it cannot be used."""
    if value.lower().startswith(("http://", "https://")):
        reason = unsafe_url_reason(value)
        if reason:
            problems.append(Problem(f"{label}: {reason}; left out", key, Subtype.URL))
            return "", ""
        return value, ""
    if ":" in value.split("/", 1)[0]:
        problems.append(Problem(f"{label}: {describe(value)} is not an image file or URL", key))
        return "", ""
    path = (root / value.lstrip("/")) if value.startswith("/") else (base / value)
    kinds = ", ".join(IMAGE_TYPES)
    if path.suffix.lower() not in IMAGE_TYPES:
        problems.append(Problem(f"{label}: {describe(value)} is not an image ({kinds})", key))
        return "", ""
    try:
        # a symbolic link is judged by what it points to
        found = path.resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(Problem(f"{label} file {describe(value)} does not exist", key))
        return "", ""
    inside = (root.resolve(), base.resolve())
    if not any(found.is_relative_to(folder) for folder in inside):
        problems.append(
            Problem(f"{label}: {describe(value)} is outside the project; left out", key)
        )
    elif found.suffix.lower() not in IMAGE_TYPES:
        problems.append(Problem(f"{label}: {describe(value)} is not an image ({kinds})", key))
    elif not found.is_file():
        problems.append(Problem(f"{label} file {describe(value)} does not exist", key))
    else:
        return "", str(found)
    return "", ""


def definition_slug(argument: str) -> str:
    """The slug a definition's name or argument stands for."""
    return name_key(clean_text(argument).strip())


# -- bios ----------------------------------------------------------------------

_INLINE = {
    nodes.emphasis: "em",
    nodes.strong: "strong",
    nodes.literal: "code",
    nodes.subscript: "sub",
    nodes.superscript: "sup",
}
_BLOCK = {
    nodes.paragraph: "p",
    nodes.bullet_list: "ul",
    nodes.enumerated_list: "ol",
    nodes.list_item: "li",
    nodes.block_quote: "blockquote",
}
_SKIP = (
    nodes.comment,
    nodes.system_message,
    nodes.raw,
    nodes.image,
    nodes.target,
    nodes.substitution_definition,
)


def bio_from_nodes(children: Iterable[nodes.Node]) -> tuple[str, str]:
    """Safe HTML and plain text of a bio written with reST or MyST.

    The bio is shown on other pages (bio cards under posts), so it is kept
    as a small, escaped subset of HTML: paragraphs, lists, emphasis, code and
    links to http(s) and mailto addresses.
    """
    parts: list[str] = []

    def walk(node: nodes.Node) -> None:
        if isinstance(node, _SKIP):
            return
        if isinstance(node, nodes.Text):
            parts.append(str(escape(node.astext())))
            return
        tag = _INLINE.get(type(node)) or _BLOCK.get(type(node))
        if isinstance(node, nodes.reference):
            uri = node.get("refuri", "")
            if uri.lower().startswith(("http://", "https://", "mailto:")) and not unsafe_url_reason(
                uri.removeprefix("mailto:")
            ):
                parts.append(str(Markup('<a href="{}">').format(uri)))
                _children(node)
                parts.append("</a>")
                return
        if tag:
            parts.append(f"<{tag}>")
        _children(node)
        if tag:
            parts.append(f"</{tag}>")

    def _children(node: nodes.Node) -> None:
        for child in node.children if isinstance(node, nodes.Element) else ():
            walk(child)

    texts = []
    for child in children:
        walk(child)
        if not isinstance(child, _SKIP):
            texts.append(child.astext())
    return "".join(parts), " ".join(" ".join(texts).split())


def bio_from_markdown(text: str) -> tuple[str, str]:
    """Safe HTML and plain text of a bio written in Markdown (the contributors file)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    md.validateLink = _safe_link  # type: ignore[method-assign]
    html = md.render(clean_text(text))
    return html, " ".join(Markup(html).striptags().split())


def _safe_link(url: str) -> bool:
    return url.lower().startswith(("http://", "https://", "mailto:"))
