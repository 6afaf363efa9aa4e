"""Writing an import into DEST: all or nothing, and never over the user's files.

The pages and files an :class:`~.hugo.Importer` worked out are compared with
what DEST holds and with the manifest of the last import
(``.blogext-import.json``): a file the import wrote before and nobody edited
is updated or removed; a file of the user's, or one edited since, is left as
it is and reported. Everything is written into a folder beside DEST first,
then moved in, the manifest last.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import CommandError
from .hugo_layout import inside
from .hugo_outputs import project_suffixes, shadowed

if TYPE_CHECKING:
    from .hugo import Importer

MANIFEST = ".blogext-import.json"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _content(value: str | Path) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value.read_bytes()


def _read_manifest(dest: Path) -> dict[str, str]:
    try:
        data = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    # the manifest is a file in DEST like any other: it names nothing outside it
    return {str(k): str(v) for k, v in files.items() if inside(dest / str(k), dest)}


def apply(importer: Importer, *, dry_run: bool) -> None:
    """Write the import into DEST through a temporary folder (nothing with ``dry_run``)."""
    dest, report = importer.dest, importer.report
    outputs: dict[str, bytes] = {}
    for name, value in importer.outputs.items():
        if not inside(dest / name, dest):
            raise CommandError(f"refusing to write {name!r} outside {dest}")
        try:
            outputs[name] = _content(value)
        except OSError as exc:
            report.note(importer.where(Path(value)), f"cannot read: {exc.strerror}", skipped=True)
    fresh = not (dest / "conf.py").exists()
    if fresh:
        for name, text in importer.scaffold().items():
            if not (dest / name).exists():
                outputs.setdefault(name, text.encode("utf-8"))
    else:
        importer.conf_advice(dest / "conf.py")
    before = _read_manifest(dest)
    _leave_users_pages(importer, outputs, before)
    manifest: dict[str, str] = {}
    to_write: dict[str, bytes] = {}
    for name, data in sorted(outputs.items()):
        target = dest / name
        digest = _digest(data)
        scaffold = fresh and name in ("conf.py", "index.md")
        if not target.exists():
            to_write[name] = data
            report.actions["written"] += 1
        else:
            current = _digest(target.read_bytes())
            if current == digest:
                # what this import writes (an earlier import, perhaps interrupted)
                report.actions["unchanged"] += 1
                if not scaffold:
                    manifest[name] = digest
                continue
            if name not in before:
                report.note(str(target), "exists and was not written by an import; left as it is")
                report.actions["kept"] += 1
                continue
            if current != before[name]:
                report.note(
                    str(target),
                    "edited since the last import; left as it is (delete it to re-import)",
                )
                report.actions["kept"] += 1
                manifest[name] = before[name]
                continue
            to_write[name] = data
            report.actions["updated"] += 1
        if not scaffold:
            manifest[name] = digest
    gone = [
        n
        for n in before
        if n not in outputs and (dest / n).is_file() and not _renamed(dest, n, outputs)
    ]
    for name in gone:
        if _digest((dest / name).read_bytes()) == before[name]:
            report.actions["removed"] += 1
        else:
            manifest[name] = before[name]
    if dry_run:
        return
    try:
        _move_into_place(dest, to_write, manifest, [n for n in gone if n not in manifest])
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise CommandError(f"cannot write{where}: {exc.strerror or exc}") from None


def _renamed(dest: Path, name: str, outputs: dict[str, bytes]) -> bool:
    """Whether ``name`` is an output under another case (``blog/MyPost/`` now
    ``blog/mypost/``) on a file system that ignores case: the same file, not gone."""
    other = next((n for n in outputs if n.casefold() == name.casefold()), None)
    try:
        return other is not None and os.path.samefile(dest / name, dest / other)
    except OSError:
        return False


def _leave_users_pages(
    importer: Importer, outputs: dict[str, bytes], before: dict[str, str]
) -> None:
    """Drop the pages that would hide one of the user's (``blog/x/index.md`` over
    ``blog/x.md``: under dirhtml both are ``blog/x/index.html``), reported."""
    dest = importer.dest
    suffixes = project_suffixes(dest / "conf.py")
    ours = set(outputs) | set(before)
    sources = {output: source for source, output in importer.moved.items()}
    for name in sorted(n for n in outputs if n.endswith(".md")):
        hidden = shadowed(dest, name, suffixes, ours)
        if hidden is None:
            continue
        source = sources.get(name)
        where = importer.where(source) if source is not None else str(dest / name)
        message = f"would hide {hidden} (one page under dirhtml); {name} not written"
        importer.report.note(where, message, skipped=True)
        del outputs[name]


def _move_into_place(
    dest: Path, to_write: dict[str, bytes], manifest: dict[str, str], remove: list[str]
) -> None:
    """Write into a folder beside DEST, then move the files in.

    Until the moves, an error leaves DEST as it was. The moves are renames
    on one file system; the manifest goes last, so that a failure among
    them leaves files the next import still knows as its own.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".blogext-import-", dir=dest.parent))
    try:
        for name, data in to_write.items():
            path = stage / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (stage / MANIFEST).write_text(
            json.dumps({"version": 1, "files": dict(sorted(manifest.items()))}, indent=1),
            encoding="utf-8",
        )
        if not dest.exists():
            os.replace(stage, dest)  # a new project: one rename
            return
        for path in sorted(p for p in stage.rglob("*") if p.is_file() and p.name != MANIFEST):
            target = dest / path.relative_to(stage)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        for name in remove:
            (dest / name).unlink(missing_ok=True)
            _prune(dest, (dest / name).parent)
        os.replace(stage / MANIFEST, dest / MANIFEST)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def _prune(dest: Path, folder: Path) -> None:
    """Remove ``folder`` and the folders above it that are left empty, up to DEST."""
    while folder != dest and folder.is_relative_to(dest):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
