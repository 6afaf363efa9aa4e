"""Front matter: bad values become located warnings, Hugo keys work, typos are named."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

import pytest
from conftest import catalog_of, located, soup, warnings_of

from sphinx_blogext import frontmatter
from sphinx_blogext.model import blog_data
from sphinx_blogext.schema import FIELDS, FrontMatter

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="frontmatter", freshenv=True)
def test_bad_front_matter_is_reported_where_it_is(app: SphinxTestApp) -> None:
    app.build()
    assert located(app) == sorted(
        [
            ("impossible-date.md:3", "frontmatter"),
            ("impossible-time.md:4", "frontmatter"),
            ("malformed.md:4", "frontmatter"),
            ("not-a-mapping.md:2", "frontmatter"),
            ("typos.md:4", "frontmatter"),  # tag
            ("typos.md:5", "frontmatter"),  # contributer
            ("typos.md:6", "frontmatter"),  # dates
            ("typos.md:7", "image"),  # cover: a Hugo theme's image, which is missing
            ("index.md:3", "postlist"),  # :tags: [unclosed
        ]
    )
    messages = {where: message for where, message, _ in warnings_of(app)}
    assert "day is out of range for month" in messages["impossible-date.md:3"]
    assert "hour must be in 0..23" in messages["impossible-time.md:4"]
    assert "did you mean 'tags'" in messages["typos.md:4"]
    assert "did you mean 'contributors'" in messages["typos.md:5"]
    assert "did you mean 'date'" in messages["typos.md:6"]
    malformed = messages["malformed.md:4"]
    assert "not valid YAML" in malformed and "flow sequence (line 4)" in malformed
    assert "could not read: tags" in malformed
    assert "[unclosed" in messages["index.md:3"]


@pytest.mark.sphinx("html", testroot="frontmatter", freshenv=True)
def test_posts_with_bad_values_still_build(app: SphinxTestApp) -> None:
    app.build()
    posts = blog_data(app.env).posts
    assert posts["blog/impossible-date"].date is None
    assert posts["blog/impossible-date"].title == "Impossible date"
    assert posts["blog/impossible-time"].tags == ["cloud"]
    # the malformed block is read key by key: title, date and lead survive
    broken = posts["blog/malformed"]
    assert (broken.title, broken.lead, str(broken.date.date())) == (
        "Broken tags",
        "Still here",
        "2024-05-05",
    )
    page = soup(app.outdir / "blog" / "malformed.html")
    assert [h.get_text().rstrip("¶") for h in page.select("h1")] == ["Broken tags"]
    section = page.select_one("h1").parent
    assert "Intro paragraph of the broken post." in section.get_text()
    assert page.select_one("time.blogext-date")["datetime"].startswith("2024-05-05")
    assert "Malformed YAML" not in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="frontmatter", freshenv=True)
def test_hugo_keys_are_honoured_or_kept(app: SphinxTestApp) -> None:
    app.build()
    post = blog_data(app.env).posts["blog/hugo"]
    assert post.contributors == ["Jane Doe", "Tal Zwick"]  # authors merged, case-insensitive
    assert post.date.isoformat() == "2024-07-01T08:00:00+02:00"  # publishDate without date
    assert post.keywords == ["sphinx", "blog"]
    assert post.params["toc"] is True
    assert post.params["menu"] == {"blog": {"parent": "news"}}
    assert post.series == ["migration"]  # Hugo's series taxonomy: a field
    page = soup(app.outdir / "blog" / "hugo.html")
    assert page.select_one('meta[name="keywords"]')["content"] == "sphinx, blog"
    # MyST still sees its own keys: the substitution works
    assert "Hello from a Hugo post." in page.get_text()
    typos = blog_data(app.env).posts["blog/typos"]
    assert typos.tags == [] and typos.params["tag"] == ["x"]
    assert typos.params["cover"] == {"image": "cover.png"}


@pytest.mark.sphinx("html", testroot="frontmatter", freshenv=True)
def test_unreadable_postlist_filter_is_reported_not_silent(app: SphinxTestApp) -> None:
    app.build()
    home = soup(app.outdir / "index.html")
    lists = home.select(".blogext-postlist")
    # the broken filter is dropped: the list shows every post rather than none
    assert len(lists) == 2
    assert len(lists[0].select(".blogext-entry")) == len(catalog_of(app).listed)


def test_schema_is_the_one_table() -> None:
    names = [f.name for f in FIELDS]
    assert names == list(FrontMatter.__dataclass_fields__)
    from sphinx_blogext.posts import PostDirective

    assert set(names) <= set(PostDirective.option_spec)
    assert all(f.help for f in FIELDS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-02-22", "2024-02-22T00:00:00+00:00"),
        ("2024-02-22 06:00:00 +01:00", "2024-02-22T06:00:00+01:00"),
        ("2024-02-22T06:00:00Z", "2024-02-22T06:00:00+00:00"),
    ],
)
def test_dates(raw: str, expected: str) -> None:
    assert frontmatter.parse_date(raw, UTC).isoformat() == expected


@pytest.mark.parametrize("raw", ["2024-02-30", "2024-13-01", "yesterday", "0001-01-01T00:00+05:00"])
def test_impossible_dates_are_field_errors(raw: str) -> None:
    with pytest.raises(frontmatter.FieldError):
        frontmatter.parse_date(raw, UTC)


def test_yaml_aliases_cannot_blow_up() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for name, prev in zip("bcdefg", "abcdef", strict=True):
        text += f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    text += "tags: *g\n"
    block = frontmatter.read_block(text, 2)
    reading = frontmatter.read_fields(block.raw, UTC, from_text=False)
    assert "tags" not in reading.values
    assert {p.key for p in reading.problems} >= {"tags", "g", "f"}
    assert len(frontmatter.one_line({**reading.values, **reading.params})) < 100_000


def test_control_characters_and_surrogates_are_cleaned_and_reported() -> None:
    reading = frontmatter.read_fields(
        {"title": "A\x01B \ud83d\ude00 \ud83d", "tags": ["ok", "\x02"]}, UTC, from_text=False
    )
    assert reading.values["title"] == "AB \U0001f600 \ufffd"
    assert reading.values["tags"] == ["ok"]
    assert [p.key for p in reading.problems] == ["title", "tags"]
