"""The body of a Hugo page as MyST: shortcodes, links, thematic breaks, linear time."""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from conftest import build, soup
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_blogext.cli.body import Body, convert

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

PARAMS = {"version": "2.4.1"}


def new_body() -> Body:
    def link(target: str, image: bool) -> tuple[str | None, str]:
        # "pic" alone is no file: Doks' img-simple finds it in the bundle
        return (None, "") if "missing" in target or target == "pic" else (target, "")

    def resource(pattern: str) -> str | None:
        return "pic.png" if fnmatch.fnmatch("pic.png", pattern) else None

    return Body(
        first_line=10, link=link, ref=lambda _target: None, param=PARAMS.get, resource=resource
    )


def converted(text: str) -> tuple[str, Body]:
    body = new_body()
    return convert(textwrap.dedent(text), body), body


def notes(body: Body) -> str:
    return "\n".join(f"{line}: {message}" for line, message in body.notes)


# -- figures --------------------------------------------------------------------------


def test_figure_attributes_map_or_are_reported() -> None:
    text, body = converted(
        """\
        {{< figure src="a.png" alt="Alt" title="Title" caption="A *caption*" class="wide x!"
            width="50%" height="100%" loading="lazy" link="https://example.org" target="_blank"
            rel="noopener" attr="Ann" attrlink="https://ann.example" >}}

        {{< figure src="b.png" height="40%" width="12 parsecs" loading="soon" >}}
        """
    )
    figure = text.split("```")[1]
    assert ":alt: Alt\n" in figure
    assert ":width: 50%\n" in figure
    assert ":height:" not in text  # docutils refuses percentages there
    assert ":figclass: wide\n" in figure
    assert ":loading: lazy\n" in figure
    assert ":target: https://example.org\n" in figure
    assert "**Title** A *caption* [Ann](https://ann.example)" in figure
    report = notes(body)
    assert "10: figure target='_blank' has no equivalent" in report
    assert "10: figure rel='noopener' has no equivalent" in report
    assert "classes 'wide x!' partly left out" in report
    assert "height '100%'" not in report  # Hugo's fill: nothing lost
    assert "14: figure height '40%' left out" in report
    assert "14: figure width '12 parsecs' is not a length" in report
    assert "14: figure loading 'soon' left out" in report


def test_doks_images_and_missing_ones() -> None:
    text, body = converted(
        '{{< img src="x.jpg" alt="X" caption="1. first" lqip="true" >}}\n\n'
        '{{< picture src="missing.jpg" >}}\n\n{{< inline-svg "coffee" >}}\n'
    )
    assert "```{figure} x.jpg\n:alt: X\n\n1\\. first\n```" in text  # no list in a caption
    assert "picture image 'missing.jpg' is missing" in notes(body)
    assert "inline-svg 'coffee' (an icon or a missing file) kept as text" in notes(body)
    assert "{{< inline-svg" in text


# -- the other shortcodes ---------------------------------------------------------------


def test_embeds_become_links_or_private_frames() -> None:
    text, body = converted(
        '{{< gist alice 0123abc notes.md >}} {{< x user="bob" id="42" >}} '
        '{{< tweet user="bob" id="43" >}} {{< instagram CxYz >}}\n\n{{< vimeo 146022717 >}}\n'
    )
    assert "[Gist 0123abc by alice (notes.md)](https://gist.github.com/alice/0123abc)" in text
    assert "(https://x.com/bob/status/42)" in text and "(https://x.com/bob/status/43)" in text
    assert "(https://www.instagram.com/p/CxYz/)" in text
    assert 'src="https://player.vimeo.com/video/146022717?dnt=1"' in text
    assert "<script" not in text
    assert notes(body).count("became a link") == 4


