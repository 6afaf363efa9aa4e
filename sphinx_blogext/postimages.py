"""Post images: the files a post's ``images`` name are published with the post.

A post's image is what listing cards, ``og:image``, ``twitter:image``, feeds
and JSON-LD show. Hugo sites give it in several ways, read here in Hugo's
order:

1. ``images`` (a list; the first is the one shown);
2. else the keys Hugo themes use for one image: ``image`` (text; ABlog's
   ``image: N`` is a number and means something else), ``cover`` (text, or a
   mapping with ``image``, as PaperMod writes it), ``featured_image``;
3. else, in a page bundle (a post that is its folder's ``index``), the first
   image file of the bundle whose name holds ``feature``, then one whose name
   holds ``cover`` or ``thumbnail``, as Hugo's own Open Graph template picks.

A path without a scheme is the post's file: relative to the post (a bundle's
``thumbnail.png``), else relative to the site's root (Hugo resolves
``images`` against the site). A file of the project is published by the
build at the same path in the output, beside the post's page, in every
builder that writes pages; one under ``html_extra_path`` is already
published there. The post's ``images`` then hold the site path
(``/blog/x/thumbnail.png``), so every view links the published file. An image
that is not found, is outside the project or is not an image is a located
warning and is left out.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from .imaging import (
    CARD,
    COVER,
    ImageJob,
    add_image_jobs,
    variant_files,
    variant_jobs,
    variant_routes,
)
from .model import blog_data
from .outputs import FileOutput, add_files, add_stamp, file_stamps
from .routes import Layer, RouteKind, add_route_family
from .urls import IMAGE_TYPES, is_absolute, path_problem, unsafe_url_reason
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils import nodes
    from sphinx.application import Sphinx

    from .model import Post
    from .outputs import BuildState
    from .routes import Route, RouteTable

IMAGE = RouteKind("post-image", Layer.FILE)
VARIANT = RouteKind("post-image-variant", Layer.FILE)
#: Keys Hugo themes use for a post's one image, in the order they are tried.
SINGLE_KEYS = ("image", "cover", "featured_image")
#: Names of a bundle's files Hugo takes as the post's image, in order.
BUNDLE_NAMES = (("feature",), ("cover", "thumbnail"))


def find_images(app: Sphinx, doctree: nodes.document) -> None:
    """Resolve a post's images and note the files to publish (``doctree-read``)."""
    env = app.env
    post = blog_data(env).posts.get(env.docname)
    if post is None:
        return
    source = Path(env.doc2path(env.docname))
    key, entries = _entries(post, source)
    shown: list[str] = []
    published: list[tuple[str, str]] = []
    for entry in entries:
        if is_absolute(entry):
            shown.append(entry)  # checked as a URL when the front matter was read
            continue
        found = _locate(app, env.docname, source, entry)
        if isinstance(found, str):
            line = post.line(key) or post.line("images")
            warn(f"{key}: {found}; left out", subtype=Subtype.IMAGE, docname=env.docname, line=line)
            continue
        output, file = found
        if file is not None:
            env.note_dependency(str(file))
            published.append((output, str(file)))
        shown.append("/" + output)
    post.images = shown
    post.files = published
    post.cover_in_body = bool(shown) and shown[0] in _shown_in_body(env.docname, doctree)


def _shown_in_body(docname: str, doctree: nodes.document) -> set[str]:
    """The images a document's body shows, as site paths (``/blog/x/cover.png``) or URLs."""
    from docutils import nodes

    found = set()
    for node in doctree.findall(nodes.image):
        uri = str(node.get("uri", "")).split("#", 1)[0].split("?", 1)[0]
        if not uri or is_absolute(uri):
            found.add(uri)
            continue
        path = uri if uri.startswith("/") else posixpath.join(posixpath.dirname(docname), uri)
        found.add("/" + posixpath.normpath(path.lstrip("/")))
    return found


def _entries(post: Post, source: Path) -> tuple[str, list[str]]:
    """The key the images come from, and its entries as written."""
    if post.images:
        return "images", list(post.images)
    for key in SINGLE_KEYS:
        value = post.params.get(key)
        if isinstance(value, dict):
            value = value.get("image")
        if isinstance(value, str) and value.strip() and not value.strip().isdigit():
            value = value.strip()
            reason = unsafe_url_reason(value)
            if reason is None:
                return key, [value]
            line = post.line(key)
            warn(f"{key}: {reason}; left out", subtype=Subtype.URL, docname=post.docname, line=line)
            return key, []
    if source.stem.split(".")[0] == "index":
        found = _bundle_image(source.parent)
        if found:
            return "images", [found]
    return "images", []


