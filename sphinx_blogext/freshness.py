"""Keeping incremental builds exact without rewriting what did not change.

A post page shows its neighbours and related posts; a page with a
``postlist`` shows other posts. When those change, the page must be written
again although its source did not change. After each read phase, a
fingerprint of the blog parts of every such page is compared with the one it
was last written with, and the pages whose fingerprint moved are written
again (``env-updated``). Generated listing pages are written only when their
content, the configuration, the templates or the toctree changed.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from sphinx.util import logging

from . import __version__ as version
from .config import OPTIONS
from .listings import generated_pages, index_pagename, listing_fingerprint
from .postpage import post_fingerprint
from .posts import blog_data
from .render import TEMPLATES, site_builder

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import Any

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def outdated_by_blog(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Documents whose blog parts changed since they were last written."""
    data = blog_data(env)
    changed = []
    for docname in sorted(set(data.posts) | set(data.postlists) | _index_doc(env)):
        parts: list[object] = [listing_fingerprint(env, docname)]
        post = data.posts.get(docname)
        if post is not None:
            parts.append(post_fingerprint(env, post))
        digest = _digest(parts)
        if data.rendered.get(docname) != digest:
            data.rendered[docname] = digest
            changed.append(docname)
    for docname in set(data.rendered) - env.found_docs:
        del data.rendered[docname]
    return changed


def _index_doc(env: BuildEnvironment) -> set[str]:
    name = index_pagename(env, 1)
    return {name} if name in env.found_docs else set()


# -- generated pages ---------------------------------------------------------


def _state_file(builder: Builder) -> Path:
    return builder.doctreedir / f"blogext-pages-{builder.name}.json"


def _build_fingerprint(builder: Builder) -> str:
    """What every generated page depends on besides its own body."""
    build_info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    own_templates = max((p.stat().st_mtime_ns for p in TEMPLATES.rglob("*.html")), default=0)
    return _digest(
        (
            version,
            str(builder.outdir),
            getattr(build_info, "config_hash", None),
            getattr(build_info, "tags_hash", None),
            templates.newest_template_mtime() if templates is not None else None,
            own_templates,
            _toctree_fingerprint(builder.env),
            # blog_* values rebuild the environment, so the build info leaves them out
            [builder.config[option.name] for option in OPTIONS],
            builder.config.language,
        )
    )


def _toctree_fingerprint(env: BuildEnvironment) -> object:
    """The toctree and the titles in it: the navigation every page shows."""
    in_tree = {d for included in env.toctree_includes.values() for d in included}
    in_tree.add(env.config.root_doc)
    titles = env.titles
    return (
        sorted(env.toctree_includes.items()),
        sorted((d, titles[d].astext()) for d in in_tree if d in titles),
    )


def _load_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Yield the blog's generated pages that are new or changed."""
    builder = site_builder(app.builder)
    if builder is None:
        return
    state_file = _state_file(builder)
    old = _load_state(state_file)
    build = _build_fingerprint(builder)
    old_pages: dict[str, str] = old.get("pages", {}) if old.get("build") == build else {}
    new_pages: dict[str, str] = {}
    for page in generated_pages(builder):
        digest = _digest((page.pagename, page.content))
        new_pages[page.pagename] = digest
        if (
            old_pages.get(page.pagename) == digest
            and builder.get_outfilename(page.pagename).exists()
        ):
            continue
        title, body = page.render()
        yield page.pagename, {"title": title, "body": body, "display_toc": False}, "page.html"
    for gone in set(old.get("pages", {})) - set(new_pages):
        builder.get_outfilename(gone).unlink(missing_ok=True)
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps({"build": build, "pages": new_pages}), encoding="utf-8")


def setup_freshness(app: Sphinx) -> None:
    app.connect("env-updated", outdated_by_blog)
    app.connect("html-collect-pages", collect_pages)
