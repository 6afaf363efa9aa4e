"""A synthetic Doks 0.x company blog, laid out as Doks' own configuration lays it out.

    python tests/doks_site.py OUT

Written from Doks' and Hugo's documentation, not from one site: the
configuration directory ``config/_default/`` (``config.toml`` without a
title, ``params.toml`` with it, ``languages.toml`` naming ``content/en`` and
``content/de``), posts as page bundles with ``images: ["thumbnail.png"]``, one
post whose image is a bundle file Hugo's templates find by name, contributors
with profile pictures, Hugo's ``figure`` with Doks' usual ``height="100%"``
and Doks' ``img``, ``alert``, ``callout``, ``details``, ``tabs`` and ``email``
shortcodes, a thematic break right after a heading, ``vscode:`` links, tags
that Hugo's ``urlize`` makes one, and a post whose body heading differs from
its title.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from hugo_corpus import png

TITLE = "Acme Engineering Blog"
BASE = "https://engineering.acme.example/"
#: (slug, name)
PEOPLE = [
    ("jane-doe", "Jane Doe"),
    ("ravi-kumar", "Ravi Kumar"),
    ("ada-lindqvist", "Ada Lindqvist"),
]
#: the tag spellings posts use; Hugo publishes one page for the first two
TAG_SPELLINGS = [
    "Platform Engineering",
    "platform-engineering",
    "Kubernetes",
    "Developer Experience",
]
POSTS = 8
SENTINEL = "Doks sentinel of post {n}."

CONFIG = f"""baseurl = "{BASE}"
canonifyURLs = false
disableAliases = true
disableHugoGeneratorInject = true
enableEmoji = true
enableGitInfo = false
enableRobotsTXT = true
languageCode = "en-US"
paginate = 7
rssLimit = 10
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = false

[taxonomies]
  contributor = "contributors"
  category = "categories"
  tag = "tags"

[permalinks]
  blog = "/blog/:slug/"
  docs = "/docs/:sections[1:]/:slug/"
"""

LANGUAGES = """[en]
  languageName = "English"
  contentDir = "content/en"
  weight = 10
  [en.params]
    languageISO = "EN"
    languageTag = "en-US"

[de]
  languageName = "Deutsch"
  contentDir = "content/de"
  weight = 20
  [de.params]
    languageISO = "DE"
    languageTag = "de-DE"
"""

PARAMS = f"""# Meta Data for SEO

## Homepage
title = "{TITLE}"
titleSeparator = "|"
titleAddition = "Notes from the platform team"
description = "How the Acme platform team builds, runs and thinks."

## Open Graph
images = ["doks.png"]
ogLocale = "en_US"
domainTLD = "engineering.acme.example"
titleHome = "Acme Engineering"

## JSON-LD
schemaType = "Organization"
schemaName = "Acme"

# Footer
footer = "Acme Corp."

[options]
  lazySizes = true
  clipBoard = true
  darkMode = true
  flexSearch = true
"""

MENUS = """[[main]]
  name = "Blog"
  url = "/blog/"
  weight = 10

[[social]]
  name = "GitHub"
  pre = "<svg xmlns=\\"http://www.w3.org/2000/svg\\"></svg>"
  url = "https://github.com/acme"
  weight = 20
