"""The project's own tools and packaging: dev.py, the benchmark, the catalog, the pins."""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po
from packaging.requirements import Requirement

from sphinx_blogext import LOCALE
from sphinx_blogext.messages import (
    LANGUAGES,
    TEMPLATE,
    compiled,
    extract,
    read_translation,
    translation_path,
)

ROOT = Path(__file__).parent.parent


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def test_ctrl_c_stops_serve_without_a_traceback(monkeypatch, capsys) -> None:
    dev = load(ROOT / "dev.py")

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(dev, "ensure_venv", lambda: None)
    monkeypatch.setattr(dev, "serve", interrupted)
    monkeypatch.setattr(sys, "argv", ["dev.py", "serve"])
    try:
        code = dev.main()
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C escaped from dev.py as a traceback")
    assert code == 130
    assert "Traceback" not in capsys.readouterr().err


def test_smoke_run_reports_without_judging() -> None:
    bench = load(ROOT / "benchmarks" / "bench.py")
    timings = {
        "plain": bench.ProjectTiming(runs=[1.0], rss_kb=[100_000]),
        "blogext": bench.ProjectTiming(runs=[2.0], rss_kb=[200_000]),
    }
    results = [bench.ScenarioResult(bench.SCENARIO_BY_NAME["full"], timings)]
    judged = bench.format_table(results, judge=True)
    assert "OVER" in judged and "memory OVER" in judged
    smoke = bench.format_table(results, judge=False)
    row = smoke.splitlines()[2]
    assert "OVER" not in smoke and row.endswith("not judged (smoke run)")
    assert "2.00" in smoke  # the ratio is still shown


def test_message_catalog_template_is_complete() -> None:
    assert LOCALE.is_dir() and TEMPLATE.parent == LOCALE
    with TEMPLATE.open("rb") as stream:
        shipped = {m.id for m in read_po(stream) if m.id}
    wanted = {m.id for m in extract() if m.id}
    assert "%d min read" in wanted
    assert wanted == shipped, "run: python3 dev.py messages"


_PLACEHOLDER = re.compile(r"%(?:\([a-z]+\))?[sd]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_are_complete_and_compiled(language: str) -> None:
    catalog = read_translation(language)
    wanted = {m.id for m in extract() if m.id}
    assert {m.id for m in catalog if m.id} == wanted, "run: python3 dev.py messages"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: {message.id!r} is not translated"
        # the same placeholders, or the message breaks at run time
        for text in strings:
            assert sorted(_PLACEHOLDER.findall(text)) == sorted(_PLACEHOLDER.findall(ids[-1])), (
                language,
                message.id,
            )

    # what Sphinx reads is what the .po says (the header names the Babel version: left out)
    def messages(data: bytes) -> dict[object, str]:
        table = gettext.GNUTranslations(io.BytesIO(data))._catalog  # type: ignore[attr-defined]
        return {key: value for key, value in table.items() if key != ""}

    shipped = messages(translation_path(language, ".mo").read_bytes())
    assert shipped == messages(compiled(catalog)), "run: python3 dev.py messages"
    assert shipped[("%(num)d post", 1)]  # plural forms are compiled too


def test_oldest_pins_are_the_declared_floors() -> None:
    """CI's oldest set installs exactly the lowest versions pyproject promises."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        if requirement.marker is not None:
            continue
        lowest = [s.version for s in requirement.specifier if s.operator == ">="]
        assert lowest, f"{line} declares no floor"
        floors[requirement.name.lower()] = lowest[0]
    pins = {}
    for line in (ROOT / ".ci" / "oldest.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = re.split(r"==", line.strip())
            pins[name.lower()] = version
    assert floors == pins


def test_license_ships() -> None:
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert "LICENSE" in project["license-files"]
    for module in ("jinja2", "babel", "markupsafe", "yaml", "slugify"):
        assert any(
            module.replace("yaml", "pyyaml").replace("slugify", "python-slugify") in d.lower()
            for d in project["dependencies"]
        ), module