def test_param_email_and_unknown_ones() -> None:
    text, body = converted(
        "Version {{< param version >}}, {{< param nope >}}. "
        '{{< email user="hi" domain="example.org" >}} {{< mystery a=1 >}}\n'
    )
    assert text.startswith("Version 2.4.1, ` {{< param nope >}} `. [hi@example.org](mailto:hi")
    assert "param 'nope' has no value" in notes(body)
    assert "unknown shortcode 'mystery' kept as text" in notes(body)


def test_nested_blocks_get_longer_fences() -> None:
    text, _body = converted(
        """\
        {{< tabs "x" >}}
        {{< tab "one" >}}
        {{< callout context="danger" >}}
        ````text
        ```
        ````
        {{< /callout >}}
        {{< /tab >}}
        {{< /tabs >}}
        """
    )
    fences = re.findall(r"(?m)^(`{3,})\{(\w[\w-]*)\}", text)
    assert fences == [("```````", "tab-set"), ("``````", "tab-item"), ("`````", "danger")]


def test_paired_unknown_shortcode_is_reported_once() -> None:
    text, body = converted("{{< spoiler >}}\nHidden\n{{< /spoiler >}}\n\n{{< /stray >}}\n")
    report = notes(body)
    assert report.count("unknown shortcode") == 2
    assert "10: unknown shortcode 'spoiler'" in report and "'/stray'" in report
    assert "'/spoiler'" not in report and body.counts["unknown"] == 2
    assert "` {{< /spoiler >}} `" in text


# -- code languages ---------------------------------------------------------------------


def test_code_languages_become_pygments_names() -> None:
    text, body = converted(
        """\
        ```go-html-template {linenos=true}
        {{ .Title }}
        ```

        ~~~svelte
        <p>{name}</p>
        ~~~

        1. Step

           ```plaintext
           ```go-text-template
           ```

        > ```mjs
        > x
        > ```

        ```python
        ```

        {{< highlight go-html-template "linenos=table" >}}
        ```svelte
        ```
        {{< /highlight >}}
        """
    )
    assert "```html+django {linenos=true}\n{{ .Title }}" in text
    assert "~~~text\n<p>{name}</p>" in text
    assert "   ```text\n   ```go-text-template\n" in text  # code content untouched
    assert "> ```javascript\n" in text and "```python\n" in text
    assert "````{code-block} html+django\n:linenos:\n\n```svelte\n```\n````" in text
    report = notes(body)
    assert "14: code language 'svelte' is unknown to Pygments; highlighted as text" in report
    assert report.count("unknown to Pygments") == 1


def test_code_that_pygments_cannot_read_is_highlighted_as_text() -> None:
    text, body = converted(
        """\
        ```json
        {"retries": 3, ...}
        ```

        ```json
        {"retries": 3}
        ```
        """
    )
    assert text.startswith('```text\n{"retries": 3, ...}\n```')
    assert '```json\n{"retries": 3}\n```' in text
    assert notes(body) == "10: the json code does not read as json; highlighted as text"


# -- raw HTML images ----------------------------------------------------------------------


def test_raw_html_images() -> None:
    text, body = converted(
        """\
        <img width="800" class="figure-img img-fluid" src="images/101.png" alt="A &amp; B">

          <img src="pic.png" height="50%" title="Tip" loading="lazy" />

        See <img src="icon.png" width="16"> and `<img src="code.png">` here.

        <p align="center">
        <img src="inside.png">
        </p>

        <img src="https://example.org/remote.png">
        <img src="missing.png">

        <img src="missing.png">
        """
    )
    assert (
        "```{image} images/101.png\n:alt: A & B\n:width: 800\n:class: figure-img img-fluid\n```"
        in text
    )
    assert "  ```{image} pic.png\n  :loading: lazy\n  ```" in text  # stays where it was
    assert 'See ![](icon.png) and `<img src="code.png">` here.' in text
    assert '<img src="inside.png">' in text and "example.org/remote.png" in text
    report = notes(body)
    assert "12: raw HTML image height '50%' left out" in report
    assert "12: raw HTML image 'pic.png': title left out" in report
    assert "14: raw HTML image 'icon.png' became a Markdown image; width left out" in report
    assert "17: raw HTML image 'inside.png' in an HTML block is not converted" in report
    assert "23: raw HTML image 'missing.png' does not exist; kept as is" in report
    assert "remote" not in report


