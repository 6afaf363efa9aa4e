"""A synthetic Hugo/Doks site, for testing and timing ``blogext import-hugo``.

    python tests/hugo_corpus.py OUT [--posts N]

writes a Hugo site with N posts (30 by default) into OUT. It has what real
Doks blogs have: page bundles with images and single files, YAML, TOML and
JSON front matter, six contributors (one with a non-ASCII name, one without
a profile picture), ``figure`` and ``youtube`` shortcodes in both delimiter
styles, ``ref``/``relref``, ``highlight``, an unknown shortcode, aliases,
``slug`` and ``url``, a draft, tags that differ only in case, a post whose
body starts at H2, images in ``static/`` and a docs section.

Every post's body holds the sentence ``SENTINEL`` with its number, so a test
can check that the text of every post survived.
"""

from __future__ import annotations

import argparse
import json
import struct
import zlib
from pathlib import Path

SENTINEL = "Sentinel sentence of post number {n}."

#: (slug, display name, has a profile picture)
CONTRIBUTORS = [
    ("jane-doe", "Jane Doe", True),
    ("tal-zwick", "Tal Zwick", True),
    ("zoe-angstrom", "Zoë Ångström", True),
    ("li-wei", "Li Wei", True),
    ("sam-okafor", "Sam Okafor", True),
    ("max-mustermann", "Max Mustermann", False),
]
TAGS = ["Kubernetes", "kubernetes", "Python", "observability", "release", "AI/ML"]


