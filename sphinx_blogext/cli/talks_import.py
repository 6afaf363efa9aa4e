"""``blogext import-talks FILE``: talk cards from a conference schedule export.

The export (pretalx/frab ``schedule.json`` or Sessionize JSON, read by
:mod:`.schedules`) is filtered by speaker, and each session left becomes a
``talk`` card, written in the syntax of the page it goes into: a new page, or
an existing one between the markers ``<!-- blogext:talks:start -->`` and
``<!-- blogext:talks:end -->`` (``.. blogext:talks:start`` / ``.. blogext:talks:end``
in reST), so that the command can run again without touching what the page's
author wrote around them. Speakers who are contributors of the project are
written as the project names them, so that the cards link to their pages.

Everything taken from the export is text on the page: whatever in it MyST or
reST would read as markup (HTML, roles, directives, options) is escaped.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import name_key
from ..frontmatter import FieldError, data_file_text, parse_list, read_block
from ..people import definition_slug
from . import FAILED, OK, CommandError
from .newpost import source_suffixes
from .schedules import (
    ALIASES,
    FORMATS,
    Block,
    Finding,
    Schedule,
    ScheduleError,
    Segment,
    Session,
    Zone,
    blocks_from_markdown,
    blocks_from_text,
    one_line,
    read_schedule,
    time_zone,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable, Iterator

#: The largest export read: a schedule of a few thousand sessions is a few MiB.
MAX_BYTES = 16 * 1024 * 1024
#: The most problems listed one by one; the rest are counted.
MAX_SHOWN = 200
#: Bounds on the documents read for contributor definitions.
MAX_DOCUMENTS = 10_000
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

MARKERS = {
    "md": ("<!-- blogext:talks:start -->", "<!-- blogext:talks:end -->"),
    "rst": (".. blogext:talks:start", ".. blogext:talks:end"),
}
SYNTAXES = {".md": "md", ".rst": "rst"}
INDENT = "   "

_MYST_DIRECTIVE = re.compile(r"^ {0,3}(?:`{3,}|~{3,}|:{3,})\{contributor\}[ \t]*(.*)$")
_REST_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+contributor::[ \t]*(.*)$")
#: a Markdown code fence (backticks or tildes) and what follows it on its line
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_OPTION = re.compile(r"^[ \t]*:([A-Za-z][\w-]*):(?:[ \t]+(.*))?$")
_ENUMERATOR = re.compile(r"\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+|#)[.)](\s|$)")
_MYST_INLINE = re.compile(r"([\\`*_\[\]<>{}$~|&])")
_REST_INLINE = re.compile(r"([\\`*_\[\]<>|:@])")
#: what starts a field (an option) in reST, as docutils reads it
_FIELD = re.compile(r":(?![: ])([^:\\]|\\.|:(?!([ `]|$)))*(?<! ):( +|$)")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


# -- the project ---------------------------------------------------------------------


@dataclass
class People:
    """The project's contributors: their names by slug, and the slug each name stands for
    (by its key, as the build matches a speaker to a contributor)."""

    names: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    def define(self, slug: str, name: str) -> None:
        if not slug or slug in self.names:
            return  # the first definition wins, as in the build
        self.names[slug] = name or slug
        self.keys[slug] = slug
        self.keys.setdefault(name_key(name), slug)

    def slug_of(self, name: str) -> str | None:
        return self.keys.get(name_key(one_line(name))) if one_line(name) else None

    def written(self, name: str) -> str:
        """How a speaker goes into ``:speakers:``: a contributor by their name as the
        project writes it (their slug when that name would not find them), others as the
        schedule has them."""
        slug = self.slug_of(name)
        if slug is None:
            return name
        shown = self.names[slug]
        return shown if self.slug_of(shown) == slug else slug


@dataclass
class Project:
    """What the import needs of the project the page belongs to."""

    zone: Zone
    people: People = field(default_factory=People)
    findings: list[Finding] = field(default_factory=list)


def read_project(page: Path) -> Project:
    """The project whose ``conf.py`` is in the page's folder or above it, read as the
    build reads it (its settings and contributor definitions), without building."""
    start = page.parent
    while not start.exists() and start != start.parent:
        start = start.parent
    conf = next((f / "conf.py" for f in [start, *start.parents] if (f / "conf.py").is_file()), None)
    if conf is None:
        zone = Zone(UTC, "UTC (no conf.py above the page)")
        note = Finding("", "no conf.py above the page: speakers are not matched to contributors")
        return Project(zone, findings=[note])
    from sphinx.config import eval_config_file

    try:
        namespace: dict[str, Any] = eval_config_file(conf, tags=None)  # type: ignore[arg-type]
    except BaseException as exc:  # conf.py runs arbitrary code; SystemExit included
        raise CommandError(f"cannot read {conf}: {exc}") from None
    name = namespace.get("blog_timezone", "UTC")
    found = time_zone(str(name))
    if found is None:
        raise CommandError(f"{conf}: unknown blog_timezone {name!r}")
    project = Project(Zone(found, f"blog_timezone {name} ({conf})"))
    suffixes = source_suffixes(namespace.get("source_suffix"))
    excluded = namespace.get("exclude_patterns")
    patterns = [p for p in excluded if isinstance(p, str)] if isinstance(excluded, list) else []
    for path in _documents(conf.parent, suffixes, patterns, project):
        _contributors_in(path, project.people)
    setting = namespace.get("blog_contributors_file")
    if isinstance(setting, str) and setting:
        _contributors_file(conf.parent / setting, project)
    return project


def _documents(
    root: Path, suffixes: Iterable[str], patterns: list[str], project: Project
) -> Iterator[Path]:
    """The project's source documents, as Sphinx finds them (``exclude_patterns``
    honoured), hidden folders left out; a bounded number of bounded files."""
    from sphinx.util.matching import Matcher

    excluded = Matcher(patterns)
    ends = tuple(suffixes)
    found = 0
    for folder, subfolders, files in os.walk(root):
        rel = Path(folder).relative_to(root).as_posix()
        rel = "" if rel == "." else rel + "/"
        subfolders[:] = sorted(
            d for d in subfolders if not d.startswith(".") and not excluded(rel + d)
        )
        for name in sorted(files):
            if not name.endswith(ends) or excluded(rel + name):
                continue
            found += 1
            if found > MAX_DOCUMENTS:
                project.findings.append(
                    Finding(
                        "",
                        f"more than {MAX_DOCUMENTS:,} documents: the rest are not "
                        "searched for contributors",
                    )
                )
                return
            yield Path(folder) / name


def _contributors_in(path: Path, people: People) -> None:
    """The ``contributor`` directives of a document, with their ``:name:``; those shown
    in a Markdown code block (an example in the docs) define no one."""
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            return
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return
    #: the open fences: their run of backticks or tildes, and whether each is code
    fences: list[tuple[str, bool]] = []
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fence:
            run, info = fence.group(1), fence.group(2).strip()
            if (
                fences
                and not info
                and run[0] == fences[-1][0][0]
                and len(run) >= len(fences[-1][0])
            ):
                fences.pop()
                continue
            if not (fences and fences[-1][1]):
                fences.append((run, not info.startswith("{")))
        if fences and fences[-1][1]:
            continue
        found = _MYST_DIRECTIVE.match(line) or _REST_DIRECTIVE.match(line)
        if found is None or not one_line(found.group(1)):
            continue
        argument = one_line(found.group(1))
        name = ""
        for option in lines[index + 1 : index + 40]:
            matched = _OPTION.match(option)
            if matched is None:
                break
            if matched.group(1) == "name":
                name = one_line(matched.group(2) or "").strip("\"'")
        people.define(definition_slug(argument), name or argument)


def _contributors_file(path: Path, project: Project) -> None:
    text, problem = data_file_text(path)
    if problem:
        project.findings.append(Finding("", f"{path}: {problem}"))
        return
    block = read_block(text, 1)
    for issue in block.problems:
        project.findings.append(Finding("", f"{path}: {issue.message}"))
    for key, fields in block.raw.items():
        name = fields.get("name") if isinstance(fields, dict) else None
        shown = one_line(name) if isinstance(name, str) and name.strip() else one_line(str(key))
        project.people.define(definition_slug(str(key)), shown)


# -- choosing the sessions -------------------------------------------------------------


def fold(name: str) -> str:
    """A name as ``--speaker`` compares it: no accents, no letter case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", one_line(name))
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )


