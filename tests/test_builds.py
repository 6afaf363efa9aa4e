"""Incremental, parallel and repeated builds agree with a clean serial build."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from conftest import blog_parts, build, clean_build, rebuild_written

if TYPE_CHECKING:
    pass


def html_pages(outdir: Path) -> dict[str, Path]:
    return {
        p.relative_to(outdir).as_posix(): p
        for p in outdir.rglob("*.html")
        if not p.relative_to(outdir).as_posix().startswith(("_", "genindex", "search"))
    }


def write_post(src: Path, slug: str, *, title: str, date: str, tags: str, body: str = "") -> None:
    (src / "blog" / f"{slug}.md").write_text(
        f'---\ntitle: "{title}"\ndate: {date}\ntags: [{tags}]\ncontributors: [Jane Doe]\n---\n\n'
        f"First paragraph of {title}.\n\n## More\n\n{body or 'Words.'}\n",
        encoding="utf-8",
    )


def test_incremental_build_matches_clean_build(make_app, copy_root) -> None:
    src = copy_root("listings")
    build(make_app, src)
    # add, delete, retag and re-date posts
    write_post(src, "new-post", title="Brand new", date="2025-06-01", tags="kubernetes")
    (src / "blog" / "meetup.md").unlink()
    release = src / "blog" / "release-1.md"
    release.write_text(release.read_text().replace("[release, cloud]", "[kubernetes]"))
    intro = src / "blog" / "k8s-intro.md"
    intro.write_text(intro.read_text().replace("date: 2024-03-10", "date: 2025-12-01"))
    incremental = build(make_app, src)

    clean = clean_build(make_app, src)

    inc_pages, clean_pages = html_pages(incremental.outdir), html_pages(clean.outdir)
    # Sphinx leaves the page of a deleted document behind; everything else matches
    assert set(inc_pages) - set(clean_pages) == {"blog/meetup.html"}
    assert set(clean_pages) <= set(inc_pages)
    for name in sorted(clean_pages):
        assert blog_parts(inc_pages[name]) == blog_parts(clean_pages[name]), name
    # the retagged post now shows up in the tag list of a page that did not change
    assert "Release 1.0" in blog_parts(inc_pages["lists-md.html"])
    assert "Community meetup" not in blog_parts(inc_pages["blog/index.html"])


def test_unchanged_posts_are_not_rewritten(make_app, copy_root) -> None:
    src = copy_root("listings")
    build(make_app, src)
    generated = src / "_build" / "html" / "blog" / "page" / "2.html"
    stamp = generated.stat().st_mtime_ns

    def rebuild() -> list[str]:
        return rebuild_written(make_app, src)[1]

    assert rebuild() == []
    assert generated.stat().st_mtime_ns == stamp

    # a body edit below the first paragraph changes nothing that other pages show
    post = src / "blog" / "release-1.md"
    post.write_text(post.read_text() + "\nAnother paragraph.\n")
    assert rebuild() == ["blog/release-1"]
    assert generated.stat().st_mtime_ns == stamp

    # a new title is shown by its neighbours (k8s-deep, meetup), the posts it is
    # related to (release-2, k8s-intro) and the lists; Sphinx adds "index",
    # whose toctree holds the lists
    post.write_text(post.read_text().replace('title: "Release 1.0"', 'title: "Release One"'))
    assert rebuild() == [
        "blog/k8s-deep",
        "blog/k8s-intro",
        "blog/meetup",
        "blog/release-1",
        "blog/release-2",
        "index",
        "lists-md",
        "lists-rst",
    ]
    assert generated.stat().st_mtime_ns != stamp
    assert "Release One" in generated.read_text(encoding="utf-8")


def test_parallel_build_equals_serial_build(make_app, copy_root) -> None:
    serial_src = copy_root("listings", "serial")
    for n in range(24):
        write_post(
            serial_src,
            f"gen-{n:02d}",
            title=f"Generated {n}",
            date=f"2023-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
            tags="kubernetes, cloud" if n % 2 else "release",
        )
    parallel_src = serial_src.parent / "parallel"
    shutil.copytree(serial_src, parallel_src)
    serial = build(make_app, serial_src, freshenv=True)
    parallel = build(make_app, parallel_src, freshenv=True, parallel=2)
    assert parallel.parallel == 2
    serial_pages, parallel_pages = html_pages(serial.outdir), html_pages(parallel.outdir)
    assert set(serial_pages) == set(parallel_pages)
    assert len(serial_pages) > 30
    for name, path in serial_pages.items():
        assert path.read_bytes() == parallel_pages[name].read_bytes(), name
