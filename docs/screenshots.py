"""Take the screenshots of the example site that the theme chapter shows.

    python3 dev.py screenshots

builds ``example-site/`` with the ``blogext`` theme, serves it on a free port
and saves a post and the blog index at desktop and mobile widths, in light
and dark mode, into ``docs/_static/screenshots/``, and three of its social cards
into ``docs/_static/cards/``. It needs the test
extras (playwright) and Debian's ``chromium``; no browser is downloaded.
"""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "_static" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: (file name, page of the example site)
PAGES = [("post", "blog/talks-this-season.html"), ("blog", "blog/index.html")]
#: (name, width, height)
SIZES = [("desktop", 1280, 860), ("mobile", 390, 844)]
#: Social cards the images chapter shows: (file name, card in the built site)
CARDS = [
    ("post", "_blogext/cards/posts/blog/lisbon-meetup-recap.png"),
    ("talk", "_blogext/cards/talks/blog/talks-this-season/talk-your-first-tidewater-flow.png"),
    ("contributor", "_blogext/cards/contributors/jane-doe.png"),
]


def build(target: Path) -> None:
    from sphinx.cmd.build import build_main

    code = build_main(["-q", "-E", "-b", "html", str(ROOT / "example-site"), str(target)])
    if code:
        raise SystemExit(f"the example site did not build ({code})")


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        build(site)
        cards = ROOT / "docs" / "_static" / "cards"
        cards.mkdir(exist_ok=True)
        for name, path in CARDS:
            shutil.copyfile(site / path, cards / f"{name}.png")
            print((cards / f"{name}.png").relative_to(ROOT))
        handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                for mode in ("light", "dark"):
                    for size, width, height in SIZES:
                        context = browser.new_context(
                            viewport={"width": width, "height": height},
                            color_scheme=mode,
                            device_scale_factor=1,
                        )
                        page = context.new_page()
                        for name, path in PAGES:
                            page.goto(base + path, wait_until="networkidle")
                            shot = OUT / f"{name}-{size}-{mode}.png"
                            page.screenshot(path=str(shot))
                            print(shot.relative_to(ROOT))
                        context.close()
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    if shutil.which("chromium") is None:
        print("Debian's chromium is needed: apt-get install chromium", file=sys.stderr)
        sys.exit(2)
    sys.exit(main())
