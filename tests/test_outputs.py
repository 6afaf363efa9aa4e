"""The output pipeline: exact after any sequence of builds, silent when nothing changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import build, soup

if TYPE_CHECKING:
    from pathlib import Path


def retitle(src: Path, name: str, old: str, new: str) -> None:
    post = src / "blog" / f"{name}.md"
    post.write_text(post.read_text().replace(f'title: "{old}"', f'title: "{new}"'))


def test_builders_sharing_a_doctree_folder_stay_exact(make_app, copy_root) -> None:
    """``make html text``: each builder keeps its own record of what it wrote."""
    src = copy_root("listings")
    html, text = src / "_build" / "html", src / "_build" / "text"
    build(make_app, src, "html")
    build(make_app, src, "text")
    retitle(src, "release-1", "Release 1.0", "Release One")
    build(make_app, src, "text")
    build(make_app, src, "html")
    # k8s-deep is the newer neighbour of release-1; neither builder read it again
    footer = soup(html / "blog" / "k8s-deep.html").select_one(".blogext-post-footer")
    assert footer.select_one("a.blogext-older .blogext-nav-title").get_text() == "Release One"
    assert "Older post: Release One" in (text / "blog" / "k8s-deep.txt").read_text()
    assert "Release One" in (html / "blog" / "page" / "2.html").read_text(encoding="utf-8")


def test_a_theme_template_that_shows_more_fields_stays_exact(make_app, copy_root) -> None:
    src = copy_root("listings")
    (src / "_templates" / "blogext").mkdir(parents=True)
    (src / "_templates" / "blogext" / "post_footer.html").write_text(
        '<div class="blogext-post-footer">{% if older %}<p class="older-categories">'
        "{{ older.post.fields.categories|join(', ') }}</p>{% endif %}</div>\n"
    )
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'templates_path = ["_templates"]\n')
    build(make_app, src)
    page = src / "_build" / "html" / "blog" / "k8s-deep.html"
    assert soup(page).select_one(".older-categories").get_text() == "release"
    older = src / "blog" / "release-1.md"
    older.write_text(older.read_text().replace("categories: [release]", "categories: [news]"))
    build(make_app, src)
    assert soup(page).select_one(".older-categories").get_text() == "news"


def test_redirects_are_written_once_and_removed_when_gone(make_app, copy_root) -> None:
    src = copy_root("listings")
    post = src / "blog" / "meetup.md"
    post.write_text(post.read_text().replace("tags:", 'aliases: ["/old/meetup/"]\ntags:'))
    build(make_app, src)
    redirect = src / "_build" / "html" / "old" / "meetup" / "index.html"
    stamp = redirect.stat().st_mtime_ns
    build(make_app, src)
    assert redirect.stat().st_mtime_ns == stamp
    post.write_text(post.read_text().replace('aliases: ["/old/meetup/"]\n', ""))
    build(make_app, src)
    assert not redirect.exists()


def test_pages_of_a_shrinking_index_are_removed(make_app, copy_root) -> None:
    src = copy_root("listings")
    build(make_app, src)
    page3 = src / "_build" / "html" / "blog" / "page" / "3.html"
    assert page3.exists()
    (src / "blog" / "meetup.md").unlink()
    build(make_app, src)
    assert not page3.exists()
