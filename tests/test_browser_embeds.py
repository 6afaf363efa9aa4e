"""Click-to-load video players, in a browser: nothing from the video host before the click.

A small site (a talk with a YouTube recording on one page, one with a Vimeo recording
on another) is built once for each of four themes (alabaster, furo, pydata-sphinx-theme
and the blogext theme), served over HTTP on 127.0.0.1, and opened in Debian's Chromium
through playwright. Every request the pages make is recorded, and every request to
another host is aborted (the tests need no network): before the reader presses the
player's button, no request leaves 127.0.0.1; a click, or Enter on the focused button,
puts the player from the privacy-minded domain in its place (the request to it is
attempted, then aborted), with the focus on it. Without JavaScript, the plain link is
there and nothing is requested. The player keeps 16:9 in light and dark mode, fits a
phone's width, shows a focus ring and has no serious axe-core violation; the Nu HTML
checker finds no error in its markup.

Where Chromium, playwright, Java or the checker is missing, these tests skip and say
what is missing; with ``BLOGEXT_REQUIRE_BROWSER=1`` (CI) they fail instead.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from browsing import chromium, served, vnu_command
from conftest import built_without_warnings

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.browser

THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "blogext")
YOUTUBE = "dQw4w9WgXcQ"
VIMEO = "76979871"
#: each page, the player's address after the click, and the provider's name on the button
PAGES = {
    "youtube": (f"https://www.youtube-nocookie.com/embed/{YOUTUBE}?autoplay=1", "YouTube"),
    "vimeo": (f"https://player.vimeo.com/video/{VIMEO}?dnt=1&autoplay=1&h=8272103f6e", "Vimeo"),
}
PLAY = ".blogext-embed-play"
SERIOUS = {"serious", "critical"}

SOURCES = {
    "index.md": """\
        # Players

        ```{toctree}
        talks/youtube
        talks/vimeo
        ```
        """,
    "talks/youtube.md": f"""\
        # A talk on YouTube

        ```{{talk}} Tracing "everything" <live>
        :speakers: Jane Doe
        :event: ExampleConf 2024
        :date: 2024-03-21T14:30:00+01:00
        :location: Paris
        :video: https://www.youtube.com/watch?v={YOUTUBE}

        What a tracer sees.
        ```
        """,
    "talks/vimeo.md": f"""\
        # A talk on Vimeo

        ```{{talk}} Workshop
        :date: 2024-03-22
        :location: Lyon
        :video: https://vimeo.com/{VIMEO}/8272103f6e

        A day of practice.
        ```
        """,
}


# -- the sites, served ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Path:
    """One site per theme, in ``<root>/<theme>/``."""
    root = tmp_path_factory.mktemp("players")
    for theme in THEMES:
        src = tmp_path_factory.mktemp(f"src-{theme}")
        (src / "conf.py").write_text(
            'extensions = ["myst_parser", "sphinx_blogext"]\n'
            'exclude_patterns = ["_build"]\n'
            f'project = "Players"\nhtml_theme = "{theme}"\n'
            'blog_baseurl = "https://example.org/"\n',
            encoding="utf-8",
        )
        for name, text in SOURCES.items():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_text(textwrap.dedent(text), encoding="utf-8")
        shutil.copytree(built_without_warnings(src), root / theme)
    return root


@pytest.fixture(scope="module")
def server(sites: Path) -> Iterator[str]:
    with served(sites) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


class Visit:
    """A tab on one page, with every request it made (requests to other hosts are
    recorded, then aborted)."""

    def __init__(self, browser: Any, url: str, **options: Any) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        options.setdefault("viewport", {"width": 1280, "height": 900})
        self.context = browser.new_context(service_workers="block", **options)
        self.context.route(re.compile(".*"), self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.goto(url, wait_until="load")
        # whatever a script would fetch late has had the time to ask
        self.page.wait_for_timeout(300)

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    def _console(self, message: Any) -> None:
        # the script's own errors (themes log theirs: pydata-sphinx-theme a theme mode)
        where = (message.location or {}).get("url", "")
        if message.type == "error" and "blogext-embed" in where:
            self.errors.append(message.text)

    @property
    def elsewhere(self) -> list[str]:
        """The requests that went to another host than the test's server."""
        return [url for url in self.requests if urlsplit(url).hostname != "127.0.0.1"]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(theme: str, name: str, **options: Any) -> Visit:
        found = Visit(browser, f"{server}{theme}/talks/{name}.html", **options)
        opened.append(found)
        return found

    yield open_page
    for found in opened:
        found.close()