"""


def _post(n: int) -> tuple[str, dict[str, bytes]]:
    """The text of post ``n``'s ``index.md`` and the other files of its bundle."""
    tags = [TAG_SPELLINGS[n % 2], TAG_SPELLINGS[2 + n % 2]]
    person = PEOPLE[n % len(PEOPLE)][1]
    files: dict[str, bytes] = {"diagram.png": png(n, 100, 200)}
    images = ""
    if n == 3:
        # no images: the bundle's *feature* file is the post's image, as in Hugo
        files["featured-sunset.png"] = png(250, 120, 0)
    else:
        files["thumbnail.png"] = png(n * 20, 10, 90)
        images = 'images: ["thumbnail.png"]\n'
    title = "Who are we?" if n == 1 else f"Platform note {n}"
    head = (
        f'---\ntitle: "{title}"\ndescription: "What post {n} is about."\n'
        f'lead: "The short version of post {n}."\n'
        f"date: 2023-0{1 + n % 9}-1{n % 10}T09:19:42+01:00\n"
        f"lastmod: 2023-0{1 + n % 9}-1{n % 10}T09:19:42+01:00\n"
        f"draft: false\nweight: 50\n{images}"
        f'contributors: ["{person}"]\ntags: {tags!r}\n'
        "---\n\n"
    ).replace("'", '"')
    body = []
    if n == 1:
        body.append("# Our story starts in a garage\n")
    body.append(f"{SENTINEL.format(n=n)} The team writes about what it learns.\n")
    body.append("## What we built\n\n---\n\nA thematic break came right after the heading.\n")
    body.append(
        '{{< figure src="diagram.png" alt="The architecture" caption="How the *parts* fit" '
        'height="100%" width="100%" class="border-0" >}}\n'
    )
    body.append(
        '{{< img src="diagram.png" alt="The same diagram" caption="Again, as Doks writes it" '
        'class="wide" >}}\n'
    )
    body.append(
        "Open the project [in VS Code](vscode://file/home/acme/project) or join us on "
        "[Slack](slack://channel?team=T123&id=C456).\n"
    )
    body.append('{{< alert icon="👉" text="Read the runbook before you deploy." />}}\n')
    body.append(
        '{{< callout context="caution" title="Careful" icon="outline/alert-triangle" >}}\n'
        "Rolling back takes **ten minutes**.\n{{< /callout >}}\n"
    )
    body.append('{{< details "Why not Helm?" >}}\nWe tried it; see the notes.\n{{< /details >}}\n')
    body.append(
        '{{< tabs "install" >}}\n{{< tab "macOS" >}}\n\n```bash\nbrew install acme\n```\n\n'
        '{{< /tab >}}\n{{< tab "Linux" >}}\n\n```bash\napt install acme\n```\n\n'
        "{{< /tab >}}\n{{< /tabs >}}\n"
    )
    body.append('Questions: {{< email user="platform" domain="acme.example" >}}.\n')
    body.append("## The end\n\nThanks for reading.\n")
    return head + "\n".join(body), files


def write_site(root: Path) -> Path:
    """Write the site into ``root`` and return it."""
    config = root / "config" / "_default"
    (config / "menus").mkdir(parents=True)
    (config / "config.toml").write_text(CONFIG, encoding="utf-8")
    (config / "languages.toml").write_text(LANGUAGES, encoding="utf-8")
    (config / "params.toml").write_text(PARAMS, encoding="utf-8")
    (config / "menus" / "menus.en.toml").write_text(MENUS, encoding="utf-8")
    en = root / "content" / "en"
    (en / "blog").mkdir(parents=True)
    (en / "_index.md").write_text('---\ntitle: "Acme Engineering"\n---\n', encoding="utf-8")
    (en / "blog" / "_index.md").write_text(
        '---\ntitle: "Blog"\ndescription: "The Acme engineering blog."\n---\n', encoding="utf-8"
    )
    for n in range(1, POSTS + 1):
        text, files = _post(n)
        bundle = en / "blog" / f"platform-note-{n}"
        bundle.mkdir()
        (bundle / "index.md").write_text(text, encoding="utf-8")
        for name, data in files.items():
            (bundle / name).write_bytes(data)
    people = en / "contributors"
    people.mkdir()
    (people / "_index.md").write_text('---\ntitle: "Contributors"\n---\n', encoding="utf-8")
    for slug, name in PEOPLE:
        folder = people / slug
        folder.mkdir()
        (folder / "_index.md").write_text(
            f'---\ntitle: "{name}"\ndescription: "Platform engineer."\n---\n\n'
            f"{name} keeps the platform running.\n",
            encoding="utf-8",
        )
        (folder / "profile.png").write_bytes(png(1, 2, 3))
    de = root / "content" / "de" / "blog"
    de.mkdir(parents=True)
    (de / "hallo.md").write_text(
        '---\ntitle: "Hallo"\ndate: 2023-01-01\n---\n\nEin Beitrag.\n', encoding="utf-8"
    )
    static = root / "static"
    static.mkdir()
    (static / "favicon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>\n', encoding="utf-8"
    )
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", type=Path)
    write_site(parser.parse_args().out)


if __name__ == "__main__":
    main()