# -- diagrams and other themes' images ------------------------------------------------------


def test_diagrams_keep_their_source() -> None:
    text, body = converted(
        """\
        {{< mermaid class="text-center" >}}
        ```
        graph TD
          A["it's"] --> B
        ```
        {{< /mermaid >}}

        {{< kroki type="plantuml" >}}
        Alice -> Bob: ````x````
        {{< /kroki >}}
        """
    )
    assert (
        '```{code-block} text\n:caption: Mermaid diagram\n\ngraph TD\n  A["it\'s"] --> B\n```'
        in text
    )
    assert (
        "`````{code-block} text\n:caption: plantuml diagram\n\nAlice -> Bob: ````x````\n`````"
        in text
    )
    report = notes(body)
    assert "10: mermaid diagram kept as its source (add sphinxcontrib-mermaid to draw it)" in report
    assert "17: plantuml diagram kept as its source (add sphinxcontrib-kroki" in report
    assert "unknown" not in report


def test_img_simple_and_imgproc() -> None:
    text, body = converted(
        """\
        {{< img-simple src="pic" alt="Simple" class="border" >}}

        {{< imgproc pic Fill "400x450" >}}
        A *spruce*.
        {{< /imgproc >}}

        {{< imgproc nothing Resize "x300" >}}{{< /imgproc >}}
        """
    )
    assert "```{image} pic.png\n:alt: Simple\n:class: border\n```" in text
    assert "```{figure} pic.png\n:alt: A spruce.\n:width: 400px\n\nA *spruce*.\n```" in text
    report = notes(body)
    assert "12: imgproc Fill '400x450' not applied: the image is shown whole" in report
    assert "16: imgproc 'nothing' matches no file of the page; kept as text" in report
    assert body.counts["img-simple"] == body.counts["imgproc"] == 1


# -- Markdown that docutils refuses ---------------------------------------------------------


def test_thematic_breaks_where_docutils_refuses_them() -> None:
    text, body = converted("---\n\n# A\n\n* * *\n\nText\n---\n\nMore\n\n___\n\n***\n\nEnd\n\n---\n")
    assert text.split("\n").count("---") == 1  # the setext underline of "Text"
    assert "___" in text and "***" not in text and "* * *" not in text
    report = notes(body)
    for line, why in (
        (10, "at the start"),
        (14, "right after a heading"),
        (23, "right after another"),
    ):
        assert f"{line}: thematic break {why}" in report
    assert "27: thematic break at the end of the page left out" in report


def test_link_schemes() -> None:
    text, body = converted(
        "[call](tel:+123) [open](vscode://file/x) <slack:open> [bad](javascript:alert(1)) "
        "![pic](data:image/png;base64,AA) <file:///etc/passwd> `[code](vbscript:x)`\n"
    )
    assert body.schemes == {"tel", "vscode", "slack"}
    assert "[call](tel:+123)" in text and "<slack:open>" in text
    assert "javascript" not in text and "data:" not in text and "bad pic" in text
    assert "`[code](vbscript:x)`" in text  # code is code
    assert "file:///etc/passwd" in text and "<file:" not in text


# -- the converted output builds without a warning ------------------------------------------

