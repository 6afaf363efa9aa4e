"""Posts: which documents are posts, their front matter, title and body facts.

A Markdown post's front matter is read once, when Sphinx reads the source
(``source-read``): the YAML is parsed, every field checked against the
schema and reported with its line, and the block MyST then sees is replaced
by the clean values on a single line, padded so that the body keeps its
line numbers. MyST therefore never meets YAML that could stop it, and a
broken block still gives the post its title and date. reST posts read their
leading field list, and any document can become a post with the ``post``
directive.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import Matcher

from . import _sphinx_compat as compat
from . import frontmatter
from .catalog import is_scheduled
from .config import settings
from .directives import AnyOption, option_lines
from .excerpt import before_marker, render_html
from .model import Post, blog_data
from .outputs import build_now
from .schema import FIELDS
from .views import post_digest
from .warnings import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

_H1 = re.compile(r"^(#\s[^\n]*|[^\n]+\n=+\s*$)", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: a reST field (``:name: value``) at the start of a line
_REST_FIELD = re.compile(r"^:([^:\n]+):", re.MULTILINE)
_MARKDOWN = (".md", ".markdown")
#: ABlog's ``blogpost`` key at the top of a front matter block
_BLOGPOST_KEY = re.compile(r"^['\"]?blogpost['\"]?[ \t]*:", re.MULTILINE | re.IGNORECASE)
#: options of ``post`` that only ABlog's form has
ABLOG_OPTIONS = (
    "category", "location", "language", "redirect", "image", "excerpt", "exclude",
    "nocomments", "canonical_link", "external_link",
)  # fmt: skip


def is_post_docname(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is a post by ``blog_post_pattern``.

    Patterns match document names (``blog/**``) or, as ABlog's do, source files
    (``posts/*.md``). The blog index itself is never a post.
    """
    found = settings(env)
    if not found.post_pattern or docname == f"{found.path}/index":
        return False
    matcher = _matcher(found.post_pattern)
    if matcher(docname):
        return True
    suffix = env.doc2path(docname).suffix
    return bool(suffix) and bool(matcher(docname + suffix))


@functools.cache
def _matcher(patterns: tuple[str, ...]) -> Matcher:
    return Matcher(list(patterns))


@dataclass
class Pending:
    """What was read from a post's source before docutils parsed it."""

    lines: dict[str, int] = field(default_factory=dict)
    #: the fields of Markdown front matter, already read and reported
    reading: frontmatter.Reading | None = None


# -- reading the source ------------------------------------------------------