def _bundle_image(folder: Path) -> str:
    """The bundle file Hugo's templates take as the image, or ""."""
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.is_file() and Path(entry.name).suffix.lower() in IMAGE_TYPES
        )
    except OSError:
        return ""
    for words in BUNDLE_NAMES:
        for name in names:
            if any(word in name.casefold() for word in words):
                return name
    return ""


def _locate(app: Sphinx, docname: str, source: Path, entry: str) -> tuple[str, Path | None] | str:
    """Where an image is published: (output path, the project's file to copy, or None
    when ``html_extra_path`` publishes it), or why it cannot be."""
    srcdir = Path(app.srcdir).resolve()
    path = entry.split("#", 1)[0].split("?", 1)[0]
    if Path(path).suffix.lower() not in IMAGE_TYPES:
        return f"{entry[:80]!r} is not an image ({', '.join(IMAGE_TYPES)})"
    candidates: list[str] = []
    if not path.startswith("/"):
        candidates.append(posixpath.normpath(posixpath.join(posixpath.dirname(docname), path)))
    candidates.append(posixpath.normpath(path.lstrip("/")))
    for output in dict.fromkeys(candidates):
        if output.startswith("../") or output in ("..", "."):
            continue
        if _published_by_sphinx(app, output):
            return output, None
        file = srcdir / output
        try:
            resolved = file.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if not resolved.is_relative_to(srcdir):
            return f"{entry[:80]!r} is outside the project"
        if not resolved.is_file():
            continue
        problem = path_problem(output)
        if problem:
            return problem
        return output, resolved
    # a missing file: read the post again once it is there
    folder = source.parent if not path.startswith("/") else srcdir
    app.env.note_dependency(str(folder / path.lstrip("/")))
    return f"the image {entry[:80]!r} does not exist"


def _published_by_sphinx(app: Sphinx, output: str) -> bool:
    """Whether Sphinx copies a file to ``output``: one of ``html_extra_path``, or one of
    ``html_static_path`` (into ``_static/``)."""
    confdir = Path(app.confdir)
    config = app.config
    folders = [(confdir / extra, output) for extra in getattr(config, "html_extra_path", [])]
    if output.startswith("_static/"):
        inner = output.removeprefix("_static/")
        folders += [(confdir / static, inner) for static in getattr(config, "html_static_path", [])]
    return any((folder / inner).is_file() for folder, inner in folders)


def image_routes(table: RouteTable) -> Iterator[Route]:
    """A file route for every published post's image, once per output path."""
    drafts = table.settings.drafts
    seen: set[str] = set()
    for docname, post in sorted(table.catalog.posts.items()):
        if post.draft and not drafts:
            continue
        for output, _file in post.files:
            if output in seen:
                continue
            seen.add(output)
            line = post.line("images") or next(
                (post.line(k) for k in SINGLE_KEYS if post.line(k)), None
            )
            yield table.file(
                IMAGE, output, subject=("posts", docname), rel="image", owner=docname, line=line
            )
            # what listing cards and the post's page show: smaller copies, cropped to shape
            yield from variant_routes(
                table, VARIANT, output, (CARD, COVER), subject=("posts", docname), owner=docname,
                line=line,
            )  # fmt: skip


def _sources(state: BuildState) -> dict[str, str]:
    """The source file of each published image, by its output path."""
    sources: dict[str, str] = {}
    for _docname, post in sorted(state.catalog.posts.items()):
        for output, file in post.files:
            sources.setdefault(output, file)
    return sources


def image_files(state: BuildState) -> Iterator[FileOutput]:
    sources = _sources(state)
    routes = state.routes.claimed("post-images")
    for route in routes:
        if not route.of:
            yield FileOutput(route, "", {}, source=sources[route.file])
    yield from variant_files(state, routes, sources)


def image_stamps(state: BuildState) -> list[tuple[str, tuple[int, int] | None]]:
    """The published images as they are now: one replaced in place is copied (and its
    smaller copies made) again, though no post changed."""
    return file_stamps(_sources(state).values())


def image_jobs(state: BuildState) -> Iterator[ImageJob]:
    return variant_jobs(state, state.routes.claimed("post-images"), _sources(state))


def setup_postimages(app: Sphinx) -> None:
    # before the posts' own doctree-read, which makes the digest of what views show
    app.connect("doctree-read", find_images, priority=450)
    add_route_family(app, "post-images", image_routes)
    add_files(app, "post-images", image_files)
    add_image_jobs(app, "post-images", image_jobs)
    add_stamp(app, "post-images", image_stamps)