PAGE = """\
# Converted

## Figures

---

{{< figure src="pic.png" alt="A picture" height="100%" width="80%" caption="The *caption*" >}}

{{< img src="pic.png" alt="Doks image" height="50%" >}}

## Admonitions

{{< alert icon="👉" context="warning" >}}
Careful with **this**.
{{< /alert >}}

{{< callout context="tip" title="Did you know?" >}}
:smile: is not an option.

***
{{< /callout >}}

{{% callout note %}}
A note in the percent form.
{{% /callout %}}

{{< details summary="Open me" open=true >}}
Hidden *text*.
{{< /details >}}

{{< tabs "install" >}}
{{< tab "npm" >}}

```bash
npm install
```

{{< /tab >}}
{{< tab "yarn" >}}
yarn add
{{< /tab >}}
{{< /tabs >}}

{{< button href="https://example.org" >}}Go{{< /button >}}

{{< card-grid >}}
{{< link-card title="Showcase" href="https://example.org/show" description="Look" >}}
{{< /card-grid >}}

## Links

[call](tel:123) and [editor](vscode://file/a) and <obsidian:open> and [bad](javascript:x).

{{< x user="bob" id="42" >}} and {{< youtube dQw4w9WgXcQ >}}

{{< mystery >}}

## Code, diagrams and raw images

```go-html-template
{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
```

~~~svelte
<script>let name = "x";</script>
~~~

{{< highlight plaintext >}}
plain
{{< /highlight >}}

{{< mermaid >}}
graph TD
  A --> B
{{< /mermaid >}}

{{< kroki type="d2" >}}
x -> y
{{< /kroki >}}

<img width="120" class="figure-img img-fluid" src="pic.png" alt="Raw image">

Inline <img src="pic.png" alt="inline raw"> image.

{{< img-simple src="pic.png" alt="Simple image" >}}

{{< imgproc pic Fill "60x30" >}}
Processed *caption*.
{{< /imgproc >}}

{{< spoiler >}}Kept{{< /spoiler >}}

---
"""


