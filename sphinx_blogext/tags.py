"""Tags: a page per tag, the tag overview, ``blog_tags_file`` and the ``{tag}`` role.

Tags are a taxonomy of the catalog: tags that differ only in letter case
or spacing are one tag, shown with the most used spelling unless
``blog_tags_file`` gives a label. Their pages are routes of this feature
and outputs of the pipeline, like every other generated page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation

from . import frontmatter
from .catalog import Definition, Source, Taxonomy, add_taxonomy, tag_key, term_slug
from .collect import read_data_file
from .config import settings
from .model import TagInfo
from .outputs import add_findings
from .pages import TermPages, add_term_pages
from .people import bio_from_markdown
from .refs import RefKind, add_ref_kind
from .views import LISTED_TAGS
from .warnings import Finding, Subtype, suggestion, warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .model import BlogData
    from .outputs import BuildState

_ = get_translation("sphinx_blogext")

#: A post with more tags than this is most likely a mistake (and is reported).
MANY_TAGS = 100

#: Fields of an entry of ``blog_tags_file``.
TAG_FIELDS = ("label", "description")


# -- the tags file -----------------------------------------------------------------


def read_tags_file(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read ``blog_tags_file`` before each read phase; report it when it changed."""
    tags_file = settings(env).tags_file
    read_data_file(app, "tags", tags_file, _tag_entries, subtype=Subtype.TAG)


def _tag_entries(path: Path, block: frontmatter.Block) -> dict[str, TagInfo]:
    info: dict[str, TagInfo] = {}
    for raw_key, value in block.raw.items():
        line = block.lines.get(str(raw_key))
        tag = " ".join(frontmatter.clean_text(str(raw_key)).split())
        entry, problems = _tag_info(tag, value, line)
        for message in problems:
            warn(f"tag {tag!r}: {message}", subtype=Subtype.TAG, path=str(path), line=line)
        if entry is not None:
            if tag_key(tag) in info:
                message = f"tag {tag!r} is described twice; the first one counts"
                warn(message, subtype=Subtype.TAG, path=str(path), line=line)
            else:
                info[tag_key(tag)] = entry
    return info


def tag_definitions(data: BlogData) -> Iterable[Definition]:
    """What ``blog_tags_file`` says of tags: labels and descriptions (no tag of its own)."""
    info: dict[str, TagInfo] = data.file("tags")[1] or {}
    for key, entry in info.items():
        yield Definition(key, entry.label, entry, makes_term=False, subtype=Subtype.TAG)


def _tag_info(tag: str, value: Any, line: int | None) -> tuple[TagInfo | None, list[str]]:
    """A tag's entry: a description as text, or a mapping of label and description."""
    if not tag:
        return None, ["a tag needs a name"]
    if isinstance(value, str):
        value = {"description": value}
    if value is None:
        value = {}
    if not isinstance(value, dict):
        return None, [f"must be a description or a mapping of {', '.join(TAG_FIELDS)}"]
    problems = []
    fields: dict[str, str] = {}
    for key, item in value.items():
        if key not in TAG_FIELDS:
            hint = suggestion(str(key), list(TAG_FIELDS))
            problems.append(f"unknown field {frontmatter.describe(key)}{hint}")
        elif not isinstance(item, str | int | float) or isinstance(item, bool):
            problems.append(f"{key} must be text, not {type(item).__name__}")
        else:
            fields[str(key)] = frontmatter.clean_text(str(item))
    label = " ".join(fields.get("label", "").split())
    html, text = bio_from_markdown(fields["description"]) if "description" in fields else ("", "")
    return TagInfo(tag, label[:200], html, text, line), problems


# -- what the catalog cannot tell by itself -----------------------------------------


def tag_findings(state: BuildState) -> list[Finding]:
    """Tags outside ``blog_tags_allowed`` (True: the tags of ``blog_tags_file``), and
    posts with more tags than anyone means.

    Checked once the whole blog is known, so an edit of the tags file is
    checked against every post, like a clean build would.
    """
    catalog = state.catalog
    findings = []
    for docname in sorted(catalog.posts):
        post = catalog.posts[docname]
        if len(post.tags) > MANY_TAGS:
            message = (
                f"{len(post.tags)} tags: listings show the first {LISTED_TAGS} and count "
                "the others; is this list meant as tags?"
            )
            findings.append(Finding(message, docname, post.line("tags") or 1, Subtype.TAG))
    allowed = state.settings.tags_allowed
    if allowed is None or allowed is False:
        return findings
    if allowed is True:
        described = catalog.defined("tags")
        names = [d.name or d.data.name for d in described.values()]
        keys = set(described)
    else:
        names = [str(t) for t in allowed]
        keys = {tag_key(t) for t in names}
    for docname in sorted(catalog.posts):
        post = catalog.posts[docname]
        for tag in post.tags:
            if tag_key(tag) not in keys:
                message = f"tag {tag!r} is not in blog_tags_allowed{suggestion(tag, names)}"
                findings.append(Finding(message, docname, post.line("tags") or 1, Subtype.TAG))
    return findings


def resolve_ref(state: BuildState, docname: str, target: str) -> tuple[str, str] | None:
    """A ``{tag}`` role: the tag's display name and page."""
    term = state.catalog.terms["tags"].get(tag_key(target))
    if term is None:
        return None
    return term.name, state.routes.term_url(docname, "tags", term.key)


def _known_tags(state: BuildState) -> list[str]:
    return [term.name for term in state.catalog.terms["tags"].values()]


# -- pages ---------------------------------------------------------------------------

TAG_PAGES = TermPages(
    "tags",
    folder=lambda found: found.tags_path,
    title=lambda: _("Tags"),
    term_title=lambda name: _("Posts tagged “%s”") % name,
    all_terms=lambda: _("All tags"),
    anchor="blog-tag",
    overview_anchor="blog-tags",
)


def setup_tags(app: Sphinx) -> None:
    app.connect("env-before-read-docs", read_tags_file)
    add_taxonomy(
        app,
        Taxonomy(
            "tags",
            tag_key,
            term_slug,
            # a tag only talks use has its page too, listing them
            (Source("posts", "tags"), Source("talks", "tags")),
            tag_definitions,
            label=lambda name: _("posts tagged “%s”") % name,
        ),
    )
    add_ref_kind(app, RefKind("tag", resolve_ref, _known_tags, Subtype.TAG, rel="tag"))
    add_term_pages(app, TAG_PAGES)
    add_findings(app, "tags", tag_findings)