def read_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Read the front matter of a post's source (``source-read``): a document of
    ``blog_post_pattern``, or one whose front matter says ``blogpost`` (ABlog)."""
    env = app.env
    text = source[0]
    markdown = env.doc2path(docname).suffix.lower() in _MARKDOWN
    match = frontmatter.FRONT_MATTER.match(text) if markdown else None
    if not is_post_docname(env, docname) and (
        match is None or not _BLOGPOST_KEY.search(match.group(1))
    ):
        return
    pending = Pending()
    blog_data(env).pending[docname] = pending
    if not markdown:
        pending.lines = _rest_field_lines(text)
        return
    if match is None:
        return
    block_text = match.group(1)
    block = frontmatter.read_block(block_text, first_line=2)
    found = settings(env)
    reading = frontmatter.read_fields(
        block.raw, found.zone, from_text=False, date_formats=found.date_input_formats
    )
    reading.problems[:0] = block.problems
    pending.lines, pending.reading = block.lines, reading
    for problem in reading.problems:
        line = problem.line or block.lines.get(problem.key or "") or 1
        warn(problem.message, subtype=problem.subtype, docname=docname, line=line)
    clean = frontmatter.one_line({**reading.values, **reading.params})
    height = block_text.count("\n")
    # with nothing left for MyST, no block at all: an empty one is a MyST warning
    head = "---\n" + clean + "\n" * max(height, 1) + "---\n" if clean else "\n" * (height + 2)
    source[0] = head + _with_title(app, text[match.end() :], reading.values.get("title", ""))


def _with_title(app: Sphinx, body: str, title: str) -> str:
    """Give a body the title as its heading, unless its first H1 says the same.

    Done on the source so that MyST sees the body's ``##`` sections below a
    top-level heading and does not warn that headings start at H2. The
    heading takes the place of the blank line after the front matter, so the
    line numbers of warnings in the body stay right.
    """
    if not title or getattr(app.config, "myst_title_to_header", False):
        return body  # with myst_title_to_header, MyST makes the heading itself
    first = _H1.search(_FENCE.sub("", body))
    if first is not None and _plain_heading(first.group(0)) == _plain_heading(title):
        return body
    # as in Hugo, the front matter's title is the title; a different H1 stays a heading
    heading = "# " + _MD_PUNCTUATION.sub(r"\\\1", " ".join(title.split()))
    return heading + body if body.startswith("\n") else heading + "\n" + body


def _plain_heading(text: str) -> str:
    """A heading's words, for comparing: no ``#`` or ``===`` marks, no emphasis or
    escapes, letter case and spacing ignored."""
    text = re.sub(r"^#\s+|\s#+\s*$|\n=+\s*$", "", text.strip())
    return " ".join(re.sub(r"[\\*_`]", "", text).casefold().split())


def _rest_field_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for match in _REST_FIELD.finditer(text):
        lines.setdefault(match.group(1).strip(), text.count("\n", 0, match.start()) + 1)
    return lines


# -- the post directive ------------------------------------------------------


class post_node(nodes.Element):
    """Carries the options of a ``post`` directive to :class:`PostTransform`."""


class PostDirective(SphinxDirective):
    """``.. post::`` makes a document a post; its options are front matter fields.

    ABlog's form is read too: ``.. post:: DATE`` (the argument is the date), its
    options, and content, which is the post's excerpt and stays on the page
    (unless ``:exclude:``).
    """

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = AnyOption(
        (*(f.name for f in FIELDS), "author", *ABLOG_OPTIONS)
    )

    def run(self) -> list[nodes.Node]:
        node = post_node()
        fields = {k: v or "" for k, v in self.options.items()}
        lines = option_lines(self)
        if self.arguments and not any(k.casefold() == "date" for k in fields):
            fields["date"] = self.arguments[0]
            lines["date"] = self.lineno
        node["fields"], node["lines"] = fields, lines
        ablog = bool(self.arguments or self.content) or any(k in ABLOG_OPTIONS for k in fields)
        node["form"] = "ablog" if ablog else ""
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        self.set_source_info(node)
        return [node]


# -- building the post -------------------------------------------------------


class PostTransform(SphinxTransform):
    """Make the :class:`~sphinx_blogext.model.Post` of a post document.

    Runs after the DocInfo transform (340) has turned a leading field list
    into a ``docinfo`` node, and before Sphinx's collectors remove it.
    """

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.docname
        data = blog_data(env)
        directive_nodes = list(self.document.findall(post_node))
        pending = data.pending.pop(docname, None)
        docinfo = None
        if pending is None or pending.reading is None:
            docinfo = next(iter(self.document.findall(nodes.docinfo)), None)
        raw = docinfo_fields(docinfo) if docinfo is not None else {}
        blogpost = any(k.strip().casefold() == "blogpost" for k in raw)
        if not (directive_nodes or pending or blogpost or is_post_docname(env, docname)):
            return
        if pending is None:
            pending = Pending()
        lines = dict(pending.lines)
        if pending.reading is not None:
            reading = pending.reading
            blogpost = any(k.casefold() == "blogpost" for k in reading.params)
        else:
            reading = self._read(docname, raw, lines, fallback=1)
        form = "ablog" if blogpost else ""
        excerpt = []
        for node in directive_nodes:
            lines.update(node["lines"])
            reading.merge(self._read(docname, node["fields"], node["lines"], fallback=node.line))
            form = node["form"] or form
            if len(node):
                excerpt.append(_field_text(node))
            shown = len(node) and not any(k.casefold() == "exclude" for k in node["fields"])
            node.replace_self(node.children if shown else [])
        post = Post(docname=docname, **reading.values, params=reading.params, form=form)
        post.excerpt = " ".join(" ".join(excerpt).split())
        post.lines = {k.casefold(): v for k, v in lines.items()}
        data.posts[docname] = post
        if post.title and not _has_title(self.document):
            _wrap_in_titled_section(self.document, " ".join(post.title.split()))

    def _read(
        self, docname: str, raw: dict[str, Any], lines: dict[str, int], fallback: int | None
    ) -> frontmatter.Reading:
        found = settings(self.env)
        reading = frontmatter.read_fields(
            raw, found.zone, from_text=True, date_formats=found.date_input_formats
        )
        for problem in reading.problems:
            line = lines.get(problem.key or "") or _field_line(self.document, problem.key)
            warn(problem.message, subtype=problem.subtype, docname=docname, line=line or fallback)
        reading.problems.clear()
        return reading


def _field_line(document: nodes.document, key: str | None) -> int | None:
    """The line of field ``key`` in a source that was not read beforehand."""
    if not key:
        return None
    try:
        text = Path(document["source"]).read_text(encoding="utf-8")
    except (OSError, KeyError, UnicodeDecodeError):
        return None
    return _rest_field_lines(text).get(key)


def docinfo_fields(docinfo: nodes.docinfo) -> dict[str, str]:
    """The text of each field of a reST post's leading field list."""
    fields: dict[str, str] = {}
    for node in docinfo.children:
        if isinstance(node, nodes.field):
            fields[node[0].astext().strip()] = _field_text(node[1])
        elif isinstance(node, nodes.authors):
            fields["authors"] = ", ".join(_field_text(child) for child in node.children)
        elif isinstance(node, nodes.TextElement):
            # bibliographic fields such as ``date`` get a node class of their own
            fields[node.__class__.__name__] = _field_text(node)
    return fields


