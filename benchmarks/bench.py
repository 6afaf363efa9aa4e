#!/usr/bin/env python
"""Benchmark sphinx-blogext against a plain MyST Sphinx build of the same corpus.

Generates a deterministic corpus of blog posts with Hugo/Doks style front matter,
builds it as two Sphinx projects (``plain``: myst_parser only, ``blogext``:
myst_parser + sphinx_blogext) and reports median wall times side by side. The
targets judge wall time; the processor time of the same builds is reported too,
as a ratio that a busy host disturbs less.

Every build runs in a fresh ``python -m sphinx`` subprocess; plain and blogext
runs are interleaved so that machine noise affects both sides alike.

Usage::

    python benchmarks/bench.py --posts 500
    python benchmarks/bench.py --smoke                               # does it still run?
    python benchmarks/bench.py --scenarios full,incremental --json out.json
    python benchmarks/bench.py --import-hugo --scenarios full      # and time import-hugo
    python benchmarks/bench.py --baseline ../old-checkout   # before/after a change, one run
    python benchmarks/bench.py --projects plain,blogext,nocards  # what social cards cost
    python benchmarks/bench.py --corpus ablog --ablog-python /path/to/venv/bin/python
        # an ABlog-style reST corpus, built also by ABlog itself (installed in that venv)
    python benchmarks/bench.py --git-dates   # the blogext project in a git repository,
        # with blog_git_dates on; counts the git processes each build starts

Only the standard library and Sphinx (plus myst-parser and, for the blogext
side, sphinx-blogext itself) are needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

SEED = 42
PROJECTS: tuple[str, ...] = ("plain", "blogext", "ablog", "nocards")
CORPUS_DIR = "corpus"
POSTS_DIR = "blog"
STDERR_TAIL_LINES = 25

# --------------------------------------------------------------------------------------
# Corpus generation
# --------------------------------------------------------------------------------------

TAG_POOL: tuple[str, ...] = (
    "sphinx", "python", "documentation", "release", "performance", "myst", "markdown",
    "tutorial", "ci", "testing", "packaging", "themes", "search", "i18n", "accessibility",
    "security", "api", "design", "community", "roadmap", "hugo", "migration",
    "deployment", "feeds", "tips",
)  # fmt: skip

CONTRIBUTORS: tuple[str, ...] = (
    "Ada Lovelace", "Grace Hopper", "Alan Turing", "Margaret Hamilton",
    "Donald Knuth", "Barbara Liskov", "Guido van Rossum", "Frances Allen",
)  # fmt: skip

TITLE_VERBS: tuple[str, ...] = (
    "Tuning", "Migrating", "Automating", "Testing", "Shipping", "Debugging",
    "Documenting", "Theming", "Versioning", "Scaling", "Profiling", "Translating",
)  # fmt: skip

TITLE_OBJECTS: tuple[str, ...] = (
    "incremental builds", "a Hugo site to Sphinx", "release notes", "the search index",
    "cross-references", "API reference pages", "our CI pipeline", "Markdown front matter",
    "RSS and Atom feeds", "multilingual docs", "code samples", "the changelog",
    "link checking", "static assets", "tag archives", "documentation reviews",
)  # fmt: skip

TITLE_SUFFIXES: tuple[str, ...] = (
    "for large projects", "without the pain", "in practice", "step by step",
    "the boring way", "with a tiny script", "at scale", "lessons learned",
)  # fmt: skip

SECTION_HEADINGS: tuple[str, ...] = (
    "Background", "How it works", "The problem", "A first attempt", "Measuring it",
    "What we changed", "Configuration", "Pitfalls", "Results", "Trade-offs",
    "Next steps", "Wrapping up",
)  # fmt: skip

WORDS: tuple[str, ...] = (
    "build", "page", "section", "theme", "template", "index", "search", "cache", "source",
    "directive", "role", "parser", "document", "reference", "link", "archive", "feed",
    "release", "version", "config", "option", "value", "extension", "plugin", "markup",
    "heading", "paragraph", "toctree", "sidebar", "footer", "author", "reader", "writer",
    "change", "update", "rebuild", "output", "input", "folder", "file", "project", "site",
    "blog", "post", "tag", "category", "date", "draft", "summary", "excerpt", "layout",
    "style", "script", "asset", "image", "table", "list", "block", "snippet", "example",
    "the", "a", "an", "and", "or", "but", "with", "without", "for", "from", "into", "over",
    "under", "after", "before", "while", "when", "because", "so", "then", "also", "only",
    "every", "each", "some", "many", "few", "most", "our", "their", "this", "that", "it",
    "we", "they", "you", "is", "are", "was", "were", "becomes", "stays", "needs", "makes",
    "keeps", "reads", "writes", "renders", "parses", "collects", "sorts", "groups", "lists",
    "quickly", "slowly", "carefully", "usually", "rarely", "simply", "finally", "again",
    "small", "large", "fast", "slow", "stable", "fresh", "stale", "clean", "simple",
    "useful", "careful", "obvious", "hidden", "new", "old", "whole", "partial", "incremental",
)  # fmt: skip

CODE_SNIPPETS: tuple[tuple[str, str], ...] = (
    (
        "python",
        'def {name}(posts):\n    """Return posts sorted by date."""\n'
        "    return sorted(posts, key=lambda p: p.date, reverse=True)\n",
    ),
    ("bash", "python -m sphinx -b html docs/ _build/html\necho 'built {name}'\n"),
    ("yaml", "{name}:\n  enabled: true\n  items: 10\n  tags: [docs, release]\n"),
    ("toml", '[tool.{name}]\nenabled = true\nlimit = 25\npaths = ["blog/*"]\n'),
    (
        "python",
        "from pathlib import Path\n\n\nfor path in sorted(Path('blog').glob('*.md')):\n"
        "    print(path.stem, '{name}')\n",
    ),
)

CORPUS_START = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
CORPUS_SPAN_DAYS = 730  # two years


def make_sentence(rng: random.Random, min_words: int = 8, max_words: int = 18) -> str:
    """Return one pseudo-English sentence, sometimes with inline markup."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(min_words, max_words))]
    roll = rng.random()
    position = rng.randrange(1, len(words))
    if roll < 0.15:
        words[position] = f"`{words[position]}`"
    elif roll < 0.25:
        words[position] = f"*{words[position]}*"
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + "."


