"""Old URLs of posts: ``aliases`` and ``slug`` become redirect pages.

Sphinx publishes a post at its document path. A Hugo site published it at
``/<section>/<slug>/`` and kept old addresses in ``aliases``; both become
small redirect pages here so that links to the old site keep working.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from sphinx.util.osutil import relative_uri

from .posts import blog_data, default_slug
from .render import renderer_for, site_builder
from .urls import site_path_reason
from .warnings import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .model import Post


def slug_owners(env: BuildEnvironment) -> tuple[dict[str, Post], list[tuple[Post, Post]]]:
    """Each slug's post, and the (loser, owner) pairs of posts that share a slug.

    A post keeps the slug of its own file name (that is its address); among
    slugs written in front matter, the first document by name keeps it.
    """
    owners: dict[str, Post] = {}
    clashes: list[tuple[Post, Post]] = []
    posts = sorted(blog_data(env).posts.values(), key=lambda p: (has_own_slug(p), p.docname))
    for post in posts:
        if post.draft:
            continue
        owner = owners.setdefault(post.slug, post)
        # slugs taken from file names (blog/2025/recap, blog/2026/recap) make no
        # redirect, so they can repeat; a slug written in front matter must not
        if owner is not post and has_own_slug(post):
            clashes.append((post, owner))
    return owners, clashes


def has_own_slug(post: Post) -> bool:
    """Whether the front matter gave a slug other than the file name."""
    return post.slug != default_slug(post.docname)


def check_slugs(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about slugs used by two posts and about aliases outside the site."""
    for post, owner in slug_owners(env)[1]:
        warn(
            f"duplicate slug {post.slug!r}: already used by {owner.docname!r}",
            subtype="slug",
            docname=post.docname,
            line=post.lines.get("slug"),
        )
    for docname, post in sorted(blog_data(env).posts.items()):
        for alias in post.aliases:
            reason = site_path_reason(alias)
            if reason:
                warn(
                    f"aliases: {reason}",
                    subtype="alias",
                    docname=docname,
                    line=post.lines.get("aliases"),
                )


def redirect_paths(env: BuildEnvironment, post: Post) -> list[str]:
    """Output files (relative to the output folder) that redirect to ``post``."""
    paths = []
    if has_own_slug(post):
        paths.append(f"{env.config.blog_path}/{post.slug}/")
    paths.extend(a for a in post.aliases if not site_path_reason(a))
    files = []
    for path in paths:
        clean = posixpath.normpath(path.strip("/"))
        files.append(clean if clean.endswith((".html", ".htm")) else f"{clean}/index.html")
    return files


def write_redirects(app: Sphinx, exception: BaseException | None) -> None:
    builder = site_builder(app.builder)
    if exception is not None or builder is None:
        return
    env = app.env
    own_outputs = {str(builder.get_outfilename(d)) for d in env.found_docs}
    renderer = renderer_for(builder)
    seen: set[str] = set()
    for post in sorted(slug_owners(env)[0].values(), key=lambda p: p.docname):
        docname = post.docname
        for path in redirect_paths(env, post):
            target = builder.outdir / path
            if str(target) in own_outputs or path in seen:
                warn(
                    f"redirect {path!r} would replace another page; not written",
                    subtype="alias",
                    docname=docname,
                    line=post.lines.get("aliases"),
                )
                continue
            seen.add(path)
            url = relative_uri(path, builder.get_target_uri(docname))
            page = renderer.render(
                "redirect.html", url=url, title=post.title, language=app.config.language or "en"
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_text(encoding="utf-8") != page:
                target.write_text(page, encoding="utf-8")


def setup_redirects(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_slugs)
    app.connect("build-finished", write_redirects)
