"""``blogext import-hugo SRC DEST``: move a Hugo/Doks blog into a Sphinx project.

The import is worked out in full before anything is written: every page is
read and converted, every file to copy is found, and problems are collected
for the report. The result is written into a temporary folder beside DEST
and moved into place at the end, so an import that fails leaves DEST as it
was.

Layout of the result (it keeps Hugo's addresses: ``/blog/<slug>/`` is the
page ``blog/<slug>/index.html``):

* posts: ``blog/<path>/index.md``, with the other files of their bundle beside;
* contributors: ``contributors/<slug>/index.md`` with a ``contributor``
  directive, the ``profile.*`` image as avatar;
* other sections (``--sections docs``): the same layout, with a toctree in
  each folder's ``index.md``;
* Hugo's ``static/`` folder: ``static/``, links to it rewritten.

Running the import again updates what it wrote before. A file it did not
write, or one edited since, is left as it is (the manifest
``.blogext-import.json`` remembers what was written).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..people import SOCIAL, social_url
from ..urls import IMAGE_TYPES, hugo_urlize, path_problem
from . import FAILED, OK, CommandError
from .body import Body, convert, outside_code
from .hugo_fields import check_fields, zone_of
from .hugo_layout import content_pages, find_site, inside, unsafe_name
from .hugo_outputs import Reserved
from .hugo_site import (
    MARKDOWN,
    FrontMatterError,
    Page,
    Site,
    lookup,
    plain,
    split_front_matter,
)
from .hugo_write import apply

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

#: Names Doks gives a contributor's picture.
PROFILE = "profile"
#: Front matter of a contributor's page that the import uses or need not keep.
CONTRIBUTOR_KNOWN = frozenset(
    ["title", "name", "description", "role", "summary", "avatar", "image", "date", "lastmod",
     "draft", "weight", "images", "url", "aliases", "slug", "type", "layout", "menu", "toc",
     "seo", "sitemap"]
)  # fmt: skip
_H1 = re.compile(r"^#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
#: the URL schemes MyST links to without ``myst_url_schemes``
MYST_SCHEMES = ("http", "https", "mailto", "ftp")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]{0,30}")
#: where Hugo sites keep the files their configuration names (logo, favicon)
ASSET_FOLDERS = ("static", "assets")
#: a favicon Hugo themes (Doks among them) serve from ``static/`` without naming it
FAVICONS = ("favicon.svg", "favicon.ico", "favicon.png")
#: ``name.<language>``: Hugo's translations by file name
_LANGUAGE = re.compile(r"(.+)\.([a-z]{2}(?:-[a-z]{2,4})?)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Item:
    """Something for a human to look at: where, and what."""

    where: str
    message: str
    #: the page was not imported at all
    skipped: bool = False


@dataclass
class Report:
    posts: int = 0
    drafts: int = 0
    contributors: int = 0
    docs: int = 0
    images: int = 0
    files: int = 0
    shortcodes: Counter[str] = field(default_factory=Counter)
    items: list[Item] = field(default_factory=list)
    actions: Counter[str] = field(default_factory=Counter)

    def note(self, where: str, message: str, *, skipped: bool = False) -> None:
        self.items.append(Item(where, message, skipped))


@dataclass
class Importer:
    site: Site
    dest: Path
    sections: tuple[str, ...] = ()
    blog_section: str = ""
    report: Report = field(default_factory=Report)
    #: output path (below DEST) -> the text of a page or the file to copy
    outputs: dict[str, str | Path] = field(default_factory=dict)
    #: Hugo page address (lower case, ending in /) -> the output Markdown file
    urls: dict[str, str] = field(default_factory=dict)
    #: source file -> output path, for the pages and files that are imported
    moved: dict[Path, str] = field(default_factory=dict)
    #: path below content/ of each page, and its name forms, -> output Markdown file
    names: dict[str, str] = field(default_factory=dict)
    #: each page's address on the Hugo site
    page_urls: dict[Path, str] = field(default_factory=dict)
    #: output Markdown file -> the page that has it
    claimed: dict[str, Path] = field(default_factory=dict)
    #: URL schemes other than MyST's that kept links use (vscode, slack)
    schemes: set[str] = field(default_factory=set)
    #: the site's logo and favicon, as paths in DEST
    logo: str = ""
    favicon: str = ""

    # -- reading ----------------------------------------------------------------

    def run(self) -> None:
        content = self.site.content
        section = self.blog_section or next(
            (s for s in ("blog", "posts", "post") if (content / s).is_dir()), ""
        )
        if not section:
            raise CommandError(f"{content} has no blog/ or posts/ folder (see --blog-section)")
        if not (content / section).is_dir():
            raise CommandError(f"{content / section} does not exist")
        self.blog_section = section
        self._other_languages()
        pages: list[tuple[Page, str]] = []
        pages += [(p, "blog") for p in self._section(content / section, "post")]
        if (content / "contributors").is_dir():
            pages += [(p, "contributors") for p in self._contributors(content / "contributors")]
        found = []
        for name in self.sections:
            folder = content / name
            if not folder.is_dir():
                self.report.note(self.where(folder), "no such section; nothing imported")
                continue
            # the section's folder where Hugo published it (lower case, by default)
            found.append(self._hugo_path(name))
            pages += [(p, found[-1]) for p in self._section(folder, "doc")]
        self.sections = tuple(found)
        # pages at fixed addresses first, then those whose slug moves them
        placed = [(p, o) for p, o in pages if not self._wants_slug(p)]
        placed += [(p, o) for p, o in pages if self._wants_slug(p)]
        pages = [(p, o) for p, o in placed if self._place(p, o)]
        self._static(Reserved.of_build(self._page_outputs(pages), self._aliases(pages)))
        self._identity()
        for page, out in pages:
            self._write_page(page, out)
        self._indexes(pages)

    def _other_languages(self) -> None:
        """Each language with a content folder of its own, reported with its pages."""
        site = self.site
        for code, language in site.languages.items():
            folder = language.content
            if folder == site.content or not folder.is_dir() or not inside(folder, site.root):
                continue
            where = self.where(language.defined_in or folder)
            count = content_pages(folder)
            self.report.note(
                where,
                f"language {code} ({self.where(folder)}): {count} page{'s' * (count != 1)} "
                f"not imported; use --language {code}",
            )

    def _hugo_path(self, path: str) -> str:
        """A path as Hugo made it an address: each name sanitized as Hugo does (``My
        Post`` is ``my-post``), lower-cased unless ``disablePathToLower``."""
        lower = self.site.lower_paths
        return "/".join(hugo_urlize(part, lower=lower) or part for part in path.split("/"))

    def _page_outputs(self, pages: list[tuple[Page, str]]) -> list[str]:
        """Every Markdown file the import writes: the pages and the folders' index pages."""
        outputs = {"index.md", "blog/index.md"} | {self.moved[p.source] for p, _o in pages}
        for page, out in pages:
            if out not in ("blog", "contributors"):
                folder = PurePosixPath(self.moved[page.source]).parent
                outputs |= {f"{f}/index.md" for f in folder.parents if f.is_relative_to(out)}
        return sorted(outputs)

    @staticmethod
    def _aliases(pages: list[tuple[Page, str]]) -> list[str]:
        return [a for page, _out in pages for a in _aliases(page.fields)]

    def where(self, path: Path, line: int | None = None) -> str:
        try:
            shown = path.relative_to(self.site.root).as_posix()
        except ValueError:
            shown = str(path)
        # a name may hold a newline: the report keeps one item a line
        shown = _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", shown)
        return f"{shown}:{line}" if line else shown

    def _read(self, path: Path, kind: str, rel: PurePosixPath) -> Page | None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.report.note(self.where(path), f"cannot read the file: {exc}", skipped=True)
            return None
        try:
            fields, lines, body, body_line = split_front_matter(text)
        except FrontMatterError as exc:
            self.report.note(self.where(path, exc.line), str(exc), skipped=True)
            return None
        bundle = self._stem(path) in ("index", "_index")
        return Page(path, rel, kind, fields, lines, body, body_line, bundle=bundle)

    def _section(self, folder: Path, kind: str) -> list[Page]:
        """The pages of a section: leaf bundles, single files, and ``_index.md`` pages.

        Translations (``post.de.md`` on a site whose language is ``en``) are
        listed for a human and not imported.
        """
        content = self.site.content
        pages = []
        for directory, subdirs, files in os.walk(folder):
            here = Path(directory)
            for name in [d for d in subdirs if (here / d).is_symlink()]:
                self.report.note(self.where(here / name), "a symbolic link; not imported")
            subdirs[:] = sorted(d for d in subdirs if self._safe_name(here / d))
            files = [f for f in files if self._own(here / f)]
            markdown = []
            for name in sorted(f for f in files if Path(f).suffix.lower() in MARKDOWN):
                language = self._translation(here / name)
                if language:
                    where = self.where(here / name)
                    self.report.note(where, f"a translation ({language}); not imported")
                else:
                    markdown.append(name)
            index = next((f for f in markdown if self._stem(Path(f)) == "index"), None)
            if index is not None:  # a leaf bundle: everything below belongs to it
                subdirs.clear()
                page = self._read(here / index, kind, _rel(here / index, content))
                if page is not None:
                    page.resources = self._resources(here, skip=here / index)
                    pages.append(page)
                continue
            for name in markdown:
                path = here / name
                section = self._stem(Path(name)) == "_index"
                if section and kind == "post" and here != folder:
                    self.report.note(
                        self.where(path),
                        "a section page inside the blog; the blog's index and archives replace it",
                    )
                    continue
                page = self._read(path, "section" if section else kind, _rel(path, content))
                if page is not None:
                    pages.append(page)
            others = [f for f in files if Path(f).suffix.lower() not in MARKDOWN]
            section_page = next(
                (p for p in pages if p.kind == "section" and p.source.parent == here), None
            )
            if section_page is not None:
                # a branch bundle's own files
                section_page.resources = [(here / f, PurePosixPath(f)) for f in sorted(others)]
            elif others and here != folder:
                if not markdown:
                    message = "a folder with files but no index.md: not a page bundle"
                    self.report.note(self.where(here), message, skipped=True)
                else:
                    for name in others:
                        message = "a file beside a section page (not in a page bundle)"
                        self.report.note(self.where(here / name), f"{message}; not copied")
        return pages

    def _own(self, path: Path) -> bool:
        """Whether ``path`` is the site's own file with a safe name; others are reported."""
        if path.is_symlink() or not inside(path, self.site.root):
            self.report.note(self.where(path), "a symbolic link; not imported")
            return False
        return self._safe_name(path)

    def _safe_name(self, path: Path) -> bool:
        """Whether the names of ``path`` below the site's root are safe; if not, reported."""
        for name in path.relative_to(self.site.root).parts:
            problem = unsafe_name(name)
            if problem is not None:
                self.report.note(self.where(path), f"{problem} in {name!r}; not imported")
                return False
        return True

    def _resources(self, bundle: Path, skip: Path) -> list[tuple[Path, PurePosixPath]]:
        found = []
        for path in sorted(
            p for p in bundle.rglob("*") if p != skip and (p.is_file() or p.is_symlink())
        ):
            if not self._own(path):
                continue
            if path.suffix.lower() in MARKDOWN:
                language = self._translation(path)
                message = (
                    f"a translation ({language})" if language else "a Markdown file inside a bundle"
                )
                self.report.note(self.where(path), f"{message}; not imported")
                continue
            found.append((path, PurePosixPath(path.relative_to(bundle).as_posix())))
        return found

    def _contributors(self, folder: Path) -> list[Page]:
        content = self.site.content
        people = []
        for child in sorted(folder.iterdir()):
            if not self._own(child):
                continue
            if child.is_dir():
                page_file = next(
                    (child / f"{n}{s}" for n in ("_index", "index") for s in MARKDOWN
                     if (child / f"{n}{s}").is_file()),
                    None,
                )  # fmt: skip
                if page_file is None:
                    self.report.note(
                        self.where(child),
                        "a contributor folder without _index.md",
                        skipped=True,
                    )
                    continue
                page = self._read(page_file, "contributor", _rel(page_file, content))
                if page is not None:
                    page.resources = self._resources(child, skip=page_file)
                    people.append(page)
            elif child.suffix.lower() in MARKDOWN and child.stem != "_index":
                page = self._read(child, "contributor", _rel(child, content))
                if page is not None:
                    people.append(page)
        return people

    @property
    def language(self) -> str:
        """The language imported: files with its code (``index.en.md``) are its pages."""
        return self.site.code

    # -- where pages go -----------------------------------------------------------

    def _wants_slug(self, page: Page) -> bool:
        slug = page.fields.get("slug")
        return (
            page.kind == "post"
            and isinstance(slug, str)
            and path_problem(slug.strip("/"), segment=True) is None
        )

    def _place(self, page: Page, out: str) -> bool:
        """Give the page its output file and record every name it is known by.

        The output keeps the page's Hugo address: ``/blog/<slug>/`` is
        ``blog/<slug>/index.md`` (with the front matter's ``slug`` as the
        last part, as in Hugo). A page whose address another page already has
        is not imported (False); a slug that is taken is dropped.
        """
        rel = page.rel
        stem = self._stem(rel)
        parts = [*rel.parts[1:-1], stem]  # below the section
        folder = PurePosixPath(*parts[:-1]) if page.bundle else PurePosixPath(*parts)
        if page.kind == "contributor" and not page.bundle:
            folder = PurePosixPath(stem)
        folder = PurePosixPath(self._hugo_path(folder.as_posix()))
        slug = page.fields.get("slug")
        if self._wants_slug(page):
            renamed = folder.parent / self._hugo_path(str(slug).strip("/"))
            if f"{out}/{renamed}/index.md" not in self.claimed:
                folder = renamed
            else:
                where = self.where(page.source, page.line("slug"))
                other = self.where(self.claimed[f"{out}/{renamed}/index.md"])
                message = f"slug {slug!r} is the address of {other}; left out"
                self.report.note(where, message)
                del page.fields["slug"]
        target = (PurePosixPath(out) / folder / "index.md").as_posix()
        if target in self.claimed:
            other = self.where(self.claimed[target])
            message = f"has the same address as {other}"
            self.report.note(self.where(page.source), message, skipped=True)
            return False
        self.claimed[target] = page.source
        self.moved[page.source] = target
        hugo = "/" + "/".join([rel.parts[0], *folder.parts]) + "/"
        self.page_urls[page.source] = hugo
        self.urls[_url_key(hugo)] = target
        own = parts[:-1] if page.bundle else parts
        original = "/" + "/".join([rel.parts[0], *own]) + "/"
        self.urls.setdefault(_url_key(original), target)
        url = page.fields.get("url")
        if isinstance(url, str) and url.strip():
            self.urls.setdefault(_url_key(url), target)
            self.page_urls[page.source] = "/" + url.strip("/") + "/"
        for alias in _aliases(page.fields):
            self.urls.setdefault(_url_key(alias), target)
        plain_rel = rel.parent / f"{stem}{rel.suffix}"
        names = {plain_rel.as_posix(), str(plain_rel.with_suffix(""))}
        if page.bundle:
            names |= {str(rel.parent), f"{rel.parent}.md"}
        base = rel.parent.name if page.bundle else stem
        names |= {base, f"{base}.md"}
        for name in names:
            self.names.setdefault(name.casefold(), target)
        for source, inner in page.resources:
            self.moved[source] = (PurePosixPath(target).parent / inner).as_posix()
        return True

    def _stem(self, path: PurePosixPath | Path) -> str:
        """A file's name without its suffix, and without the default language's (``.en``)."""
        stem = path.name.rsplit(".", 1)[0]
        found = _LANGUAGE.fullmatch(stem)
        return found.group(1) if found and found.group(2) == self.language else stem

    def _translation(self, path: Path) -> str:
        """The language of a translation (``post.de.md``), or "" for the site's own."""
        found = _LANGUAGE.fullmatch(path.name.rsplit(".", 1)[0])
        return found.group(2) if found and found.group(2) != self.language else ""

    def _static(self, reserved: Reserved) -> None:
        """Hugo's ``static/``, published at the site's root: but never over the build's files."""
        static = self.site.static
        if static is None:
            return
        for path in sorted(p for p in static.rglob("*") if p.is_file() or p.is_symlink()):
            if not self._own(path):
                continue
            published = path.relative_to(static).as_posix()
            taken = reserved.taken(published)
            if taken is not None:
                message = f"/{published} is {taken} in the new site; not copied"
                self.report.note(self.where(path), message)
                continue
            self.moved[path] = f"static/{published}"
            self._copy(path)

    def _identity(self) -> None:
        """The logo and favicon the configuration names (or Doks' ``static/favicon.*``)."""
        site = self.site
        self.logo = self._asset(site.text("params.logo", "params.schemalogo"))
        self.favicon = self._asset(site.text("params.favicon")) or next(
            (f"static/{n}" for n in FAVICONS if site.static and site.static / n in self.moved), ""
        )

    def _asset(self, name: str) -> str:
        """Where the site's image ``name`` (in ``static/`` or ``assets/``) is in DEST, or ""."""
        name = name.strip().lstrip("/")
        if not name or re.match(r"^[a-zA-Z][\w+.-]*:", name) or "\\" in name:
            return ""
        for folder in ASSET_FOLDERS:
            path = self.site.root / folder / name
            if not path.is_file() or path.suffix.lower() not in (*IMAGE_TYPES, ".ico"):
                continue
            if path in self.moved:
                return self.moved[path]
            base = self.site.root / folder
            if folder != "static" and self._own(path) and inside(path, base):
                self.moved[path] = f"{folder}/{path.relative_to(base).as_posix()}"
                self.outputs[self.moved[path]] = path
                return self.moved[path]
        return ""

    # -- links ----------------------------------------------------------------------

    def _resolver(self, page: Page, target_file: str) -> Body:
        here = posixpath.dirname(target_file)
        hugo_url = self.page_urls[page.source]

        def relative(output: str, fragment: str) -> tuple[str | None, str]:
            return posixpath.relpath(output, here) + fragment, ""

        def link(target: str, image: bool) -> tuple[str | None, str]:
            if re.match(r"^[a-zA-Z][\w+.-]*:", target) or target.startswith(("//", "#")):
                return target, ""
            path, fragment = _split(target)
            path = unquote(path)
            if not path:
                return target, ""
            if path.startswith("/"):
                inner = posixpath.normpath(path).lstrip("/")
                static = self.site.static
                for base in (static, self.site.content):
                    found = self.moved.get(base / inner) if base is not None else None
                    if found is not None:
                        return relative(found, fragment)
                page_target = self.urls.get(_url_key(path))
            else:
                source = (page.source.parent / path).resolve()
                if source in self.moved:
                    return relative(self.moved[source], fragment)
                # a page's links are relative to its address (Hugo's pretty URLs)
                page_target = self.urls.get(_url_key(posixpath.join(hugo_url, path)))
            if page_target is not None and not image:
                return relative(page_target, fragment)
            if path.startswith("/") and not image and self.site.base_url:
                old = self.site.base_url.rstrip("/") + path + fragment
                return old, f"{target!r} is not a page of this import; the link now goes to {old}"
            return None, ""

        def ref(argument: str) -> str | None:
            path, fragment = _split(argument.strip())
            path = path.strip().strip("/")
            candidates = [path, posixpath.normpath(posixpath.join(str(page.rel.parent), path))]
            for name in candidates:
                found = self.names.get(name.casefold())
                if found is not None:
                    return posixpath.relpath(found, here) + fragment
            return None

        return Body(
            first_line=page.body_line,
            link=link,
            ref=ref,
            param=self._param(page),
            resource=_resource_finder(page),
        )

    def _param(self, page: Page) -> Callable[[str], str | None]:
        """``{{< param name >}}``: the page's front matter, then the site's params."""
        own = plain(page.fields, lower_keys=True)

        def param(name: str) -> str | None:
            value = lookup(own, name, lower=True)
            return _param_text(self.site.param(name) if value is None else value)

        return param

    # -- writing pages -----------------------------------------------------------------

    def _write_page(self, page: Page, out: str) -> None:
        target = self.moved[page.source]
        body = self._resolver(page, target)
        text = convert(page.body, body)
        divider = re.search(r"<!--\s*more\s*-->", page.body)
        if divider is not None:
            line = page.body_line + page.body.count("\n", 0, divider.start())
            body.notes.append(
                (line, "the summary divider <!--more--> has no effect: listings show the lead, "
                 "summary, description or first paragraph")
            )  # fmt: skip
        for line, message in body.notes:
            self.report.note(self.where(page.source, line), message)
        self.report.shortcodes.update(body.counts)
        # the names go into conf.py: only what looks like a scheme
        schemes = {s.lower() for s in body.schemes}
        self.schemes |= {s for s in schemes if _SCHEME.fullmatch(s) and s not in MYST_SCHEMES}
        if page.kind == "post":
            fields = self._post_fields(page, target)
            self.report.posts += 1
            self.report.drafts += bool(fields.get("draft"))
            self.outputs[target] = _front_matter(fields) + text.lstrip("\n")
        elif page.kind == "contributor":
            self.report.contributors += 1
            self.outputs[target] = self._contributor(page, target, text)
        else:
            self.report.docs += page.kind == "doc"
            self.outputs[target] = self._doc(page, text)
        for source, _inner in page.resources:
            self._copy(source)

    def _copy(self, source: Path) -> None:
        output = self.moved[source]
        self.outputs[output] = source
        if source.suffix.lower() in IMAGE_TYPES:
            self.report.images += 1
        else:
            self.report.files += 1

    def _post_fields(self, page: Page, target: str) -> dict[str, Any]:
        fields = dict(page.fields)  # read as plain values already (split_front_matter)
        aliases = _aliases(fields)
        url = fields.get("url")
        if isinstance(url, str) and url.strip():
            old = url if url.startswith("/") else "/" + url
            if _url_key(old) != _url_key("/" + posixpath.dirname(target) + "/"):
                aliases.append(old)
                self.report.note(
                    self.where(page.source, page.line("url")),
                    f"url {url!r} is now an alias: the old address redirects to the post",
                )
            del fields["url"]
        if self.blog_section != "blog":
            folder = posixpath.dirname(target).removeprefix("blog/")
            aliases.append(f"/{self.blog_section}/{folder}/")
            slug = fields.get("slug")
            if isinstance(slug, str) and slug.strip("/"):
                aliases.append(f"/{self.blog_section}/{slug.strip('/')}/")
        if aliases:
            fields["aliases"] = list(dict.fromkeys(aliases))
        # what the build would warn about is left out, and said here
        bundle = page.source.parent if page.bundle else None
        roots = [self.site.static] if self.site.static is not None else []
        checked = check_fields(fields, zone_of(self.site.timezone), bundle=bundle, roots=roots)
        fields = checked.fields
        for key, message in checked.notes:
            line = page.line(key) if key else page.body_line
            self.report.note(self.where(page.source, line), message)
        for key in list(fields):
            if key.casefold() == "expirydate":
                self.report.note(
                    self.where(page.source, page.line(key)),
                    f"expiryDate {fields[key]!r} has no equivalent: the post stays published",
                )
            if key.casefold() == "publishdate" and fields.get("date") not in (None, fields[key]):
                self.report.note(
                    self.where(page.source, page.line(key)),
                    "publishDate differs from date: date is the one shown and listed",
                )
        return fields

    def _contributor(self, page: Page, target: str, text: str) -> str:
        slug = PurePosixPath(target).parent.name
        fields = page.fields
        name = str(fields.get("title") or fields.get("name") or slug).strip()
        options = [f":name: {_line(name)}"]
        # Doks 1.x: a short summary and a long description (for search engines)
        role = fields.get("role") or fields.get("summary") or fields.get("description")
        if isinstance(role, str) and role.strip():
            options.append(f":role: {_line(role)}")
        avatar = self._avatar(page)
        if avatar:
            options.append(f":avatar: {avatar}")
        for key, value in fields.items():
            field_name = key.casefold()
            if field_name in SOCIAL and isinstance(value, str | int) and str(value).strip():
                try:
                    social_url(field_name, _line(value))
                except ValueError as exc:
                    where = self.where(page.source, page.line(key))
                    self.report.note(where, f"{key}: {exc}; left out")
                    continue
                options.append(f":{field_name}: {_line(value)}")
            elif field_name not in CONTRIBUTOR_KNOWN:
                where = self.where(page.source, page.line(key))
                self.report.note(where, f"contributor field {key!r} has no equivalent; left out")
        fence = _fence(text)
        bio = text.strip("\n")
        return (
            f"# {_heading(name)}\n\n{fence}{{contributor}} {slug}\n"
            + "\n".join(options)
            + ("\n\n" + bio if bio else "")
            + f"\n{fence}\n"
        )

    def _avatar(self, page: Page) -> str:
        """A contributor's picture: Doks 0.x's ``profile.*`` beside the page, else the file
        Doks 1.x names in ``avatar`` (beside the page, or in ``assets/`` or ``static/``,
        also under ``images/``); "" when there is none (reported when one is named)."""
        images = [(s, i) for s, i in page.resources if s.suffix.lower() in IMAGE_TYPES]
        profile = next((i for s, i in images if s.stem.casefold() == PROFILE), None)
        if profile is not None:
            return str(profile)
        key = next((k for k in page.fields if k.casefold() in ("avatar", "image")), None)
        named = page.fields.get(key) if key else None
        if not isinstance(named, str) or not named.strip():
            return ""
        named = named.strip().lstrip("/")
        found = next((str(i) for _s, i in images if str(i) == named), None)
        if found is None:
            asset = self._asset(named) or self._asset(f"images/{named}")
            found = f"/{asset}" if asset else None
        if found is None:
            where = self.where(page.source, page.line(key or "avatar"))
            message = f"{key} {named!r} is not beside the page, in assets/ or static/; left out"
            self.report.note(where, message)
        return found or ""

    def _doc(self, page: Page, text: str) -> str:
        """A page with its front matter; its ``title`` is its heading, as in Hugo.

        A first ``# heading`` of the body that says something else stays
        below it, a heading of the page.
        """
        fields = dict(page.fields)  # read as plain values already (split_front_matter)
        title = fields.get("title")
        head = _front_matter(fields) if fields else ""
        first = _H1.search(outside_code(text))
        titled = first is not None and _line(first.group(1)) == _line(title)
        if isinstance(title, str) and title.strip() and not titled:
            return f"{head}# {_heading(title)}\n\n{text.lstrip(chr(10))}"
        return head + text.lstrip("\n")

    def _indexes(self, pages: list[tuple[Page, str]]) -> None:
        """The blog gets an index page; each folder of another section an ``index.md``
        whose toctree lists the pages and folders below it, by weight then title."""
        if "blog/index.md" not in self.outputs:
            self.outputs["blog/index.md"] = "# Blog\n"
        # Hugo's order: weighted pages first, lowest weight first; then by title
        entries: dict[str, list[tuple[tuple[bool, int], str, str]]] = {s: [] for s in self.sections}
        for page, out in pages:
            if out in ("blog", "contributors"):
                continue
            output = self.moved[page.source]
            folder = posixpath.dirname(output)  # the page's own folder
            if page.kind == "section" and folder == out:
                continue  # the section's own index
            weight = page.fields.get("weight")
            order = weight if isinstance(weight, int) and not isinstance(weight, bool) else 0
            title = str(page.fields.get("title") or posixpath.basename(folder))
            parent = posixpath.dirname(folder)
            entry = f"{posixpath.basename(folder)}/index"
            entries.setdefault(parent, []).append(((order == 0, order), title.casefold(), entry))
            if page.kind == "section":
                entries.setdefault(folder, [])
        # folders without a page of their own still get an index, listed in their parent
        for folder in sorted(entries, key=lambda f: -f.count("/")):
            parent = posixpath.dirname(folder)
            if folder in self.sections or not parent:
                continue
            entry = f"{posixpath.basename(folder)}/index"
            siblings = entries.setdefault(parent, [])
            if all(e[2] != entry for e in siblings):
                siblings.append(((True, 0), posixpath.basename(folder).casefold(), entry))
        for folder, listed in sorted(entries.items()):
            index = f"{folder}/index.md"
            own = self.outputs.get(index)
            title = posixpath.basename(folder).replace("-", " ").title()
            text = own if isinstance(own, str) else f"# {_heading(title)}\n"
            if listed:
                lines = "\n".join(entry for _o, _t, entry in sorted(listed))
                text = text.rstrip("\n") + f"\n\n```{{toctree}}\n:maxdepth: 1\n\n{lines}\n```\n"
            self.outputs[index] = text

    # -- the new project ---------------------------------------------------------------

    def blog_settings(self) -> list[str]:
        """The settings that the Hugo configuration and the pages give (for conf.py)."""
        site, settings = self.site, []
        if site.description:
            settings.append(f"blog_description = {site.description!r}")
        if self.logo:
            settings.append(f"html_logo = {self.logo!r}")
        if self.favicon:
            settings.append(f"html_favicon = {self.favicon!r}")
        if self.schemes:
            schemes = [*MYST_SCHEMES, *sorted(self.schemes)]
            settings.append(f"# schemes of links in the pages\nmyst_url_schemes = {schemes!r}")
        if site.base_url:
            settings.append(f"blog_baseurl = {site.base_url!r}")
        elif site.local_base_url:
            where = self.where(site.config_file) if site.config_file else "config"
            self.report.note(
                where,
                f"baseURL {site.local_base_url!r} is a local address; set blog_baseurl to the "
                "site's own for feeds and social metadata",
            )
            settings.append("# baseURL is a local address: set blog_baseurl for feeds")
            settings.append("blog_feeds = []")
        else:
            settings.append("# no baseURL in the Hugo configuration: set blog_baseurl for feeds")
            settings.append("blog_feeds = []")
        if site.timezone:
            try:
                ZoneInfo(site.timezone)
                settings.append(f"blog_timezone = {site.timezone!r}")
            except (ZoneInfoNotFoundError, ValueError):
                where = self.where(site.config_file) if site.config_file else "config"
                self.report.note(where, f"unknown timeZone {site.timezone!r}; dates use UTC")
        return settings

    def conf_advice(self, conf: Path) -> None:
        """What an existing project's ``conf.py`` needs for the imported pages, reported."""
        try:
            text = conf.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        wanted = []
        for extension in ("myst_parser", "sphinx_blogext"):
            if extension not in text:
                wanted.append(f"{extension!r} in extensions")
        if "myst.header" not in text:
            wanted.append('suppress_warnings = ["myst.header"] (Hugo pages skip heading levels)')
        for setting in self.blog_settings():
            line = setting.rsplit("\n", 1)[-1]
            name = line.split("=", 1)[0].strip()
            if not line.startswith("#") and name not in text:
                wanted.append(line)
        if self.site.static is not None and "html_extra_path" not in text:
            wanted.append('html_extra_path = ["static"] (static/ files at their old addresses)')
        for item in wanted:
            self.report.note(str(conf), f"consider adding {item}")
        self._index_advice(conf.parent / "index.md")

    def _index_advice(self, index: Path) -> None:
        """The home page of an existing project should list what this import brings."""
        try:
            text = index.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        for section in ("blog", *self.sections):
            if not re.search(rf"(^|[\s/(]){re.escape(section)}/index\b", text, re.MULTILINE):
                self.report.note(str(index), f"consider adding {section}/index to a toctree")

    def scaffold(self) -> dict[str, str]:
        """``conf.py`` and ``index.md`` for a DEST without a ``conf.py``."""
        site = self.site
        settings = [
            f"project = {site.title!r}",
            "# the site's name alone in the header and titles, as on the Hugo site",
            f"html_title = {site.title!r}",
            'extensions = ["myst_parser", "sphinx_design", "sphinx_copybutton", "sphinx_blogext"]',
            'html_theme = "blogext"',
            'myst_enable_extensions = ["colon_fence"]',
            "myst_heading_anchors = 3",
            "# Hugo pages may skip heading levels (# then ###); they are imported as written",
            'suppress_warnings = ["myst.header"]',
            "# the Hugo static/ folder: its files are linked from pages, not pages themselves",
            'exclude_patterns = ["_build", "static", ".blogext-import.json"]',
        ]
        if site.static is not None:
            settings.append("# ... and published at their old addresses (/images/x.png)")
            settings.append('html_extra_path = ["static"]')
        settings += self.blog_settings()
        settings.append(
            "# a post's image was for link previews and cards (as in Doks); True shows it\n"
            "# under the post's title too"
        )
        settings.append("blog_post_cover = False")
        settings.append(f"language = {site.language!r}")
        conf = (
            '"""Sphinx configuration, written by blogext import-hugo."""\n\n'
            + "\n".join(settings)
            + "\n"
        )
        return {"conf.py": conf, "index.md": self._home()}

    def _home(self) -> str:
        """The home page: with other sections, a table of contents; a blog alone shows
        its latest posts, with the blog in a hidden toctree for the navigation."""
        site = self.site
        heading = f"# {_heading(site.title)}\n\n"
        if site.description:
            heading += f"{_line(site.description)}\n\n"
        if self.sections:
            toctree = ["blog/index", *(f"{s}/index" for s in self.sections)]
            return heading + "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(toctree) + "\n```\n"
        return (
            heading
            + "```{postlist}\n:limit: 5\n```\n\n"
            + "[All posts](blog/index.md)\n\n"
            + "```{toctree}\n:hidden:\n:maxdepth: 1\n\nblog/index\n```\n"
        )


def _aliases(fields: dict[str, Any]) -> list[str]:
    """Hugo's ``aliases``: a list, or one address on its own."""
    value = fields.get("aliases")
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [a for a in value if isinstance(a, str)] if isinstance(value, list) else []


def _below(site: Site, section: str) -> str:
    """``--blog-section`` relative to the content folder, also when given from the
    site's root (``content/en/news``)."""
    within = (site.root / section).resolve()
    if "/" in section and within.is_relative_to(site.content) and within != site.content:
        return within.relative_to(site.content).as_posix()
    return section


def _resource_finder(page: Page) -> Callable[[str], str | None]:
    """A bundle's file by a glob pattern, as Hugo's ``.Resources.GetMatch`` finds it:
    the first match of the bundle's files, by name, relative to the page."""
    names = sorted(inner.as_posix() for _source, inner in page.resources)

    def find(pattern: str) -> str | None:
        wanted = pattern.lower()
        return next((n for n in names if fnmatch.fnmatchcase(n.lower(), wanted)), None)

    return find


def _param_text(value: Any) -> str | None:
    """A param's value as ``{{< param >}}`` prints it; None for none, or a mapping or list."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _section_name(name: str) -> bool:
    """A folder right below content/: one path segment, not hidden."""
    return path_problem(name, segment=True) is None


def _rel(path: Path, content: Path) -> PurePosixPath:
    return PurePosixPath(path.relative_to(content).as_posix())


def _url_key(url: str) -> str:
    path = url.split("#", 1)[0].split("?", 1)[0]
    path = re.sub(r"(index|_index)?\.(html?|md)$", "", path)
    path = "/" + posixpath.normpath("/" + unquote(path).strip()).strip("/")
    return (path.rstrip("/") + "/").casefold()


def _split(target: str) -> tuple[str, str]:
    for mark in ("#", "?"):
        if mark in target:
            path, rest = target.split(mark, 1)
            return path, (mark + rest if mark == "#" else "")
    return target, ""


def _line(value: Any) -> str:
    return " ".join(str(value).split())


def _heading(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", _line(text))


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=0)
    return "`" * max(3, longest + 1)