def _focused(page: Any) -> str:
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return el ? el.tagName.toLowerCase() + '.' + el.className : ''; }"
    )


def _check_player(seen: Visit, name: str) -> None:
    """After the press: the player from the privacy-minded domain, with the focus on it,
    and the only request to another host is the one for it."""
    src, _provider = PAGES[name]
    frame = seen.page.locator(".blogext-embed iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == src
    assert frame.get_attribute("allow") == "autoplay; fullscreen; picture-in-picture"
    assert frame.get_attribute("allowfullscreen") is not None
    assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
    assert (frame.get_attribute("title") or "").startswith("Video of “")
    assert seen.page.locator(PLAY).count() == 0
    assert _focused(seen.page).startswith("iframe.")
    seen.page.wait_for_timeout(300)
    assert seen.elsewhere, "the player was never asked for"
    assert set(seen.elsewhere) == {src}, seen.elsewhere
    assert seen.errors == []


# -- before the click ------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_requested_before_the_click(visit, theme: str, name: str) -> None:
    seen = visit(theme, name)
    button = seen.page.locator(PLAY)
    assert button.is_visible()
    _, provider = PAGES[name]
    assert button.inner_text().endswith(f"(loads from {provider})")
    assert seen.page.locator("iframe").count() == 0
    assert seen.elsewhere == []
    assert seen.errors == []


# -- the press -------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", PAGES)
def test_a_click_loads_the_player(visit, theme: str, name: str) -> None:
    seen = visit(theme, name)
    assert seen.elsewhere == []
    seen.page.locator(PLAY).click()
    _check_player(seen, name)


@pytest.mark.parametrize("theme", THEMES)
def test_enter_on_the_focused_button_loads_the_player(visit, theme: str) -> None:
    seen = visit(theme, "youtube")
    page = seen.page
    # the button is reached with the Tab key, like any other control
    for _ in range(60):
        page.keyboard.press("Tab")
        if _focused(page).startswith("button.blogext-embed-play"):
            break
    else:
        pytest.fail("Tab never reached the player's button")
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert ring[0] != "none" and ring[1] >= 2, ring
    assert seen.elsewhere == []
    page.keyboard.press("Enter")
    _check_player(seen, "youtube")


# -- without JavaScript ----------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", PAGES)
def test_without_javascript_the_plain_link(visit, theme: str, name: str) -> None:
    seen = visit(theme, name, java_script_enabled=False)
    page = seen.page
    assert page.locator(".blogext-embed").count() == 1
    assert not page.locator(".blogext-embed").is_visible()
    link = page.locator("a.blogext-talk-video")
    assert link.is_visible()
    assert ("youtube.com/watch" if name == "youtube" else "vimeo.com/") in (
        link.get_attribute("href") or ""
    )
    assert page.locator("iframe").count() == 0
    assert seen.elsewhere == []


# -- how it looks ----------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_player_keeps_its_shape_and_is_accessible(
    visit, theme: str, mode: str, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    seen = visit(theme, "youtube", color_scheme=mode, viewport={"width": width, "height": 900})
    page = seen.page
    box = page.locator(".blogext-embed").bounding_box()
    button = page.locator(PLAY).bounding_box()
    assert box is not None and button is not None
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.02, box
    # the button covers the player, and the player the width it has (no wider than the page)
    assert abs(button["width"] - box["width"]) < 1 and abs(button["height"] - box["height"]) < 1
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the button's words fit in it
    label = page.locator(".blogext-embed-label").bounding_box()
    assert label is not None and label["height"] <= box["height"]
    response = Axe().run(page, context=".blogext-embed").response
    serious = [
        f"{v['id']}: {v['help']}"
        for v in response["violations"]
        if any(node.get("impact") in SERIOUS for node in v["nodes"])
    ]
    assert serious == []
    assert seen.elsewhere == []


# -- the markup ------------------------------------------------------------------------


def test_the_pages_pass_the_nu_html_checker(sites: Path) -> None:
    """The player's markup is valid HTML (on the blogext theme, whose own pages pass)."""
    files = [str(sites / "blogext" / "talks" / f"{name}.html") for name in PAGES]
    command = [*vnu_command(), "--errors-only", "--format", "json", "--stdout"]
    done = subprocess.run([*command, *files], capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the checker did not answer in JSON:\n{done.stdout}\n{done.stderr}")
    assert [f"{m.get('message')}: {m.get('extract')!r}" for m in messages] == []