def make_paragraph(rng: random.Random, target_words: int) -> str:
    """Return a paragraph of roughly ``target_words`` words."""
    sentences: list[str] = []
    count = 0
    while count < target_words:
        sentence = make_sentence(rng)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def make_title(rng: random.Random, number: int) -> str:
    verb = rng.choice(TITLE_VERBS)
    obj = rng.choice(TITLE_OBJECTS)
    suffix = rng.choice(TITLE_SUFFIXES)
    return f"Post {number}: {verb} {obj} {suffix}"


def format_timestamp(moment: dt.datetime) -> str:
    """Format like Hugo: ``2024-02-22T06:00:00+00:00``."""
    return moment.isoformat(timespec="seconds")


def yaml_string(value: str) -> str:
    """Quote a string for YAML front matter (double-quoted style)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_front_matter(rng: random.Random, number: int, total: int) -> str:
    title = make_title(rng, number)
    description = make_sentence(rng, 10, 16)
    lead = make_sentence(rng, 12, 20)
    tags = rng.sample(TAG_POOL, rng.randint(2, 3))
    # Spread evenly over two years (oldest first) with a little jitter, at fixed hours.
    day = (number - 1) * CORPUS_SPAN_DAYS // max(total, 1) + rng.randint(0, 1)
    date = CORPUS_START + dt.timedelta(days=day, hours=rng.choice((6, 9, 12, 18)))
    lastmod = date + dt.timedelta(days=rng.choice((0, 0, 0, 1, 3, 14, 30)))
    lines = [
        "---",
        f"title: {yaml_string(title)}",
        f"description: {yaml_string(description)}",
        f"lead: {yaml_string(lead)}",
        "tags: [" + ", ".join(yaml_string(tag) for tag in tags) + "]",
        f"date: {format_timestamp(date)}",
        f"lastmod: {format_timestamp(lastmod)}",
        "draft: false",
    ]
    if rng.random() < 0.05:
        lines.append("weight: 50")
    lines += [f"contributors: [{yaml_string(rng.choice(CONTRIBUTORS))}]", "---"]
    return "\n".join(lines) + "\n"


def make_code_block(rng: random.Random) -> str:
    language, template = rng.choice(CODE_SNIPPETS)
    name = "_".join(rng.sample(("blog", "feed", "tags", "index", "posts", "site"), 2))
    return f"```{language}\n{template.format(name=name)}```"


def make_list(rng: random.Random) -> str:
    return "\n".join(f"- {make_sentence(rng, 4, 9)}" for _ in range(rng.randint(3, 5)))


def make_body(rng: random.Random, number: int) -> str:
    """Return the Markdown body: intro, 2-3 ``##`` sections, a code block and a list."""
    intro = make_paragraph(rng, 30)
    intro += f" See [the notes for post {number}](https://example.org/notes/{number})."
    paragraph_count = rng.randint(3, 6)
    words_per_paragraph = rng.randint(300, 600) // paragraph_count
    paragraphs = [make_paragraph(rng, words_per_paragraph) for _ in range(paragraph_count)]
    headings = rng.sample(SECTION_HEADINGS, rng.randint(2, 3))

    blocks: list[str] = [intro, f"## {headings[0]}", paragraphs[0], make_code_block(rng)]
    remaining = paragraphs[1:]
    split = max(1, len(remaining) // 2)
    blocks += remaining[:split]
    blocks += [make_list(rng), f"## {headings[1]}"]
    blocks += remaining[split:] or [make_paragraph(rng, 40)]
    if len(headings) > 2:
        blocks += [f"## {headings[2]}", make_paragraph(rng, 40)]
    return "\n\n".join(blocks) + "\n"


def post_name(number: int) -> str:
    return f"post-{number:04d}"


def generate_corpus(root: Path, posts: int) -> None:
    """Write ``index.md`` and ``blog/post-NNNN.md`` files; identical for every run."""
    rng = random.Random(SEED)
    (root / POSTS_DIR).mkdir(parents=True, exist_ok=True)
    (root / "index.md").write_text(
        "# Home\n\nWelcome to the benchmark site. Posts live in the blog folder and are "
        "not listed in any toctree on purpose.\n",
        encoding="utf-8",
    )
    for number in range(1, posts + 1):
        text = make_front_matter(rng, number, posts) + "\n" + make_body(rng, number)
        (root / POSTS_DIR / f"{post_name(number)}.md").write_text(text, encoding="utf-8")


# The ABlog-style corpus: reST posts made by ABlog's ``post`` directive, dated the way
# ABlog's documentation writes dates, with its options.
ABLOG_AUTHORS = {name.split()[0]: name for name in CONTRIBUTORS}
ABLOG_LOCATIONS = ("Pittsburgh", "Istanbul", "Lisbon", "Berlin")
ABLOG_CATEGORIES = ("Release", "Manual", "Community", "Tutorial")


def make_rest_body(rng: random.Random, number: int) -> str:
    """A reST body of the same size and shape as :func:`make_body`."""

    def code_block(match: re.Match[str]) -> str:
        code = match.group(2).rstrip("\n")
        indented = "\n".join(f"   {line}" if line else "" for line in code.split("\n"))
        return f".. code-block:: {match.group(1)}\n\n{indented}"

    link = f"[the notes for post {number}](https://example.org/notes/{number})"
    text = make_body(rng, number).replace("`", "``")
    text = re.sub(r"``````(\w+)\n(.*?)``````", code_block, text, flags=re.DOTALL)
    text = text.replace(
        link, f"`the notes for post {number} <https://example.org/notes/{number}>`__"
    )
    return re.sub(
        r"^## (.+)$", lambda m: f"{m.group(1)}\n{'-' * len(m.group(1))}", text, flags=re.M
    )


def make_ablog_post(rng: random.Random, number: int, total: int) -> str:
    title = make_title(rng, number)
    tags = rng.sample(TAG_POOL, rng.randint(2, 3))
    day = (number - 1) * CORPUS_SPAN_DAYS // max(total, 1) + rng.randint(0, 1)
    date = CORPUS_START + dt.timedelta(days=day)
    lines = [
        title,
        "=" * len(title),
        "",
        f".. post:: {date.strftime('%b %d, %Y')}",
        f"   :tags: {', '.join(tags)}",
        f"   :category: {rng.choice(ABLOG_CATEGORIES)}",
        f"   :author: {rng.choice(sorted(ABLOG_AUTHORS))}",
        f"   :location: {rng.choice(ABLOG_LOCATIONS)}",
        "",
    ]
    return "\n".join(lines) + "\n" + make_rest_body(rng, number)


def generate_ablog_corpus(root: Path, posts: int) -> None:
    """Write ``index.rst`` and ``blog/post-NNNN.rst`` ABlog posts; identical for every run."""
    rng = random.Random(SEED)
    (root / POSTS_DIR).mkdir(parents=True, exist_ok=True)
    (root / "index.rst").write_text(
        "Home\n====\n\nWelcome to the benchmark site. Posts live in the blog folder.\n",
        encoding="utf-8",
    )
    for number in range(1, posts + 1):
        text = make_ablog_post(rng, number, posts)
        (root / POSTS_DIR / f"{post_name(number)}.rst").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------
# Sphinx projects
# --------------------------------------------------------------------------------------

COMMON_CONF = """\
project = "bench-{name}"
author = "bench"
extensions = {extensions!r}
html_theme = "alabaster"
exclude_patterns = ["_build"]
# Posts are deliberately not in a toctree and start with "##" headings.
suppress_warnings = ["toc.not_included", "myst.header"]
"""

PROJECT_EXTENSIONS: dict[str, list[str]] = {
    "plain": ["myst_parser"],
    "blogext": ["myst_parser", "sphinx_blogext"],
    # the same project, built with the sphinx_blogext of another checkout (--baseline)
    "baseline": ["myst_parser", "sphinx_blogext"],
    "ablog": ["myst_parser", "ablog"],
    # the blogext project without social cards (what cards cost: blogext against it)
    "nocards": ["myst_parser", "sphinx_blogext"],
}

#: conf.py of the ABlog-style corpus: what an ABlog site sets (its documentation's own
#: set-up: authors, locations, archive feeds, the sidebars), the same for ABlog and us
ABLOG_CONF = (
    'blog_baseurl = "https://bench.example.org/"\n'
    'blog_title = "Bench blog"\n'
    f"blog_authors = {{{', '.join(f'{k!r}: ({v!r}, None)' for k, v in ABLOG_AUTHORS.items())}}}\n"
    f"blog_locations = {{{', '.join(f'{k!r}: ({k!r}, None)' for k in ABLOG_LOCATIONS)}}}\n"
    "blog_feed_archives = True\n"
    'post_date_format = "%b %d, %Y"\n'
    "html_sidebars = {'**': ['ablog/postcard.html', 'ablog/recentposts.html', "
    "'ablog/tagcloud.html', 'ablog/categories.html', 'ablog/archives.html', "
    "'ablog/authors.html', 'ablog/locations.html']}\n"
)
#: plain Sphinx reads the same corpus with a ``post`` directive that does nothing
PLAIN_POST = """
from docutils.parsers.rst import Directive, directives


class _Post(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {k: directives.unchanged for k in ("tags", "category", "author", "location")}

    def run(self):
        return []


def setup(app):
    app.add_directive("post", _Post)
"""

PROJECT_EXTRA_CONF: dict[str, str] = {
    "plain": "",
    "blogext": 'blog_baseurl = "https://bench.example.org/"\n',
    "baseline": 'blog_baseurl = "https://bench.example.org/"\n',
    "nocards": 'blog_baseurl = "https://bench.example.org/"\nblog_social_cards = False\n',
}


@dataclass(frozen=True)
class Project:
    name: str
    srcdir: Path
    #: a folder put first on the build's import path (the baseline checkout)
    pythonpath: str = ""
    #: the interpreter that builds it (ABlog's, for the ablog project)
    python: str = ""
    suffix: str = ".md"
    #: with --git-dates: the folder of the ``git`` that logs its calls, and its log
    git_wrapper: str = ""
    git_log: str = ""

    @property
    def outdir(self) -> Path:
        return self.srcdir / "_build" / "html"

    def post_source(self, number: int) -> Path:
        return self.srcdir / POSTS_DIR / f"{post_name(number)}{self.suffix}"


def create_project(
    workdir: Path,
    corpus: Path,
    name: str,
    pythonpath: str = "",
    *,
    kind: str = "hugo",
    python: str = "",
    git_dates: bool = False,
) -> Project:
    srcdir = workdir / name
    if srcdir.exists():
        shutil.rmtree(srcdir)
    shutil.copytree(corpus, srcdir)
    conf = COMMON_CONF.format(name="blogext" if name in ("baseline", "nocards") else name,
                              extensions=PROJECT_EXTENSIONS[name])  # fmt: skip
    extra = PROJECT_EXTRA_CONF.get(name, "")
    if kind == "ablog":
        extra = PLAIN_POST if name == "plain" else ABLOG_CONF
    if git_dates:
        extra += "blog_git_dates = True\n"
    (srcdir / "conf.py").write_text(conf + extra, encoding="utf-8")
    suffix = ".rst" if kind == "ablog" else ".md"
    project = Project(name=name, srcdir=srcdir, pythonpath=pythonpath, python=python,
                      suffix=suffix)  # fmt: skip
    if git_dates:
        make_repository(project)
        wrapper, log = git_wrapper(workdir / f"git-{name}")
        project = replace(project, git_wrapper=str(wrapper), git_log=str(log))
    return project


# --------------------------------------------------------------------------------------
# --git-dates: the project in a repository, and a git that counts its calls
# --------------------------------------------------------------------------------------

#: the commits of the repository: (date, every how many posts one is changed; 1: all)
GIT_COMMITS: tuple[tuple[str, int], ...] = (
    ("2024-01-15T10:00:00+01:00", 1),
    ("2024-06-01T18:30:00-04:00", 7),
    ("2024-11-20T08:00:00+00:00", 3),
    ("2025-02-03T12:00:00+09:00", 10),
)


def without_lastmod(corpus: Path) -> None:
    """Take ``lastmod`` out of every post's front matter, so that each post asks git for
    it (``date`` stays: the order of the posts is the same with and without git)."""
    for path in sorted((corpus / POSTS_DIR).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^lastmod: .*\n", "", text, flags=re.M), encoding="utf-8")


def make_repository(project: Project) -> None:
    """Make the project a git repository with a few commits, each changing some posts,
    at fixed dates, by a fixed person."""
    posts = sorted((project.srcdir / POSTS_DIR).glob(f"*{project.suffix}"))
    (project.srcdir / ".gitignore").write_text("_build/\n", encoding="utf-8")

    def git(*args: str, date: str = GIT_COMMITS[0][0]) -> None:
        env = {
            **os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
            "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        }  # fmt: skip
        subprocess.run(["git", *args], cwd=project.srcdir, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    git("init", "-q", "-b", "main")
    for number, (date, every) in enumerate(GIT_COMMITS):
        if number:
            for path in posts[number::every]:
                with path.open("a", encoding="utf-8") as stream:
                    stream.write(f"\nRevised in commit {number + 1}.\n")
        git("add", "-A", date=date)
        git("commit", "-q", "-m", f"commit {number + 1}", date=date)


def git_wrapper(folder: Path) -> tuple[Path, Path]:
    """A ``git`` that writes a line per call to a log, then runs the real one; (its
    folder, the log)."""
    git = shutil.which("git")
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "calls.log"
    script = folder / "git"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{git}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder, log


# --------------------------------------------------------------------------------------
# Running builds
# --------------------------------------------------------------------------------------


class BuildError(RuntimeError):
    """A sphinx-build subprocess exited with a non-zero status."""


@dataclass
class BuildRun:
    seconds: float
    warnings: int
    #: peak resident memory of the build process, in KiB
    max_rss_kb: int
    #: processor time (user + system) of the build process; with -j, of the main one
    cpu_seconds: float = 0.0
    #: with --git-dates: the git processes the build started
    git_calls: int | None = None


def run_build(project: Project, jobs: int = 1) -> BuildRun:
    """Run one HTML build in a fresh interpreter; the doctrees go to ``OUT/.doctrees``."""
    command = [project.python or sys.executable, "-m", "sphinx", "-b", "html", "-q"]
    if jobs > 1:
        command += ["-j", str(jobs)]
    command += [str(project.srcdir), str(project.outdir)]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    if project.pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (project.pythonpath, env.get("PYTHONPATH", "")) if p
        )
    if project.git_wrapper:
        env["PATH"] = os.pathsep.join((project.git_wrapper, env.get("PATH", "")))
        Path(project.git_log).unlink(missing_ok=True)
    start = time.perf_counter()
    # cwd is the work dir so that a checkout in the current directory is never imported
    # by accident: the blogext side uses whatever sphinx_blogext is installed.
    with tempfile.TemporaryFile("w+") as stderr:
        proc = subprocess.Popen(
            command, cwd=project.srcdir.parent, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        # wait4 gives this child's own peak memory, not the maximum over all children
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        lines = stderr.read().splitlines()
    if proc.returncode != 0:
        tail = "\n".join(lines[-STDERR_TAIL_LINES:])
        raise BuildError(f"{project.name}: sphinx exited with {proc.returncode}\n{tail}")
    warnings = sum("WARNING" in line for line in lines)
    git_calls = None
    if project.git_log:
        log = Path(project.git_log)
        git_calls = len(log.read_text().splitlines()) if log.exists() else 0
    return BuildRun(
        seconds=seconds,
        warnings=warnings,
        max_rss_kb=usage.ru_maxrss,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        git_calls=git_calls,
    )


def wipe_build(project: Project) -> None:
    shutil.rmtree(project.srcdir / "_build", ignore_errors=True)


def append_edit(project: Project, number: int, marker: str) -> None:
    path = project.post_source(number)
    with path.open("a", encoding="utf-8") as stream:
        stream.write(f"\nEdited paragraph {marker} appended by the benchmark.\n")


def edit_was_rendered(project: Project, number: int, marker: str) -> bool:
    """Check the edited post's HTML (flat or directory-style URL) contains ``marker``."""
    base = project.outdir / POSTS_DIR
    for candidate in (base / f"{post_name(number)}.html", base / post_name(number) / "index.html"):
        if candidate.is_file() and marker in candidate.read_text(encoding="utf-8"):
            return True
    return False


# --------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    target: float | None  # maximum blogext/plain ratio; None = report only
    rss_target: float | None = None  # maximum blogext/plain ratio of peak memory


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("full", "full build (outdir + doctrees wiped)", 1.2, rss_target=1.3),
    Scenario("no-change", "rebuild with nothing changed", 1.3),
    Scenario("incremental", "rebuild after appending to one post", 1.5),
    Scenario("full-j2", "full build with -j 2 (wiped)", None),
)
SCENARIO_BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}


@dataclass
class ProjectTiming:
    runs: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    #: with --git-dates: the git processes each run started
    git_calls: list[int] = field(default_factory=list)
    warnings: int = 0
    error: str | None = None
    note: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs and self.error is None else None

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu and self.error is None else None

    @property
    def median_rss_kb(self) -> float | None:
        return statistics.median(self.rss_kb) if self.rss_kb and self.error is None else None


@dataclass
class ScenarioResult:
    scenario: Scenario
    timings: dict[str, ProjectTiming]

    def ratio(self, name: str = "blogext") -> float | None:
        plain = self.timings.get("plain")
        blogext = self.timings.get(name)
        if plain is None or blogext is None or not plain.median or blogext.median is None:
            return None
        return blogext.median / plain.median

    def within_target(self) -> bool | None:
        ratio = self.ratio()
        if ratio is None or self.scenario.target is None:
            return None
        return ratio <= self.scenario.target

    def cpu_ratio(self, name: str = "blogext") -> float | None:
        """The ratio of processor time: less affected by a busy host than wall time."""
        plain, blogext = self.timings.get("plain"), self.timings.get(name)
        if plain is None or blogext is None or not plain.median_cpu or blogext.median_cpu is None:
            return None
        return blogext.median_cpu / plain.median_cpu

    def rss_ratio(self, name: str = "blogext") -> float | None:
        plain, blogext = self.timings.get("plain"), self.timings.get(name)
        if plain is None or blogext is None:
            return None
        if not plain.median_rss_kb or blogext.median_rss_kb is None:
            return None
        return blogext.median_rss_kb / plain.median_rss_kb

    def to_json(self) -> dict[str, object]:
        return {
            "scenario": self.scenario.name,
            "description": self.scenario.description,
            "target_ratio": self.scenario.target,
            "ratio": self.ratio(),
            "within_target": self.within_target(),
            "rss_ratio": self.rss_ratio(),
            "cpu_ratio": self.cpu_ratio(),
            **{
                name: {
                    **asdict(timing),
                    "median": timing.median,
                    "median_rss_kb": timing.median_rss_kb,
                    "median_cpu": timing.median_cpu,
                }
                for name, timing in self.timings.items()
            },
        }


class Runner:
    """Runs scenarios over the projects, interleaving them and tracking build state."""

    def __init__(self, projects: Sequence[Project], repeat: int, edit_post: int) -> None:
        self.projects = list(projects)
        self.repeat = repeat
        self.edit_post = edit_post
        self.ready: set[str] = set()  # projects whose build dir is up to date
        self.broken: dict[str, str] = {}  # project name -> first error
        self.edit_counter = 0

    def ordered(self, repetition: int) -> list[Project]:
        """Alternate who goes first so neither side always runs on a warmer machine."""
        healthy = [p for p in self.projects if p.name not in self.broken]
        return healthy if repetition % 2 == 0 else healthy[::-1]

    def ensure_built(self, project: Project) -> None:
        if project.name not in self.ready:
            run_build(project)
            self.ready.add(project.name)

    def run(self, scenario: Scenario) -> ScenarioResult:
        timings = {p.name: ProjectTiming() for p in self.projects}
        for name, error in self.broken.items():
            timings[name].error = f"skipped, earlier failure: {error.splitlines()[0]}"
        steps: dict[str, Callable[[Project, ProjectTiming, int], BuildRun]] = {
            "full": self._full,
            "no-change": self._no_change,
            "incremental": self._incremental,
            "full-j2": self._full_parallel,
        }
        step = steps[scenario.name]
        for repetition in range(self.repeat):
            for project in self.ordered(repetition):
                timing = timings[project.name]
                try:
                    build = step(project, timing, repetition)
                except BuildError as exc:
                    timing.error = str(exc)
                    self.broken[project.name] = str(exc)
                    self.ready.discard(project.name)
                    print(f"  ! {scenario.name}/{project.name} failed:\n{exc}", file=sys.stderr)
                    continue
                timing.runs.append(build.seconds)
                timing.rss_kb.append(build.max_rss_kb)
                timing.cpu.append(build.cpu_seconds)
                if build.git_calls is not None:
                    timing.git_calls.append(build.git_calls)
                timing.warnings = max(timing.warnings, build.warnings)
                print(
                    f"  {scenario.name:<12} {project.name:<9} run {repetition + 1}/{self.repeat}"
                    f"  {build.seconds:7.2f}s  {build.max_rss_kb / 1024:6.0f} MiB"
                    f"  cpu {build.cpu_seconds:7.2f}s",
                    file=sys.stderr,
                    flush=True,
                )
        return ScenarioResult(scenario=scenario, timings=timings)

    def _full(self, project: Project, timing: ProjectTiming, repetition: int) -> BuildRun:
        wipe_build(project)
        self.ready.discard(project.name)
        build = run_build(project)
        self.ready.add(project.name)
        return build

    def _full_parallel(self, project: Project, timing: ProjectTiming, repetition: int) -> BuildRun:
        wipe_build(project)
        self.ready.discard(project.name)
        build = run_build(project, jobs=2)
        self.ready.add(project.name)
        return build

    def _no_change(self, project: Project, timing: ProjectTiming, repetition: int) -> BuildRun:
        self.ensure_built(project)
        return run_build(project)

    def _incremental(self, project: Project, timing: ProjectTiming, repetition: int) -> BuildRun:
        self.ensure_built(project)
        # Same post and same text for both projects within one repetition.
        marker = f"bench-edit-{repetition + 1:03d}"
        append_edit(project, self.edit_post, marker)
        build = run_build(project)
        if not edit_was_rendered(project, self.edit_post, marker):
            timing.note = f"edit marker not found in the HTML of {post_name(self.edit_post)}"
        return build


# --------------------------------------------------------------------------------------
# import-hugo
# --------------------------------------------------------------------------------------


def import_benchmark(workdir: Path, posts: int, repeat: int) -> tuple[str, bool]:
    """Time ``blogext import-hugo`` on the synthetic Hugo site of ``tests/hugo_corpus.py``
    against one full build of what it imports; (the report line, whether it ran)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from hugo_corpus import make_corpus

    site = make_corpus(workdir / "hugo-site", posts)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    times: list[float] = []
    dest = workdir / "imported"
    for _ in range(repeat):
        shutil.rmtree(dest, ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "sphinx_blogext", "import-hugo", str(site), str(dest)],
            cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            check=False,
        )  # fmt: skip
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            return f"import-hugo: failed ({done.returncode}): {done.stderr.strip()[:400]}", False
    builds: list[float] = []
    for _ in range(repeat):
        shutil.rmtree(dest / "_build", ignore_errors=True)
        try:
            builds.append(run_build(Project("imported", dest)).seconds)
        except BuildError as exc:
            return f"import-hugo: the imported site does not build: {exc}", False
    imported, built = statistics.median(times), statistics.median(builds)
    return (
        f"import-hugo: {posts} posts imported in {imported:.2f}s; one full build of the result "
        f"{built:.2f}s; import/build {imported / built:.2f} (medians of {repeat})",
        True,
    )


# --------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------


def package_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def environment_info(posts: int, repeat: int) -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "sphinx": package_version("sphinx"),
        "myst_parser": package_version("myst-parser"),
        "sphinx_blogext": package_version("sphinx-blogext"),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "posts": posts,
        "repeat": repeat,
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def format_seconds(timing: ProjectTiming | None) -> str:
    if timing is None:
        return "-"
    if timing.error is not None:
        return "ERROR"
    return f"{timing.median:.2f}" if timing.median is not None else "-"


def status_text(result: ScenarioResult, judge: bool) -> str:
    if not judge:
        return "not judged (smoke run)"
    if result.scenario.target is None:
        return "report only"
    status = {True: "ok", False: "OVER", None: "n/a"}[result.within_target()]
    rss, target = result.rss_ratio(), result.scenario.rss_target
    if rss is not None and target is not None and rss > target:
        status += ", memory OVER"
    return status


def format_mib(timing: ProjectTiming | None) -> str:
    if timing is None or timing.median_rss_kb is None:
        return "-"
    return f"{timing.median_rss_kb / 1024:.0f}"


def parallel_line(results: Sequence[ScenarioResult], judge: bool) -> str | None:
    """Whether ``-j 2`` makes the blogext build faster than a serial one."""
    by_name = {r.scenario.name: r for r in results}
    if "full" not in by_name or "full-j2" not in by_name:
        return None
    serial = by_name["full"].timings.get("blogext")
    parallel = by_name["full-j2"].timings.get("blogext")
    if serial is None or parallel is None or not serial.median or parallel.median is None:
        return None
    verdict = "faster" if parallel.median < serial.median else "NOT FASTER"
    if not judge:
        verdict = "not judged (smoke run)"
    return (
        f"-j 2: blogext {parallel.median:.2f}s against {serial.median:.2f}s serial "
        f"({parallel.median / serial.median:.2f}x): {verdict}"
    )


def baseline_table(results: Sequence[ScenarioResult]) -> list[str]:
    """The ratios against plain Sphinx of this checkout and of the baseline, side by side."""

    def text(value: float | None) -> str:
        return f"{value:.2f}" if value is not None else "-"

    header = (
        f"{'scenario':<12} {'baseline':>9} {'this':>6} {'mem baseline':>13} {'mem this':>9}"
        f" {'cpu baseline':>13} {'cpu this':>9}"
    )
    lines = ["against the baseline checkout (ratios to plain Sphinx, same run):", header]
    for result in results:
        lines.append(
            f"{result.scenario.name:<12} {text(result.ratio('baseline')):>9} "
            f"{text(result.ratio()):>6} {text(result.rss_ratio('baseline')):>13} "
            f"{text(result.rss_ratio()):>9} {text(result.cpu_ratio('baseline')):>13} "
            f"{text(result.cpu_ratio()):>9}"
        )
    return lines


def cards_table(results: Sequence[ScenarioResult]) -> list[str]:
    """What social cards cost: the blogext project against itself without cards."""
    header = f"{'scenario':<12} {'no cards [s]':>13} {'cards [s]':>10} {'cards/no cards':>15}"
    lines = ["social cards (blog_social_cards on against off, same run, medians):", header]
    for result in results:
        off, on = result.timings.get("nocards"), result.timings.get("blogext")
        ratio = "-"
        if off is not None and on is not None and off.median and on.median is not None:
            ratio = f"{on.median / off.median:.2f}"
        lines.append(
            f"{result.scenario.name:<12} {format_seconds(off):>13} {format_seconds(on):>10}"
            f" {ratio:>15}"
        )
    return lines


def ablog_table(results: Sequence[ScenarioResult]) -> list[str]:
    """sphinx-blogext against ABlog on the same sources: medians and their ratio."""

    def text(value: float | None) -> str:
        return f"{value:.2f}" if value is not None else "-"

    header = (
        f"{'scenario':<12} {'ablog [s]':>10} {'blogext [s]':>12} {'blogext/ablog':>14}"
        f" {'ablog MiB':>10} {'blogext MiB':>12}"
    )
    lines = ["against ABlog (same sources, same run, medians):", header]
    for result in results:
        ablog, ours = result.timings.get("ablog"), result.timings.get("blogext")
        ratio = None
        if ablog is not None and ours is not None and ablog.median and ours.median is not None:
            ratio = ours.median / ablog.median
        lines.append(
            f"{result.scenario.name:<12} {format_seconds(ablog):>10} {format_seconds(ours):>12}"
            f" {text(ratio):>14} {format_mib(ablog):>10} {format_mib(ours):>12}"
        )
    return lines


def git_lines(results: Sequence[ScenarioResult]) -> list[str]:
    """How many git processes each build started (--git-dates): one, whatever the number
    of posts."""
    lines = ["git dates (blog_git_dates on, the project a repository):"]
    for result in results:
        for name, timing in result.timings.items():
            if timing.git_calls:
                counts = ", ".join(str(n) for n in timing.git_calls)
                verdict = "one per build" if set(timing.git_calls) == {1} else "NOT ONE PER BUILD"
                lines.append(
                    f"  {result.scenario.name:<12} {name:<9} git processes per run: {counts}"
                    f"  ({verdict})"
                )
    return lines


def format_table(results: Sequence[ScenarioResult], *, judge: bool = True) -> str:
    header = (
        f"{'scenario':<12} {'plain [s]':>10} {'blogext [s]':>12} {'ratio':>7} {'target':>8}"
        f" {'plain MiB':>10} {'blogext MiB':>12} {'mem ratio':>10} {'cpu ratio':>10}  status"
    )
    lines = [header, "-" * len(header)]
    for result in results:
        ratio, rss = result.ratio(), result.rss_ratio()
        target = result.scenario.target
        ratio_text = f"{ratio:.2f}" if ratio is not None else "-"
        # a smoke run shows no target: "1.42 <= 1.2" next to it would read as a failure
        target_text = f"<= {target:.1f}" if target is not None and judge else "-"
        rss_text = f"{rss:.2f}" if rss is not None else "-"
        cpu = result.cpu_ratio()
        cpu_text = f"{cpu:.2f}" if cpu is not None else "-"
        lines.append(
            f"{result.scenario.name:<12} {format_seconds(result.timings.get('plain')):>10} "
            f"{format_seconds(result.timings.get('blogext')):>12} "
            f"{ratio_text:>7} {target_text:>8} {format_mib(result.timings.get('plain')):>10} "
            f"{format_mib(result.timings.get('blogext')):>12} {rss_text:>10} {cpu_text:>10}  "
            f"{status_text(result, judge)}"
        )
    if (line := parallel_line(results, judge)) is not None:
        lines += ["", line]
    if any("baseline" in result.timings for result in results):
        lines += ["", *baseline_table(results)]
    if any("ablog" in result.timings for result in results):
        lines += ["", *ablog_table(results)]
    if any("nocards" in result.timings for result in results):
        lines += ["", *cards_table(results)]
    if any(t.git_calls for result in results for t in result.timings.values()):
        lines += ["", *git_lines(results)]
    notes = [
        f"  {result.scenario.name}/{name}: {text}"
        for result in results
        for name, timing in result.timings.items()
        for text in (
            timing.note,
            f"{timing.warnings} warning line(s) on stderr" if timing.warnings else None,
            timing.error.splitlines()[0] if timing.error else None,
        )
        if text
    ]
    if notes:
        lines += ["", "notes:", *notes]
    if not judge:
        lines += ["", "smoke run: it checks that every scenario runs; ratios are not judged"]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def parse_list(value: str, allowed: Sequence[str], what: str) -> list[str]:
    items = [item.strip() for item in value.split(",") if item.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown or not items:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {unknown or value!r}; choose from {', '.join(allowed)}"
        )
    return [item for item in allowed if item in items]  # canonical order


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    scenario_names = [scenario.name for scenario in SCENARIOS]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=positive_int, default=500, help="number of posts")
    parser.add_argument(
        "--repeat", type=positive_int, default=3, help="runs per measurement (median)"
    )
    parser.add_argument(
        "--scenarios",
        type=lambda v: parse_list(v, scenario_names, "scenario"),
        default=scenario_names,
        help=f"comma-separated subset of: {', '.join(scenario_names)} (default: all)",
    )
    parser.add_argument(
        "--projects",
        type=lambda v: parse_list(v, PROJECTS, "project"),
        default=None,
        help="comma-separated subset of: plain, blogext, ablog, nocards (blogext with "
        "blog_social_cards = False, to see what cards cost) (default: plain and blogext; "
        "with --corpus ablog, plain, blogext and ablog)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="directory for the corpus and projects (kept); default: a temp dir (removed)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary work dir")
    parser.add_argument(
        "--import-hugo",
        action="store_true",
        help="also time `blogext import-hugo` on a synthetic Hugo site of --posts posts "
        "against one full build of the result",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write results as JSON")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="CHECKOUT",
        help="also build the blogext project with the sphinx_blogext of another checkout "
        "(a folder holding sphinx_blogext/), interleaved with the others: before and after "
        "a change, measured in one run",
    )
    parser.add_argument(
        "--corpus",
        choices=("hugo", "ablog"),
        default="hugo",
        help="hugo: Markdown posts with Hugo front matter (default); ablog: reST posts with "
        "ABlog's post directive and an ABlog conf.py, built by ABlog too",
    )
    parser.add_argument(
        "--ablog-python",
        metavar="PYTHON",
        default=sys.executable,
        help="the interpreter that builds the ablog project (one with ablog and the same "
        "Sphinx and myst-parser installed); default: this one",
    )
    parser.add_argument(
        "--git-dates",
        action="store_true",
        help="make the blogext project a git repository with a few commits, turn "
        "blog_git_dates on (and take lastmod out of the posts, for both projects) and count "
        "the git processes each blogext build starts",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a quick check that every scenario still runs (20 posts, once); "
        "ratios are printed but not judged, as such small builds are mostly noise",
    )
    return parser


def check_blogext_importable() -> str | None:
    if importlib.util.find_spec("sphinx_blogext") is None:
        return (
            "sphinx_blogext is not importable from this interpreter "
            f"({sys.executable}); install it, e.g. `pip install -e .`, "
            "or pass --projects plain"
        )
    return None


def check_ablog_importable(python: str) -> str | None:
    found = subprocess.run(
        [python, "-c", "import ablog, sphinx; print(ablog.__version__, sphinx.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        return (
            f"ablog is not importable from {python}; install it there "
            "(pip install ablog) or pass --ablog-python, or leave ablog out of --projects"
        )
    return None


def run_benchmark(args: argparse.Namespace, workdir: Path) -> int:
    info = environment_info(args.posts, args.repeat)
    print(
        f"sphinx-blogext benchmark: {args.posts} posts, repeat {args.repeat} (median wall time)\n"
        f"Python {info['python']}, Sphinx {info['sphinx']}, myst-parser {info['myst_parser']}, "
        f"sphinx-blogext {info['sphinx_blogext'] or 'not installed'}, "
        f"{info['cpu_count']} CPUs\nwork dir: {workdir}",
        flush=True,
    )

    corpus = workdir / CORPUS_DIR
    shutil.rmtree(corpus, ignore_errors=True)
    (generate_ablog_corpus if args.corpus == "ablog" else generate_corpus)(corpus, args.posts)
    if args.git_dates:
        without_lastmod(corpus)
    projects = [
        create_project(
            workdir,
            corpus,
            name,
            kind=args.corpus,
            python=args.ablog_python if name == "ablog" else "",
            git_dates=args.git_dates and name == "blogext",
        )
        for name in args.projects
    ]
    if args.baseline is not None:
        checkout = str(args.baseline.resolve())
        projects.append(
            create_project(workdir, corpus, "baseline", pythonpath=checkout, kind=args.corpus)
        )

    runner = Runner(projects, repeat=args.repeat, edit_post=max(1, args.posts // 2))
    results = []
    for name in args.scenarios:
        scenario = SCENARIO_BY_NAME[name]
        print(f"\n== {scenario.name}: {scenario.description}", file=sys.stderr, flush=True)
        results.append(runner.run(scenario))

    print()
    print(format_table(results, judge=not args.smoke))
    imported = True
    if args.import_hugo or args.smoke:
        print("\n== import-hugo", file=sys.stderr, flush=True)
        line, imported = import_benchmark(workdir, args.posts, args.repeat)
        print(f"\n{line}")
    if args.json:
        payload = {"environment": info, "results": [result.to_json() for result in results]}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"\nJSON written to {args.json}")
    return 1 if runner.broken or not imported else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.projects is None:
        ablog = args.corpus == "ablog"
        args.projects = ["plain", "blogext", "ablog"] if ablog else ["plain", "blogext"]
    if "ablog" in args.projects and (problem := check_ablog_importable(args.ablog_python)):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.smoke:
        args.posts, args.repeat = 20, 1
    if args.git_dates and shutil.which("git") is None:
        print("error: --git-dates needs git on PATH", file=sys.stderr)
        return 2
    if "blogext" in args.projects and (problem := check_blogext_importable()):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return run_benchmark(args, args.workdir.resolve())
    workdir = Path(tempfile.mkdtemp(prefix="blogext-bench-"))
    try:
        return run_benchmark(args, workdir)
    finally:
        if args.keep:
            print(f"work dir kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