def _front_matter(fields: dict[str, Any]) -> str:
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n\n"


# -- the command ---------------------------------------------------------------------------


def print_report(importer: Importer, *, dry_run: bool) -> None:
    report = importer.report
    verb = "Would import" if dry_run else "Imported"
    out = sys.stdout
    print(f"{verb} {importer.site.root} into {importer.dest}:", file=out)
    drafts = f" ({report.drafts} draft{'s' if report.drafts > 1 else ''})" if report.drafts else ""
    print(f"  posts: {report.posts}{drafts}", file=out)
    print(f"  contributors: {report.contributors}", file=out)
    if importer.sections:
        print(f"  pages of {', '.join(importer.sections)}: {report.docs}", file=out)
    print(f"  images: {report.images}, other files: {report.files}", file=out)
    converted = {k: v for k, v in sorted(report.shortcodes.items()) if k != "unknown"}
    shown = ", ".join(f"{name} {count}" for name, count in converted.items()) or "none"
    print(f"  shortcodes converted: {shown}", file=out)
    if report.shortcodes.get("unknown"):
        print(f"  shortcodes kept as text: {report.shortcodes['unknown']}", file=out)
    actions = ", ".join(f"{count} {name}" for name, count in sorted(report.actions.items()))
    print(
        f"  files: {actions or 'none'}{' (dry run: nothing written)' if dry_run else ''}", file=out
    )
    if report.items:
        print(f"\nLeft for a human ({len(report.items)}):", file=out)
        for item in sorted(report.items, key=_place_of):
            mark = " [not imported]" if item.skipped else ""
            print(f"  {item.where}: {item.message}{mark}", file=out)