def png(red: int, green: int, blue: int) -> bytes:
    """A valid PNG of one pixel."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, green, blue]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _front_matter(fields: dict[str, object], style: str) -> str:
    if style == "toml":
        lines = []
        for key, value in fields.items():
            if isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, int):
                lines.append(f"{key} = {value}")
            elif isinstance(value, list):
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
            elif key in ("date", "lastmod", "publishDate"):
                lines.append(f"{key} = {value}")  # a TOML date-time, not a string
            else:
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        return "+++\n" + "\n".join(lines) + "\n+++\n"
    if style == "json":
        return json.dumps(fields, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for key, value in fields.items():
        if isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, int | list):
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def _body(n: int, total: int) -> str:
    parts = []
    if n == 3:
        parts.append("## Starting at the second level\n")  # the body starts at H2
    parts.append(f"{SENTINEL.format(n=n)} This post tells story {n} of {total}.\n")
    if n % 10 == 0:  # bundles only: the image sits beside the page
        parts.append(
            f'{{{{< figure src="cover.png" alt="The cover of post {n}" '
            'caption="A **cover** image" width="600" >}}\n'
        )
    if n % 5 == 1:
        parts.append(
            '{{% figure src="/images/shared.png" alt="A shared picture" title="Shared" %}}\n'
        )
    if n % 7 == 0:
        parts.append("{{< youtube dQw4w9WgXcQ >}}\n")
    if n % 7 == 1:
        parts.append('{{% youtube id="aqz-KE-bpKQ" title="A talk" %}}\n')
    if n % 6 == 2 and n > 1:
        parts.append(f'Read [the post before]({{{{< ref "blog/post-{n - 1:03d}" >}}}}) first.\n')
    if n % 9 == 4:
        parts.append(
            '{{< highlight python "linenos=table,hl_lines=2" >}}\ndef hello():\n'
            '    return "world"\n{{< /highlight >}}\n'
        )
    if n == 8:
        parts.append('{{< tweet user="example" id="1234567890" >}}\n')  # becomes a link
        parts.append('{{< newsletter-signup list="weekly" >}}\n')  # not a known shortcode
    parts.append("### Details\n\nSome more words, a list:\n\n- one\n- two\n")
    if n % 4 == 0:
        parts.append("![A picture from static](/images/shared.png)\n")
    return "\n".join(parts)


def make_corpus(root: Path, posts: int = 30) -> Path:
    """Write the site into ``root`` and return it."""
    content = root / "content"
    (root / "static" / "images").mkdir(parents=True, exist_ok=True)
    (root / "static" / "images" / "shared.png").write_bytes(png(20, 120, 200))
    (root / "static" / "files").mkdir(parents=True, exist_ok=True)
    (root / "static" / "files" / "checklist.pdf").write_bytes(b"%PDF-1.4\n% synthetic\n")
    (root / "hugo.toml").write_text(
        'baseURL = "https://blog.example.org/"\nlanguageCode = "en-us"\n'
        'title = "Example Doks site"\ntimeZone = "Europe/Berlin"\n',
        encoding="utf-8",
    )
    for slug, name, picture in CONTRIBUTORS:
        folder = content / "contributors" / slug
        folder.mkdir(parents=True, exist_ok=True)
        fields = {"title": name, "description": f"{name.split()[0]} writes about platforms."}
        (folder / "_index.md").write_text(
            _front_matter(fields, "yaml")
            + f"\n{name} has worked on the platform team since 2020.\n",
            encoding="utf-8",
        )
        if picture:
            (folder / "profile.png").write_bytes(png(200, 80, len(slug) * 10 % 255))
    (content / "contributors" / "_index.md").write_text(
        '---\ntitle: "Contributors"\n---\n', encoding="utf-8"
    )
    blog = content / "blog"
    blog.mkdir(parents=True, exist_ok=True)
    (blog / "_index.md").write_text(
        '---\ntitle: "Blog"\ndescription: "News from the team."\n---\n\nNews from the team.\n',
        encoding="utf-8",
    )
    styles = ("yaml", "toml", "json")
    for n in range(1, posts + 1):
        slug = f"post-{n:03d}"
        author = CONTRIBUTORS[n % len(CONTRIBUTORS)][1]
        fields: dict[str, object] = {
            "title": f"Post number {n}: notes from the field",
            "description": f"What we learned, part {n}.",
            "date": f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}T09:00:00+01:00",
            "draft": n == 2,
            "weight": 50,
            "contributors": [author],
            "tags": [TAGS[n % len(TAGS)], TAGS[(n + 1) % len(TAGS)]],
        }
        if n % 3 == 0:
            fields["lead"] = f"The lead of post {n}."
        if n % 10 == 5:
            fields["aliases"] = [f"/old/blog/{slug}/", f"/{n}.html"]
        if n == 6:
            fields["slug"] = "a-custom-slug"
        if n == 9:
            fields["url"] = "/news/2024/post-nine/"
        if n % 10 == 0:
            fields["images"] = ["cover.png"]
        style = styles[n % 3]
        text = _front_matter(fields, style) + "\n" + _body(n, posts)
        if n % 2 == 0:  # a page bundle, with its images
            folder = blog / slug
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.md").write_text(text, encoding="utf-8")
            (folder / "cover.png").write_bytes(png(n % 255, 40, 90))
        else:
            (blog / f"{slug}.md").write_text(text, encoding="utf-8")
    docs = content / "docs"
    (docs / "guides").mkdir(parents=True, exist_ok=True)
    (docs / "_index.md").write_text(
        '---\ntitle: "Docs"\nweight: 1\n---\n\nThe docs.\n', encoding="utf-8"
    )
    (docs / "install.md").write_text(
        '---\ntitle: "Install"\nweight: 10\n---\n\nInstall it. See the '
        "[checklist](/files/checklist.pdf).\n",
        encoding="utf-8",
    )
    (docs / "guides" / "_index.md").write_text(
        '---\ntitle: "Guides"\nweight: 20\n---\n', encoding="utf-8"
    )
    (docs / "guides" / "first-steps.md").write_text(
        '---\ntitle: "First steps"\n---\n\n## Before you start\n\nRead the '
        "[install page](../../install/).\n",
        encoding="utf-8",
    )
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=30)
    args = parser.parse_args()
    make_corpus(args.out, args.posts)
    print(args.out)


if __name__ == "__main__":
    main()
