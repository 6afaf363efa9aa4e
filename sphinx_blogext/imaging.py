"""Image work: smaller copies of the images pages show small, and the cache of all
images the blog makes.

A listing card shows a post's cover in a box of about 20rem, a byline shows an
avatar 24 pixels wide; sending the author's 3 MB photograph for either wastes the
reader's time. Each feature that publishes an image a page shows small (post
images, avatars) claims, beside the file, **variants**: WebP copies cropped to fill
the boxes the templates show, at one and two device pixels per CSS pixel, under
``_blogext/img/`` (routes with ``of`` the original's output file, and their size).
Views look them up with :meth:`.routes.RouteTable.variants` and templates give them
as ``srcset``. The original stays published for whoever wants it full size.

Images are made only when their file is written (the output pipeline writes a file
whose fingerprint changed, :mod:`.outputs`), and what is made is kept in the doctree
folder under the digest of what it is made from (the source's bytes, the box, this
module's version, Pillow's), so that a build in another output folder, or one after
the output folder was deleted, decodes nothing again. Pillow is imported only when an
image is made: a site with no images pays nothing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .digest import digest
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from concurrent.futures import Future, ProcessPoolExecutor

    from PIL import Image
    from sphinx.application import Sphinx

    from .outputs import BuildState, FileOutput
    from .routes import Route, RouteKind, RouteTable, Subject

#: Bumped when the way variants are made changes (part of every cached image's key).
VERSION = "1"
#: Where variants are written, in the output folder.
FOLDER = "_blogext/img"
#: Raster files Pillow reads; other images (SVG) are shown as they are, at any size.
RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")
#: Decoded pixels beyond which an image is refused (a "decompression bomb").
MAX_PIXELS = 64_000_000
#: Cached images unused for this long are removed from the cache.
CACHE_DAYS = 14


@dataclass(frozen=True)
class Box:
    """A size an image is shown at, in CSS pixels; variants are made at 1x and 2x."""

    width: int
    height: int


#: Cover images on listing cards (16:9; a card is 15 to 36rem wide, the blogext
#: theme's cards of two to a row the widest).
CARD = Box(640, 360)
#: A post's cover under its title (16:9, the width of the text).
COVER = Box(800, 450)
#: Contributors' pictures: bylines and speakers (24), bio cards and lists (64), profiles (96).
AVATARS = (Box(24, 24), Box(64, 64), Box(96, 96))


def variant_path(original: str, width: int, height: int) -> str:
    """Where the variant of an output image file of a given size is written."""
    # (the original's type stays in the name: x/cover.jpg and x/cover.png are two images)
    stem, dot, kind = original.rpartition(".")
    name = f"{stem}-{kind.lower()}" if dot and "/" not in kind else original
    return f"{FOLDER}/{name}-{width}x{height}.webp"


def is_raster(path: str) -> bool:
    return Path(path).suffix.lower() in RASTER


def variant_routes(
    table: RouteTable,
    kind: RouteKind,
    original: str,
    boxes: Iterable[Box],
    *,
    subject: Subject | None,
    owner: str = "",
    line: int | None = None,
) -> Iterator[Route]:
    """The variants of a published raster image, for each box at 1x and 2x, once each."""
    if not is_raster(original):
        return
    sizes = dict.fromkeys((b.width * scale, b.height * scale) for b in boxes for scale in (1, 2))
    for width, height in sizes:
        yield table.file(
            kind,
            variant_path(original, width, height),
            subject=subject,
            rel="variant",
            media_type="image/webp",
            owner=owner,
            line=line,
            of=original,
            width=width,
            height=height,
        )


def variant_files(
    state: BuildState, routes: Iterable[Route], sources: dict[str, str]
) -> Iterator[FileOutput]:
    """The files of variant routes; ``sources`` maps each original to its source file."""
    from .outputs import FileOutput  # (the pipeline's views show variants: import it late)

    for route in routes:
        source = sources.get(route.of, "")
        if not source or not route.width:
            continue
        yield FileOutput(
            route,
            "",
            (VERSION, route.width, route.height),
            source=source,
            make=functools.partial(make_variant, state, route, source),
        )


def make_variant(state: BuildState, route: Route, source: str) -> bytes:
    """A variant's bytes, from the cache or made now; an image that cannot be read is a
    located warning and a plain image of the right size (no broken image on the page)."""
    sha = file_digest(state, source)
    made = None
    if sha:
        make = functools.partial(resize_file, source, route.width, route.height)
        made = cached_image(state, (sha, route.width, route.height), ".webp", make)
    if made is not None:
        return made
    warned = state.memo.setdefault("unreadable-images", set())
    if source not in warned:
        warned.add(source)
        problem = "is not an image Pillow can read" if sha else "cannot be read"
        warn(
            f"the image {Path(source).name!r} {problem}; a plain image stands in for it",
            subtype=Subtype.IMAGE,
            docname=route.owner or None,
            line=route.line or 1,
        )
    return blank(route.width, route.height)


def variant_jobs(
    state: BuildState, routes: Iterable[Route], sources: dict[str, str]
) -> Iterator[ImageJob]:
    """The work of the variants among ``routes`` (see :func:`add_image_jobs`)."""
    for route in routes:
        source = sources.get(route.of, "")
        sha = file_digest(state, source) if source and route.width else ""
        if sha:
            key = (sha, route.width, route.height)
            yield ImageJob(key, ".webp", resize_file, (source, route.width, route.height))


def file_digest(state: BuildState, path: str) -> str:
    """The SHA-256 of a file's bytes ("" when it cannot be read), read once per build."""
    found: dict[str, str] = state.memo.setdefault("file-digests", {})
    if path not in found:
        try:
            found[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            found[path] = ""
    return found[path]


def resize_file(path: str, width: int, height: int) -> bytes | None:
    """:func:`resize` of a file's image; None when it cannot be read or decoded."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return resize(data, width, height)


def pillow_version() -> str:
    from PIL import __version__ as version

    return version


def open_image(data: bytes) -> Image.Image | None:
    """A decoded image (oriented as its Exif says, in RGB or RGBA), or None when the
    bytes are not an image, are damaged, or decode to too many pixels."""
    import io

    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            opened = Image.open(io.BytesIO(data))
            if opened.width * opened.height > MAX_PIXELS:
                return None
            opened.seek(0)
            image = ImageOps.exif_transpose(opened)
            if image.mode not in ("RGB", "RGBA"):
                has_alpha = image.mode in ("LA", "PA") or "transparency" in image.info
                image = image.convert("RGBA" if has_alpha else "RGB")
            image.load()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
                Image.DecompressionBombWarning, EOFError, MemoryError):  # fmt: skip
            return None
    return image


def resize(data: bytes, width: int, height: int) -> bytes | None:
    """The image cropped to fill ``width`` x ``height`` around its centre, as WebP."""
    import io

    from PIL import Image, ImageOps

    image = open_image(data)
    if image is None:
        return None
    fitted = ImageOps.fit(image, (width, height), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    fitted.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


def blank(width: int, height: int) -> bytes:
    """A plain light image of a size, standing in for one that cannot be read."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (226, 230, 236)).save(out, "WEBP", quality=80)
    return out.getvalue()


class ImageCache:
    """Images the blog made, by the digest of what they are made from, in the doctree
    folder (shared by every builder and output folder of the project)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @classmethod
    def of(cls, state: BuildState) -> ImageCache:
        found = state.memo.get("image-cache")
        if found is None:
            found = state.memo["image-cache"] = cls(
                Path(state.builder.doctreedir) / "blogext" / "images"
            )
        return found

    def get(self, key: str, suffix: str) -> bytes | None:
        path = self.folder / f"{key}{suffix}"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        self.used.add(path.name)
        os.utime(path)
        return data

    def has(self, key: str, suffix: str) -> bool:
        return (self.folder / f"{key}{suffix}").is_file()

    def put(self, key: str, suffix: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{key}{suffix}"
        partial = path.with_suffix(f"{suffix}.{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(path)
        self.used.add(path.name)

    def prune(self) -> None:
        """Remove what no build used for :data:`CACHE_DAYS` (another builder may still use
        what this one did not)."""
        if not self.used:
            return
        limit = time.time() - CACHE_DAYS * 86400
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            try:
                if entry.name not in self.used and entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                continue


def cached_image(
    state: BuildState, key: object, suffix: str, make: Callable[[], bytes | None]
) -> bytes | None:
    """An image made by ``make`` (or by the work started for it, see
    :func:`add_image_jobs`), from the cache when something made it from the same ``key``
    before; None (not kept) when it cannot be made."""
    cache = ImageCache.of(state)
    name = cache_name(key)
    found = cache.get(name, suffix)
    if found is None:
        found = ImageWork.of(state).take(name, make)
        if found is not None:
            cache.put(name, suffix, found)
    return found


def cache_name(key: object) -> str:
    return digest((VERSION, pillow_version(), key))


# -- work in other processes -------------------------------------------------------------


@dataclass(frozen=True)
class ImageJob:
    """An image a feature will write in this build if its cache does not hold it: made by
    ``function(*args)`` (a module-level function, so that another process may run it),
    kept under ``key`` (what :func:`cached_image` is given)."""

    key: object
    suffix: str
    function: Callable[..., bytes | None]
    args: tuple[Any, ...]


def add_image_jobs(
    app: Sphinx, name: str, provider: Callable[[BuildState], Iterable[ImageJob]]
) -> None:
    """Images a feature will want written in this build. When there are many, they are
    made in another process while Sphinx writes the pages, so that the files step finds
    them made (a site with many social cards pays little for them)."""
    from .registry import registry

    registry(app).features.setdefault("image-jobs", {})[name] = provider


class ImageWork:
    """The images being made in other processes in this build, by cache name."""

    def __init__(self) -> None:
        self.pending: dict[str, Future[bytes | None]] = {}
        self.executor: ProcessPoolExecutor | None = None
        #: jobs waiting for the files step (a parallel build forks its writers: no
        #: processes are started before they are done)
        self.waiting: list[tuple[str, ImageJob]] = []

    @classmethod
    def of(cls, state: BuildState) -> ImageWork:
        found = state.memo.get("image-work")
        if found is None:
            found = state.memo["image-work"] = cls()
        return found

    def start(self, jobs: list[tuple[str, ImageJob]], workers: int) -> None:
        import atexit
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            context = multiprocessing.get_context("spawn")
            self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            for name, job in jobs:
                self.pending[name] = self.executor.submit(job.function, *job.args)
        except (OSError, RuntimeError, ValueError, AssertionError):
            # no processes can be started here (a daemonic worker, a sandbox): the files
            # step makes the images in the build's own process
            self.close()
            return
        # an interrupted build (no build-finished) does not wait for the queued images
        atexit.register(self.close)

    def take(self, name: str, make: Callable[[], bytes | None]) -> bytes | None:
        """The image of a job: its result, or made here when no process has begun it."""
        future = self.pending.pop(name, None)
        if future is None or future.cancel():
            return make()
        try:
            return future.result()
        except Exception:
            return make()  # a lost worker: made here

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        self.pending.clear()


#: Fewer images than this are made in the build's own process (a pool costs a start).
POOL_FROM = 12


def start_image_work(app: Sphinx, env: object) -> None:
    """After reading: start making the images the files step will want, in another
    process, while the pages are written (``env-updated``, after the output plan)."""
    from .registry import registry

    found = registry(app)
    state = found.state
    providers = found.features.get("image-jobs", {})
    if state is None or not state.site or not providers:
        return
    if state.store.site == state.site_fingerprint and state.store.files:
        return  # nothing the files are made from changed: no file is written
    cache = ImageCache.of(state)
    jobs = {}
    for provider in providers.values():
        for job in provider(state):
            name = cache_name(job.key)
            if name not in jobs and not cache.has(name, job.suffix):
                jobs[name] = job
    if len(jobs) < POOL_FROM:
        return
    work = ImageWork.of(state)
    spare = (os.cpu_count() or 1) - 1
    if getattr(app, "parallel", 0) > 1 or spare < 1:
        work.waiting = list(jobs.items())
    else:
        work.start(list(jobs.items()), spare)


def finish_image_work(app: Sphinx, exception: BaseException | None) -> None:
    """Before the files step: jobs kept for it are made on every processor."""
    from .registry import registry

    state = registry(app).state
    if exception is None and state is not None and "image-work" in state.memo:
        work = ImageWork.of(state)
        if work.waiting:
            work.start(work.waiting, min(os.cpu_count() or 1, len(work.waiting)))
            work.waiting = []


def end_image_work(app: Sphinx, exception: BaseException | None) -> None:
    """After the files are written: stop the processes, drop cached images no build used
    for a while."""
    from .registry import registry

    state = registry(app).state
    if state is None:
        return
    if "image-work" in state.memo:
        ImageWork.of(state).close()
    if exception is None and "image-cache" in state.memo:
        ImageCache.of(state).prune()


def setup_imaging(app: Sphinx) -> None:
    # after the output plan made this build's state (priority 600)
    app.connect("env-updated", start_image_work, priority=700)
    # around the output pipeline's files step (priority 500)
    app.connect("build-finished", finish_image_work, priority=450)
    app.connect("build-finished", end_image_work, priority=900)


def image_size(path: str) -> tuple[int, int] | None:
    """The size in pixels of a raster image file, from its header (None if unreadable)."""
    stamp = _stamp(path)
    return _size(path, stamp) if stamp is not None else None


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=1024)
def _size(path: str, _stamp: tuple[int, int]) -> tuple[int, int] | None:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                return image.size
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            return None