def _place_of(item: Item) -> tuple[bool, str, int]:
    """Hugo's files first, by file and line; then the project's."""
    file, _, line = item.where.rpartition(":")
    if not line.isdigit():
        file, line = item.where, "0"
    return (file.startswith("/"), file, int(line))


def run(args: argparse.Namespace) -> int:
    src, dest = Path(args.src).resolve(), Path(args.dest).resolve()
    if dest.exists() and not dest.is_dir():
        raise CommandError(f"DEST {dest} is a file, not a folder")
    site = find_site(src, (args.language or "").strip() or None)
    if dest == site.root or dest.is_relative_to(site.root):
        raise CommandError(
            f"DEST {dest} is inside SRC {site.root}; choose a folder outside the Hugo site"
        )
    sections = tuple(s.strip().strip("/") for s in (args.sections or "").split(",") if s.strip())
    for section in sections:
        if not _section_name(section) or section.lower() in ("blog", "contributors", "static"):
            raise CommandError(f"--sections: {section!r} cannot be imported as a section")
    blog_section = _below(site, (args.blog_section or "").strip().strip("/"))
    if blog_section and (not _section_name(blog_section) or blog_section in sections):
        raise CommandError(f"--blog-section: {blog_section!r} is not a section of content/")
    importer = Importer(site, dest, sections, blog_section)
    importer.run()
    apply(importer, dry_run=args.dry_run)
    print_report(importer, dry_run=args.dry_run)
    return FAILED if any(item.skipped for item in importer.report.items) else OK


def add_command(commands: Any) -> None:
    command = commands.add_parser(
        "import-hugo",
        help="move a Hugo/Doks blog into a Sphinx project",
        description="Import the blog posts, contributors (and, with --sections, other sections) "
        "of a Hugo site into a Sphinx project, existing or new. Nothing is written until the "
        "whole import has been worked out; running it again updates what it wrote before and "
        "leaves other files alone.",
    )
    command.add_argument("src", metavar="SRC", help="the Hugo site (its root or content/ folder)")
    command.add_argument("dest", metavar="DEST", help="the Sphinx project (created if missing)")
    command.add_argument(
        "--sections", metavar="A,B", help="other sections to import as pages, such as docs"
    )
    command.add_argument(
        "--blog-section",
        metavar="NAME",
        help="the section holding the posts (default: blog or posts)",
    )
    command.add_argument(
        "--language",
        metavar="CODE",
        help="the language to import (default: the site's defaultContentLanguage)",
    )
    command.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    command.set_defaults(run=run)
