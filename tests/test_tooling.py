"""The project's own tools and packaging: dev.py, the benchmark, the catalog, the pins."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po
from packaging.requirements import Requirement

from sphinx_blogext import LOCALE
from sphinx_blogext.messages import TEMPLATE, extract

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