def speaker_names(given: list[str] | None, file: str | None) -> list[str]:
    """The names of ``--speaker`` and of the ``--speakers-file`` (one a line, ``#`` comments)."""
    names = [one_line(n) for n in given or []]
    if file:
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read the speakers file {path}: {exc}") from None
        for line in text.splitlines():
            name = one_line(re.sub(r"(^|\s)#.*$", "", line))
            if name:
                names.append(name)
    return [n for n in dict.fromkeys(names) if n]


def choose(
    sessions: list[Session], names: list[str], people: People
) -> tuple[list[Session], list[Finding]]:
    """The sessions given by one of ``names`` (all of them without names), with what to
    report: the problems of those sessions, and of any whose speakers cannot be told."""
    folded = {fold(n): n for n in names}
    slugs = {s: n for n in names if (s := people.slug_of(n)) is not None}
    found: set[str] = set()
    chosen: list[Session] = []
    findings: list[Finding] = []
    seen: dict[str, Session] = {}
    for session in sessions:
        hits = [folded[f] for f in map(fold, session.speakers) if f in folded]
        hits += [slugs[s] for s in map(people.slug_of, session.speakers) if s in slugs]
        found.update(hits)
        wanted = bool(hits) or not names
        if not wanted and session.speakers_known:
            continue
        findings += session.findings
        if not wanted:
            findings.append(
                Finding(
                    session.where,
                    "its speakers cannot all be read, so --speaker cannot "
                    "tell whether it is wanted; skipped",
                    skipped=True,
                )
            )
            continue
        if session.skipped:
            continue
        first = seen.get(session.ident) if session.ident else None
        if first is not None:
            findings.append(Finding(session.where, f"the same session as {first.where}; left out"))
            continue
        seen[session.ident] = session
        chosen.append(session)
    everyone = sorted({s for session in sessions for s in session.speakers})
    for name in names:
        if name not in found:
            close = difflib.get_close_matches(name, everyone, n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
            findings.append(Finding("", f"--speaker {name!r}: no session has this speaker{hint}"))
    chosen.sort(key=_order)
    return chosen, findings


def _order(session: Session) -> tuple[bool, datetime, str, str]:
    start = session.start.astimezone(UTC) if session.start else datetime.max.replace(tzinfo=UTC)
    return (session.start is None, start, session.title.casefold(), session.ident)


# -- writing cards ---------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """What every card of one import shares."""

    syntax: str
    event: str
    venue: str
    people: People


def duration_text(minutes: int) -> str:
    """``35m``, ``1h30m``, ``2d``: what the talk directive reads back to the same minutes."""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{mins}m" if mins else ""]
    return "".join(parts)


def card(session: Session, style: Style) -> str:
    """One ``talk`` directive, in the page's syntax."""
    speakers = [style.people.written(name) for name in session.speakers]
    location = ", ".join(part for part in (style.venue, session.room) if part)
    options: list[tuple[str, str]] = [
        ("speakers", _list_value(speakers)),
        ("event", style.event),
        ("date", session.start.isoformat() if session.start else ""),
        ("duration", duration_text(session.minutes) if session.minutes else ""),
        ("location", location),
        ("url", session.url),
        ("video", session.video),
        ("tags", _list_value(session.tags)),
        ("level", session.level),
        ("id", session.ident),
    ]
    blocks = (blocks_from_markdown if session.markdown else blocks_from_text)(session.abstract)
    if style.syntax == "md":
        return _myst_card(session.title, options, blocks)
    return _rest_card(session.title, options, blocks)


def _list_value(names: list[str]) -> str:
    """Names as a list option: ``A, B`` where that reads back as these names, else a
    YAML (JSON) list, for a name with a comma or one YAML would read as something else."""
    if not names:
        return ""
    text = ", ".join(names)
    try:
        if parse_list("names", text) == names:
            return text
    except FieldError:
        pass
    return json.dumps(names, ensure_ascii=False)


def _myst_card(title: str, options: list[tuple[str, str]], blocks: list[Block]) -> str:
    lines = [f":{name}: {_myst_value(value)}" for name, value in options if value]
    content = _myst_blocks(blocks)
    body = "\n".join(lines + (["", *content] if content else []))
    # a backtick fence cannot have a backtick in its first line: a title with one gets tildes
    mark = "~" if "`" in title else "`"
    longest = max((len(run) for run in re.findall(f"{re.escape(mark)}+", body)), default=0)
    fence = mark * max(3, longest + 1)
    return f"{fence}{{talk}} {title}\n{body}\n{fence}"


def _myst_value(value: str) -> str:
    """An option value MyST's option reader gives back unchanged: as it is when it starts
    with a letter or digit and has no comment in it, else double-quoted."""
    if value[:1].isalnum() and " #" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _rest_card(title: str, options: list[tuple[str, str]], blocks: list[Block]) -> str:
    if _FIELD.match(title):
        # reST would read ":rocket: Launch day" as an option, not as the title: an
        # invisible zero-width space in front keeps it the title
        title = "\u200b" + title
    lines = [f".. talk:: {title}"]
    lines += [f"{INDENT}:{name}: {value}" for name, value in options if value]
    content = _rest_blocks(blocks)
    if content:
        lines.append("")
        lines += [f"{INDENT}{line}" if line else "" for line in content]
    return "\n".join(lines)


def _myst_blocks(blocks: list[Block]) -> list[str]:
    def literal(text: str) -> list[str]:
        longest = max((len(run) for run in re.findall("`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        return [fence, *text.split("\n"), fence]

    return _lines(blocks, _myst_line, literal)


def _rest_blocks(blocks: list[Block]) -> list[str]:
    def literal(text: str) -> list[str]:
        return ["::", "", *(f"{INDENT}{line}" if line.strip() else "" for line in text.split("\n"))]

    return _lines(blocks, _rest_line, literal)


def _lines(
    blocks: list[Block],
    line: Callable[[tuple[Segment, ...]], str],
    literal: Callable[[str], list[str]],
) -> list[str]:
    """The lines of an abstract: blocks apart by a blank line, the items of a list
    together (as bullets: a number is kept as text)."""
    out: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == "item":
            segments = block.segments
            if block.number is not None:
                segments = (Segment(f"{block.number}. "), *segments)
            if previous != "item" and out:
                out.append("")
            out.append("- " + line(segments))
        else:
            if out:
                out.append("")
            out += literal(block.text) if block.kind == "literal" else [line(block.segments)]
        previous = block.kind
    return out


def _myst_line(segments: tuple[Segment, ...]) -> str:
    parts = []
    for segment in segments:
        text = _MYST_INLINE.sub(r"\\\1", segment.text)
        parts.append(f"[{text}](<{segment.url}>)" if segment.url else text)
    return _myst_start("".join(parts))


def _myst_start(text: str) -> str:
    """A line that starts as text, not as a heading, list, quote, fence, comment,
    target or option (only ASCII punctuation can be escaped in Markdown)."""
    if text[:1] in _ASCII_PUNCTUATION and text[:1] != "\\":
        return "\\" + text
    number = re.match(r"(\d{1,9})([.)])", text)
    if number:
        return f"{number.group(1)}\\{number.group(2)}{text[number.end() :]}"
    return text


def _rest_line(segments: tuple[Segment, ...]) -> str:
    parts = []
    for index, segment in enumerate(segments):
        text = _REST_INLINE.sub(r"\\\1", segment.text)
        if not segment.url:
            parts.append(text)
            continue
        # a trailing underscore would make the address the name of a target
        url = segment.url[:-1] + "%5F" if segment.url.endswith("_") else segment.url
        # inline markup needs a space or punctuation around it: "\ " is one that shows nothing
        before = "\\ " if index and not segments[index - 1].text.endswith(" ") else ""
        following = segments[index + 1].text[:1] if index + 1 < len(segments) else " "
        after = "" if following.isspace() else "\\ "
        parts.append(f"{before}`{text} <{url}>`__{after}")
    line = "".join(parts)
    first = segments[0] if segments else None
    if first is not None and not first.url and _rest_starts_markup(first.text):
        # an escaped space, which shows nothing, makes the line start as text whatever
        # follows (even a row of backslashes, which is a transition once escaped)
        return "\\ " + line
    return line


def _rest_starts_markup(text: str) -> bool:
    """Whether a line of this text could start a list, a field, a comment, a directive,
    a target, a transition or a section adornment."""
    return bool(text) and (not text[0].isalnum() or _ENUMERATOR.match(text) is not None)


def cards_text(sessions: list[Session], style: Style) -> str:
    """The cards, a blank line apart: what goes between the markers."""
    return "\n\n".join(card(session, style) for session in sessions)


# -- the page --------------------------------------------------------------------------


def heading(title: str, syntax: str) -> str:
    if syntax == "md":
        # a "#" at the end of a heading closes it: every one is escaped
        return "# " + _myst_start(_MYST_INLINE.sub(r"\\\1", title).replace("#", "\\#"))
    line = _rest_line((Segment(title),))
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    return f"{line}\n{'=' * max(width, 3)}"


def page_text(existing: str | None, cards: str, syntax: str, title: str) -> tuple[str, str]:
    """The page with the cards in place, and how they got there: ``new page``,
    ``between the markers`` or ``appended with markers``."""
    start, end = MARKERS[syntax]
    if existing is None:
        block = f"{start}\n\n{cards}\n\n{end}\n"
        return f"{heading(title, syntax)}\n\n{block}", "new page"
    newline = "\r\n" if "\r\n" in existing else "\n"
    ours = f"\n{cards}\n\n".replace("\n", newline)
    starts = [m for m in _marker(start).finditer(existing)]
    ends = [m for m in _marker(end).finditer(existing)]
    if not starts and not ends:
        tail = "" if existing.endswith(("\n", "\r")) or not existing else newline
        added = f"{tail}{newline}{start}{newline}{ours}{end}{newline}"
        return existing + added, "appended with markers"
    if len(starts) != 1 or len(ends) != 1 or ends[0].start() < starts[0].end():
        order = "" if len(starts) == len(ends) == 1 else f" (found {len(starts)} and {len(ends)})"
        raise CommandError(
            f"the page needs one {start!r} line and, after it, one {end!r} line{order}; "
            "nothing was written"
        )
    return existing[: starts[0].end()] + ours + existing[ends[0].start() :], "between the markers"


def _marker(text: str) -> re.Pattern[str]:
    """A marker alone on its line; the match ends after the line's end."""
    return re.compile(rf"^{re.escape(text)}[ \t]*(?:\r?\n|\r|\Z)", re.MULTILINE)


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` through a temporary file beside it, then put it in place: a reader
    sees the old page or the new one, never half of it."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- reading the export ----------------------------------------------------------------


def load_export(name: str) -> tuple[Any, str]:
    """The JSON value of the export (``-`` for standard input), and how to name it.

    Refused: a file over :data:`MAX_BYTES`, one that is not UTF-8 JSON, and JSON
    nested deeper than Python's parser goes.
    """
    limit = f"{MAX_BYTES // (1024 * 1024)} MiB"
    if name == "-":
        label, raw = "<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        path = Path(name)
        label = str(path)
        try:
            if not path.is_file():
                raise CommandError(f"{label}: {'not a file' if path.exists() else 'no such file'}")
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{label}: larger than {limit}; nothing was written")
            with path.open("rb") as stream:
                raw = stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"cannot read {label}: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise CommandError(f"{label}: larger than {limit}; nothing was written")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{label}: not UTF-8 text (byte {exc.start}); nothing was written"
        ) from None
    try:
        return json.loads(text), label
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{label}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); nothing was written"
        ) from None
    except RecursionError:
        raise CommandError(f"{label}: JSON nested too deeply; nothing was written") from None
    except ValueError as exc:  # a number of more digits than Python converts
        raise CommandError(f"{label}: cannot be read ({exc}); nothing was written") from None


# -- the command -----------------------------------------------------------------------


def report(label: str, findings: list[Finding]) -> None:
    for finding in findings[:MAX_SHOWN]:
        where = f"{label}: {finding.where}" if finding.where else label
        print(f"blogext import-talks: {where}: {finding.message}", file=sys.stderr)
    if len(findings) > MAX_SHOWN:
        print(
            f"blogext import-talks: {label}: {len(findings) - MAX_SHOWN} more problems not shown",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    page = Path(args.into).resolve()
    syntax = SYNTAXES.get(page.suffix.lower())
    if syntax is None:
        raise CommandError(f"--into {args.into}: the page must be a .md or .rst file")
    if page.exists() and not page.is_file():
        raise CommandError(f"--into {args.into}: not a file")
    names = speaker_names(args.speaker, args.speakers_file)
    chosen = _chosen_zone(args.timezone)
    project = read_project(page)
    data, label = load_export(args.file)
    try:
        schedule = read_schedule(data, args.format, chosen or project.zone)
    except ScheduleError as exc:
        raise CommandError(f"{label}: {exc}; nothing was written") from None
    event = one_line(args.event or "") or schedule.event
    findings = list(schedule.findings)
    if not event:
        findings.append(Finding("", _no_event(schedule)))
    if not names:
        everyone = f"no --speaker given: importing all {len(schedule.sessions)} sessions"
        findings.append(Finding("", everyone))
    sessions, problems = choose(schedule.sessions, names, project.people)
    findings += problems
    existing = _existing(page)
    report(label, findings)
    report(str(page), project.findings)
    if not sessions:
        raise CommandError(f"{label}: no session left to import; nothing was written to {page}")
    cards = cards_text(sessions, Style(syntax, event, one_line(args.venue or ""), project.people))
    title = one_line(args.title or "") or event or "Talks"
    text, how = page_text(existing, cards, syntax, title)
    count = f"{len(sessions)} talk{'s' * (len(sessions) != 1)}"
    if args.dry_run:
        print(cards)
        _say(page, f"dry run: {count}, {how}; nothing written")
    else:
        _write(page, text, existing, f"{count} written ({how})", f"{count}, unchanged")
        if how == "appended with markers":
            _say(page, "no markers: the talks went to its end, between new markers; move them")
        elif how == "new page":
            _say(page, "a new page: add it to a toctree")
        for session in sessions:
            when = session.start.strftime("%Y-%m-%d %H:%M") if session.start else "to be announced"
            print(f"  {when}  {session.title}")
    return FAILED if any(f.skipped for f in findings) else OK


def _chosen_zone(name: str | None) -> Zone | None:
    if not name:
        return None
    found = time_zone(name)
    if found is None:
        raise CommandError(f"--timezone {name}: not a known time zone")
    return Zone(found, f"--timezone {name}", chosen=True)


def _say(page: Path, message: str) -> None:
    print(f"blogext import-talks: {page}: {message}", file=sys.stderr)


def _write(page: Path, text: str, existing: str | None, written: str, unchanged: str) -> None:
    """Write the page unless it already says this, and say which on standard output."""
    if text == existing:
        print(f"{page}: {unchanged}")
        return
    try:
        write_atomically(page, text)
    except OSError as exc:
        raise CommandError(f"cannot write {page}: {exc.strerror}; nothing was written") from None
    print(f"{page}: {written}")


def _no_event(schedule: Schedule) -> str:
    if schedule.format == "sessionize":
        return "Sessionize exports do not name the conference: give it with --event"
    return "the export does not name the conference: give it with --event"


def _existing(page: Path) -> str | None:
    if not page.exists():
        return None
    try:
        with page.open(encoding="utf-8", newline="") as stream:
            return stream.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {page}: {exc}; nothing was written") from None


def add_command(commands: Any) -> None:
    command = commands.add_parser(
        "import-talks",
        help="write talk cards from a conference schedule (pretalx, frab, Sessionize)",
        description="Read a conference schedule export (pretalx or frab schedule.json, "
        "Sessionize JSON) and write a talk card for each session of the chosen speakers into "
        "a page: a new page, or an existing one between the markers "
        f"{MARKERS['md'][0]} and {MARKERS['md'][1]} ({MARKERS['rst'][0]} and "
        f"{MARKERS['rst'][1]} in reST). Running it again replaces only what is between them. "
        f"Exports larger than {MAX_BYTES // (1024 * 1024)} MiB are refused.",
    )
    command.add_argument("file", metavar="FILE", help="the export (- for standard input)")
    command.add_argument(
        "--into", metavar="PAGE", required=True, help="the .md or .rst page to write the cards in"
    )
    command.add_argument(
        "--format",
        choices=(*FORMATS, *ALIASES),
        help="the export's format (default: told from its content)",
    )
    command.add_argument(
        "--speaker",
        metavar="NAME",
        action="append",
        help="import the sessions of this speaker (repeat for several; default: all sessions)",
    )
    command.add_argument(
        "--speakers-file", metavar="FILE", help="a file of speaker names, one a line (# comments)"
    )
    command.add_argument("--event", metavar="NAME", help="the event's name on the cards")
    command.add_argument("--title", metavar="TEXT", help="the title of a new page")
    command.add_argument(
        "--venue", metavar="TEXT", help="the place (city, venue) before each card's room"
    )
    command.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the conference's time zone, for times without an offset (Sessionize's); "
        "default: the project's blog_timezone",
    )
    command.add_argument("--dry-run", action="store_true", help="print the cards; write nothing")
    command.set_defaults(run=run)
