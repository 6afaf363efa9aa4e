"""Posts: which documents are posts, their front matter, title and body facts."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import Matcher

from . import frontmatter
from .model import BlogData, Post, tag_key
from .urls import unsafe_url_reason
from .warnings import warn

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

_H1 = re.compile(r"^(#\s|[^\n]+\n=+\s*$)", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.MULTILINE | re.DOTALL)
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def blog_data(env: BuildEnvironment) -> BlogData:
    """The blog data stored on ``env``, created on first use."""
    data: BlogData | None = getattr(env, "blogext_data", None)
    if data is None:
        data = BlogData()
        env.blogext_data = data  # type: ignore[attr-defined]
    return data


def timezone(env: BuildEnvironment) -> ZoneInfo:
    return ZoneInfo(env.config.blog_timezone)


def is_post_docname(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is a post by ``blog_post_pattern``.

    The blog index itself is never a post.
    """
    if docname == f"{env.config.blog_path}/index":
        return False
    return bool(_matcher(tuple(env.config.blog_post_pattern))(docname))


@functools.cache
def _matcher(patterns: tuple[str, ...]) -> Matcher:
    return Matcher(list(patterns))


class post_node(nodes.Element):
    """Carries the options of a ``post`` directive to :class:`PostTransform`."""


class PostDirective(SphinxDirective):
    """``.. post::`` makes a document a post; its options are front matter fields."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = dict.fromkeys(frontmatter.FIELDS, directives.unchanged)

    def run(self) -> list[nodes.Node]:
        node = post_node()
        node["fields"] = {k: v or "" for k, v in self.options.items()}
        self.set_source_info(node)
        return [node]


def add_title_heading(app: Sphinx, docname: str, source: list[str]) -> None:
    """Give a Markdown post whose body has no H1 its front matter title as H1.

    Done on the source so that MyST sees the body's ``##`` sections below a
    top-level heading and does not warn that headings start at H2. The
    heading replaces the blank line after the front matter, so the line
    numbers of warnings in the body stay right.
    """
    if not is_post_docname(app.env, docname) or getattr(app.config, "myst_title_to_header", False):
        return  # with myst_title_to_header, MyST makes the heading itself
    if app.env.doc2path(docname).suffix.lower() not in (".md", ".markdown"):
        return
    text = source[0]
    match = _FRONT_MATTER.match(text)
    if not match:
        return
    try:
        data = frontmatter.load_yaml(match.group(1))
    except frontmatter.yaml.YAMLError:
        return  # MyST reports malformed front matter itself
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str | int | float) or not str(title).strip():
        return
    body = text[match.end() :]
    if _H1.search(_FENCE.sub("", body)):
        return
    heading = "# " + _MD_PUNCTUATION.sub(r"\\\1", " ".join(str(title).split()))
    if body.startswith("\n"):
        body = heading + body
    else:
        heading += "\n"
        body = heading + body
    source[0] = text[: match.end()] + body


class PostTransform(SphinxTransform):
    """Read a post's fields from its docinfo and ``post`` directive.

    Runs after the DocInfo transform (340) has turned the leading field list or
    MyST front matter into a ``docinfo`` node, and before Sphinx's collectors
    remove it.
    """

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        directive_nodes = list(self.document.findall(post_node))
        if not directive_nodes and not is_post_docname(self.env, docname):
            return
        raw: dict[str, Any] = {}
        docinfo = next(iter(self.document.findall(nodes.docinfo)), None)
        if docinfo is not None:
            raw.update(_docinfo_fields(docinfo))
        for node in directive_nodes:
            raw.update(node["fields"])
            node.parent.remove(node)
        post = self._make_post(docname, raw, directive_nodes)
        blog_data(self.env).posts[docname] = post
        if post.title and not _has_title(self.document):
            _wrap_in_titled_section(self.document, post.title)

    def _make_post(self, docname: str, raw: dict[str, Any], directive_nodes: list[Any]) -> Post:
        parsed = frontmatter.parse_fields(raw, timezone(self.env))
        post = Post(docname=docname, **parsed.values)
        fallback_line = directive_nodes[0].line if directive_nodes else 1
        source_text: str | None = None

        def found_line(name: str) -> int | None:
            nonlocal source_text
            if source_text is None:
                try:
                    source_text = Path(self.document["source"]).read_text(encoding="utf-8")
                except (OSError, KeyError, UnicodeDecodeError):
                    source_text = ""
            return frontmatter.find_line(source_text, name)

        def line_of(name: str) -> int:
            return found_line(name) or fallback_line or 1

        for name, message in parsed.problems:
            warn(message, subtype="frontmatter", docname=docname, line=line_of(name))
        for url_field in ("images", "canonicalurl"):
            self._drop_unsafe_urls(post, url_field, line_of)
        allowed = self.config.blog_tags_allowed
        if allowed is not None:
            allowed_keys = {tag_key(t) for t in allowed}
            for tag in post.tags:
                if tag_key(tag) not in allowed_keys:
                    warn(
                        f"tag {tag!r} is not in blog_tags_allowed",
                        subtype="tag",
                        docname=docname,
                        line=line_of("tags"),
                    )
        if post.slug or post.aliases:
            post.lines = {name: line for name in ("slug", "aliases") if (line := found_line(name))}
        if not post.slug:
            post.slug = default_slug(docname)
        return post

    @staticmethod
    def _drop_unsafe_urls(post: Post, name: str, line_of: Any) -> None:
        values = getattr(post, name)
        urls = values if isinstance(values, list) else [values] if values else []
        safe = []
        for url in urls:
            reason = unsafe_url_reason(url)
            if reason:
                warn(f"{name}: {reason}", subtype="url", docname=post.docname, line=line_of(name))
            else:
                safe.append(url)
        setattr(post, name, safe if isinstance(values, list) else (safe[0] if safe else ""))


def default_slug(docname: str) -> str:
    parts = docname.split("/")
    if parts[-1] == "index" and len(parts) > 1:
        return parts[-2]
    return parts[-1]


def _docinfo_fields(docinfo: nodes.docinfo) -> dict[str, str]:
    fields: dict[str, str] = {}
    for node in docinfo.children:
        if isinstance(node, nodes.field):
            fields[node[0].astext().strip()] = node[1].astext()
        elif isinstance(node, nodes.TextElement):
            # bibliographic fields such as ``date`` get a node class of their own
            fields[node.__class__.__name__] = node.astext()
    return fields


def _has_title(document: nodes.document) -> bool:
    """Whether the body opens with its own top-level heading."""
    for child in document.children:
        if isinstance(child, nodes.docinfo | nodes.PreBibliographic | nodes.Invisible):
            continue
        return isinstance(child, nodes.section)
    return False


def _wrap_in_titled_section(document: nodes.document, title: str) -> None:
    """Put the body of a document without any section under a ``title`` heading."""
    section = nodes.section(ids=[nodes.make_id(title) or "post"], names=[])
    section += nodes.title(title, title)
    keep = [c for c in document.children if isinstance(c, nodes.docinfo | nodes.PreBibliographic)]
    section.extend(c for c in document.children if c not in keep)
    document.children = [*keep, section]
    section.parent = document
    for child in section.children:
        child.parent = section


class PostCollector(EnvironmentCollector):
    """Keeps one :class:`~sphinx_blogext.model.Post` per post document."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        blog_data(env).drop_post(docname)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = blog_data(env), blog_data(other)
        for docname in docnames:
            if docname in theirs.posts:
                mine.add_post(theirs.posts[docname])

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        data = blog_data(env)
        post = data.posts.get(env.docname)
        if post is None:
            return
        text = doctree.astext()
        post.word_count = len(text.split())
        post.reading_minutes = max(1, round(post.word_count / env.config.blog_words_per_minute))
        post.excerpt = (
            post.lead
            or post.summary
            or post.description
            or _first_paragraph(doctree, env.config.blog_excerpt_words)
        )
        if not post.title:
            title = env.titles.get(env.docname)
            post.title = title.astext() if title else post.slug
        metadata = env.metadata[env.docname]
        # posts are reached through listings, not the toctree
        metadata.setdefault("orphan", True)
        if post.draft and not env.config.blog_drafts:
            metadata["nosearch"] = True
        data.add_post(post)


def _first_paragraph(doctree: nodes.document, max_words: int) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        if isinstance(paragraph.parent, nodes.section | nodes.document):
            words = paragraph.astext().split()
            if words:
                text = " ".join(words[:max_words])
                return text + " …" if len(words) > max_words else text
    return ""


def setup_posts(app: Sphinx) -> None:
    app.add_node(post_node)
    app.add_directive("post", PostDirective)
    app.add_transform(PostTransform)
    app.connect("source-read", add_title_heading)
    app.add_env_collector(PostCollector)
