"""The project's own tools and packaging: dev.py, the benchmark, the catalog, the pins."""

from __future__ import annotations

import gettext
import importlib.util
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def gone(pid: int) -> bool:
    """Whether a process has ended (a zombie waiting for its parent counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


#: a stand-in for sphinx-autobuild: a server that starts a build of its own, then waits
_SERVER = """
import os, signal, subprocess, sys, time
if sys.argv[2] == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
build = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
with open(sys.argv[1] + ".tmp", "w") as pids:
    pids.write(f"{os.getpid()} {build.pid}")
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(60)
"""

_DEV = """
import sys
sys.path.insert(0, sys.argv[1])
import dev
dev.GRACE = 1.0
sys.exit(dev.run_until_stopped(sys.executable, "-c", sys.argv[2], sys.argv[3], sys.argv[4]))
"""


def start_server(tmp_path: Path, kind: str = "plain") -> tuple[subprocess.Popen[str], list[int]]:
    pids = tmp_path / "pids"
    dev = subprocess.Popen(
        [sys.executable, "-c", _DEV, str(ROOT), _SERVER, str(pids), kind],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(pids.exists, 20), "the stand-in server did not start"
    return dev, [int(pid) for pid in pids.read_text().split()]


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_serve_takes_its_server_along_when_stopped(tmp_path: Path, name: str) -> None:
    """Stopped by its PID, by Ctrl-C or by a closed terminal, dev.py leaves nothing serving."""
    dev, server = start_server(tmp_path)
    signum = getattr(signal, name)
    dev.send_signal(signum)
    _, err = dev.communicate(timeout=20)
    assert dev.returncode == 128 + signum
    assert f"stopped ({name})" in err and "Traceback" not in err
    assert wait_for(lambda: all(gone(pid) for pid in server), 5), "the server outlived dev.py"


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_serve_kills_a_server_that_will_not_stop(tmp_path: Path) -> None:
    dev, server = start_server(tmp_path, "stubborn")
    dev.send_signal(signal.SIGTERM)
    dev.communicate(timeout=20)  # dev.GRACE is 1 s there
    assert dev.returncode == 128 + signal.SIGTERM
    assert wait_for(lambda: all(gone(pid) for pid in server), 5)


def test_serve_takes_port_and_host_and_opens_no_browser_unless_asked(monkeypatch) -> None:
    dev = load(ROOT / "dev.py")
    commands: list[list[str]] = []
    monkeypatch.setattr(dev, "run_until_stopped", lambda *a: commands.append(list(map(str, a))))
    port = free_port()
    dev.serve("--port", str(port))
    dev.serve("--port", str(port), "--host", "localhost", "--open")
    default, opened = commands
    assert default[default.index("--port") + 1] == str(port)
    assert default[default.index("--host") + 1] == "127.0.0.1"
    assert "--open-browser" not in default
    assert "-q" in default  # no page of progress and myst settings at every rebuild
    assert opened[opened.index("--host") + 1] == "localhost" and "--open-browser" in opened


def test_serve_on_a_busy_port_says_so_and_starts_nothing(monkeypatch, capsys) -> None:
    dev = load(ROOT / "dev.py")
    started: list[object] = []
    monkeypatch.setattr(dev, "run_until_stopped", lambda *a: started.append(a))
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        code = dev.serve("--port", str(port))
    assert code != 0 and not started
    message = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is busy" in message
    suggested = int(re.findall(r"--port (\d+)", message)[-1])
    assert suggested != port and dev.port_is_free("127.0.0.1", suggested)


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_serve_serves_the_example_site_and_stops_on_sigterm(tmp_path: Path) -> None:
    """The real thing: sphinx-autobuild serves, and SIGTERM to dev.py frees the port."""
    dev_module = load(ROOT / "dev.py")
    if not (dev_module.NEWEST / "bin" / "sphinx-autobuild").exists():
        pytest.skip("no .venv with sphinx-autobuild")
    port = free_port()
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); import dev; "
        f"sys.exit(dev.serve('--port', '{port}'))"  # dev.main() would first check .venv
    )
    dev = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        up = wait_for(
            lambda: not dev_module.port_is_free("127.0.0.1", port) or dev.poll() is not None, 90
        )
        assert up and dev.poll() is None, "sphinx-autobuild did not start serving"
    finally:
        dev.send_signal(signal.SIGTERM)
        out, _ = dev.communicate(timeout=30)
    assert dev.returncode == 128 + signal.SIGTERM, out
    assert "Traceback" not in out and "MdParserConfig" not in out
    assert wait_for(lambda: dev_module.port_is_free("127.0.0.1", port), 5), "still serving"


def test_setting_up_a_venv_says_what_it_is_doing(tmp_path: Path, monkeypatch, capsys) -> None:
    dev = load(ROOT / "dev.py")
    commands: list[list[str]] = []
    monkeypatch.setattr(dev.venv, "create", lambda env, **k: env.mkdir())
    monkeypatch.setattr(dev, "run", lambda *a, **k: commands.append(list(map(str, a))))
    dev.ensure_venv(tmp_path / ".venv-x")
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("==")]
    assert [line.split()[1] for line in lines] == ["creating", ".venv-x/:", ".venv-x/:", ".venv-x/"]
    install = commands[-1]
    assert "--quiet" not in install  # pip's own lines are the progress of the long step
    assert (tmp_path / ".venv-x" / ".installed").exists()


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
    assert "<=" not in smoke  # a ratio over the target must not look like a failure
    assert smoke.endswith("ratios are not judged")


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