def test_converted_page_builds_with_every_block(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    body = new_body()
    text = convert(PAGE, body)
    src = tmp_path / "src"
    src.mkdir()
    (src / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    schemes = ["http", "https", "mailto", "ftp", *sorted(body.schemes)]
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design"]\n'
        'myst_enable_extensions = ["colon_fence"]\nmyst_heading_anchors = 3\n'
        f'suppress_warnings = ["myst.header"]\nmyst_url_schemes = {schemes!r}\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text(text, encoding="utf-8")
    out = build(make_app, src).outdir  # fails on any warning
    page = soup(out / "index.html")
    figures = page.select("figure")
    assert figures[0].img["alt"] == "A picture" and figures[0].figcaption.em.get_text() == "caption"
    assert "height" not in figures[1].img.get("style", "") + str(figures[1].img.get("height"))
    assert "Careful with" in page.select_one(".admonition.warning").get_text()
    tip = page.select_one(".admonition.tip")
    assert tip.select_one(".admonition-title").get_text() == "Did you know?"
    assert ":smile: is not an option." in tip.get_text()
    assert "percent form" in page.select_one(".admonition.note").get_text()
    dropdown = page.select_one("details.sd-dropdown")
    assert dropdown.has_attr("open") and "Open me" in dropdown.summary.get_text()
    labels = [label.get_text().strip() for label in page.select(".sd-tab-set label")]
    assert labels == ["npm", "yarn"]
    assert page.select_one(".sd-tab-content .highlight-bash") is not None
    assert page.select_one("a.sd-btn")["href"] == "https://example.org"
    assert page.select_one(".sd-card a")["href"] == "https://example.org/show"
    hrefs = {a.get_text(): a["href"] for a in page.select("a.reference.external")}
    assert hrefs["call"] == "tel:123" and hrefs["editor"] == "vscode://file/a"
    assert not page.find("a", string="bad")
    assert page.select_one(".blogext-video iframe")["src"].endswith("/dQw4w9WgXcQ")
    assert "{{< mystery >}}" in page.get_text()
    assert page.select_one(".highlight-html\\+django") is not None
    assert page.select_one(".highlight-text pre").get_text().startswith("<script>")
    captions = [c.get_text() for c in page.select(".code-block-caption .caption-text")]
    assert captions == ["Mermaid diagram", "d2 diagram"]
    assert "A --> B" in page.get_text()  # no smart quotes or dashes in the source
    images = {img["alt"]: img for img in page.select("img")}
    assert images["Raw image"]["src"] == "_images/pic.png"
    assert "figure-img" in images["Raw image"]["class"]
    assert images["inline raw"]["src"] == "_images/pic.png"
    assert images["Simple image"].find_parent("figure") is None
    assert images["Processed caption."].find_parent("figure").figcaption.em.get_text() == "caption"
    assert (out / "_images/pic.png").exists()
    assert "'/spoiler'" not in notes(body)
    assert "thematic break at the end of the page left out" in notes(body)


# -- linear time ------------------------------------------------------------------------------

PATHOLOGICAL = [
    "{{< " * 250_000,
    "{{% " * 250_000,
    "[" * 1_000_000,
    "](" * 500_000,
    "![" * 500_000,
    "[a](" * 250_000,
    "".join("`" * (n % 7 + 1) + "x" for n in range(250_000)),
    "```\n" * 250_000,
    "~~~ x\n```\n" * 100_000,
    "<a:" * 330_000,
    '{{< x a="' * 110_000,
    "{{< x `" * 140_000,
    "[a]({{< ref " * 80_000,
    "<img " * 200_000,
    "## h\n---\n" * 100_000,
    "{{< callout >}}" * 60_000,
    "{{< /tab >}}{{< tab >}}" * 40_000,
    "```svelte\n" * 100_000,
    "- ~~~ x\n> ```\n" * 80_000,
    '<img src="a.png">\n' * 50_000,
    '<p>\n<img src="a.png"> `<img src="b.png">`\n' * 30_000,
    "<img " * 4000 + "`" * 5000,
    "{{< mermaid >}}" * 60_000,
    "{{< x >}}{{< /x >}}" * 50_000,
]


def test_pathological_inputs_convert_in_bounded_time() -> None:
    """A megabyte of each pattern: quadratic scanners would take hours."""
    script = textwrap.dedent(
        """
        import sys
        from sphinx_blogext.cli.body import Body, convert
        for text in eval(sys.stdin.read()):
            convert(text, Body(1, lambda t, i: (t, ""), lambda t: None))
        """
    )
    subprocess.run(
        [sys.executable, "-c", script], input=repr(PATHOLOGICAL), text=True, check=True, timeout=60
    )


TOKENS = st.sampled_from(
    [
        "{{<", ">}}", "{{%", "%}}", "/", '"', "`", "```", "[", "](", "![", ")", "<", ">",
        "---", "***", "# H", "\n", "\n\n", " ", "=", "figure", "callout", "tabs", "tab",
        "details", "highlight", "x", "src=", "a.png", "tel:1", "javascript:x", ":", "*",
    ]
)  # fmt: skip
PROSE = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta"]), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.lists(TOKENS, max_size=8).map("".join), PROSE), max_size=12))
def test_any_text_converts_and_keeps_its_prose(parts: list[str | list[str]]) -> None:
    lines = [" ".join(part) + f" w{n}" for n, part in enumerate(parts) if isinstance(part, list)]
    text = "\n\n".join(part if isinstance(part, str) else " ".join(part) + f" w{n}"
                       for n, part in enumerate(parts))  # fmt: skip
    body = new_body()
    result = convert(text, body)
    position = 0
    for line in lines:
        found = result.find(line, position)
        assert found >= 0, (line, result)
        position = found + len(line)
    assert all(line >= 10 for line, _message in body.notes)


@pytest.mark.parametrize("pattern", ["[", "`", "{{< "])
def test_prose_around_unclosed_markup_survives(pattern: str) -> None:
    text, _body = converted(f"before {pattern * 50}\n\nafter words\n")
    assert "before" in text and "after words" in text