def _field_text(node: nodes.Node) -> str:
    """A field's text without docutils' notes in it.

    This runs before docutils drops the notes below the report level (such
    as an INFO about a lone ``\\`` that looks like a title's overline), so
    they are still in the tree and must not become part of a title.
    """
    if not any(True for _ in node.findall(nodes.system_message)):
        return node.astext()
    clean = node.deepcopy()
    for message in list(clean.findall(nodes.system_message)):
        message.parent.remove(message)
    return clean.astext()


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


# -- the collector -----------------------------------------------------------


def finish_post(app: Sphinx, doctree: nodes.document) -> None:
    """What a post's body gives it: reading time, excerpt, title (``doctree-read``)."""
    env = app.env
    data = blog_data(env)
    post = data.posts.get(env.docname)
    if post is None:
        return
    found = settings(env)
    text = doctree.astext()
    post.word_count = len(text.split())
    post.reading_minutes = max(1, round(post.word_count / found.words_per_minute))
    # the author's read-more marker ends the excerpt; else an excerpt given already (the
    # content of ABlog's post directive, or what ABlog's rules chose), lead, summary…
    marked = before_marker(doctree)
    post.excerpt_html = render_html(marked) if marked else ""
    post.excerpt = (
        (" ".join(" ".join(block.astext() for block in marked).split()) if marked else "")
        or post.lead
        or post.summary
        or post.description
        or post.excerpt
        or _first_paragraph(doctree, found.excerpt_words)
    )
    if not post.title:
        title = env.titles.get(env.docname)
        post.title = title.astext() if title else post.slug or env.docname
    post.digest = post_digest(post)
    # posts are reached through listings, not the toctree
    compat.mark_orphan(env, env.docname)
    if (post.draft and not found.drafts) or (
        is_scheduled(post, build_now(app)) and not found.build_future
    ):
        compat.leave_out_of_search(env, env.docname)


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
    app.connect("source-read", read_source)
    app.connect("doctree-read", finish_post)
