"""What the import must not write: files over the build's own outputs, pages over the user's.

Hugo's ``static/`` folder is published at the site's root
(``html_extra_path``), after Sphinx has written its pages: a file there
replaces whatever the build put at the same path (``_static/basic.css``, a
page, a feed). And under ``dirhtml`` the sources ``X.md`` and ``X/index.md``
are both the page ``X/index.html``: an imported page must not hide one of
the user's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..urls import RESERVED_TOP
from .newpost import Project, source_suffixes

if TYPE_CHECKING:
    from collections.abc import Iterable

#: What Sphinx writes at the top of the output besides :data:`RESERVED_TOP`.
BUILD_FILES = frozenset({".buildinfo", "index.html"})
#: Source suffixes assumed besides ``source_suffix``: Sphinx's, MyST's and
#: those of common extensions (notebooks, plain text).
COMMON_SUFFIXES = (".md", ".rst", ".ipynb", ".txt", ".markdown")
_SUFFIX_SETTING = re.compile(r"^source_suffix\s*=(.*?)(?=^\S|\Z)", re.MULTILINE | re.DOTALL)
_QUOTED_SUFFIX = re.compile(r"""["'](\.[\w.+-]{1,20})["']""")


@dataclass
class Reserved:
    """The output paths of the build, each case-folded: files and whole folders."""

    files: dict[str, str] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_build(cls, pages: Iterable[str], aliases: Iterable[str]) -> Reserved:
        """The build's own outputs, those of the blog, the imported ``pages``
        (``blog/x/index.md``) and the redirect pages of ``aliases``."""
        reserved = cls()
        for generated, what in Project(Path()).generated().items():
            if generated.endswith("/index") or "." in generated.rsplit("/", 1)[-1]:
                reserved.add_file(_html(generated), what)
            else:
                reserved.add_folder(generated, what)
        for page in pages:
            reserved.add_file(_html(str(PurePosixPath(page).with_suffix(""))), "an imported page")
        for alias in aliases:
            path = alias.split("#", 1)[0].split("?", 1)[0].strip("/")
            target = path if path.endswith(".html") else f"{path}/index.html".lstrip("/")
            reserved.add_file(target, "a redirect page")
        return reserved

    def add_file(self, path: str, what: str) -> None:
        self.files.setdefault(path.casefold(), what)

    def add_folder(self, path: str, what: str) -> None:
        self.folders.setdefault(path.casefold(), what)

    def taken(self, path: str) -> str | None:
        """What the build writes at ``path`` (relative to the output), or None."""
        key = path.casefold()
        top = key.split("/", 1)[0]
        if top in RESERVED_TOP or top in BUILD_FILES:
            return "Sphinx's own output"
        if key in self.files:
            return self.files[key]
        return next((w for f, w in self.folders.items() if key.startswith(f + "/")), None)


def _html(docname: str) -> str:
    return docname if "." in docname.rsplit("/", 1)[-1] else f"{docname}.html"


def project_suffixes(conf: Path) -> tuple[str, ...]:
    """The source suffixes of the project: :data:`COMMON_SUFFIXES` and those that
    ``conf.py`` names in ``source_suffix`` (read as text: conf.py is not run)."""
    try:
        text = conf.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    setting = _SUFFIX_SETTING.search(text)
    named = _QUOTED_SUFFIX.findall(setting.group(1)) if setting else []
    return source_suffixes([*COMMON_SUFFIXES, *named])


def shadowed(dest: Path, output: str, suffixes: Iterable[str], ours: set[str]) -> Path | None:
    """A source of the user's in ``dest`` that the page ``output`` would hide, if any.

    ``X/index.md`` hides ``X.<suffix>`` and ``X.md`` hides ``X/index.<suffix>``,
    names compared case-folded (``Mine.md`` is ``mine.md`` on some systems).
    Files in ``ours`` (written now or by an earlier import) are not the user's.
    """
    path = PurePosixPath(output)
    if path.stem == "index" and len(path.parts) > 1:
        folder, stem = path.parent.parent, path.parent.name
    else:
        folder, stem = path.parent / path.stem, "index"
    names = {f"{stem}{s}".casefold() for s in suffixes}
    directory = dest / folder
    if not directory.is_dir() or directory.is_symlink():
        return None
    for entry in sorted(directory.iterdir()):
        own = (folder / entry.name).as_posix()
        if entry.name.casefold() in names and entry.is_file() and own not in ours:
            return entry
    return None
