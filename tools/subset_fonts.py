"""Subset the social cards' fonts: a maintainer's script, not run at build time.

Usage::

    cd /tmp && apt-get download fonts-noto-core && dpkg -x fonts-noto-core_*.deb noto
    python tools/subset_fonts.py noto/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf \
        noto/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf

It writes, into ``sphinx_blogext/fonts/`` (or ``--out``), the two fonts cut down to the
Unicode ranges below (``<family>-Regular.ttf`` and ``<family>-Bold.ttf``, named after the
source files) and ``coverage.json``: the code points that *every* written font maps, as
``[first, last]`` ranges. ``sphinx_blogext.carddraw`` reads that file to decide whether a
text can be drawn without missing glyphs, so that it never needs fontTools itself.

The output is deterministic: running it again on the same sources gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

#: (first, last, name) of each Unicode block kept
RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0020, 0x007E, "Basic Latin"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x0180, 0x024F, "Latin Extended-B"),
    (0x02B0, 0x02FF, "Spacing Modifier Letters"),
    (0x0300, 0x036F, "Combining Diacritical Marks"),
    (0x0370, 0x03FF, "Greek and Coptic"),
    (0x0400, 0x04FF, "Cyrillic"),
    (0x0500, 0x052F, "Cyrillic Supplement"),
    (0x1E00, 0x1EFF, "Latin Extended Additional"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2070, 0x209F, "Superscripts and Subscripts"),
    (0x20A0, 0x20CF, "Currency Symbols"),
    (0x2100, 0x214F, "Letterlike Symbols"),
    (0x2150, 0x218F, "Number Forms"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
    (0xFB00, 0xFB06, "Latin ligatures (Alphabetic Presentation Forms)"),
)

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "sphinx_blogext" / "fonts"


def wanted_codepoints() -> set[int]:
    return {cp for first, last, _ in RANGES for cp in range(first, last + 1)}


def as_ranges(codepoints: set[int]) -> list[list[int]]:
    """Sorted code points as ``[first, last]`` runs."""
    runs: list[list[int]] = []
    for cp in sorted(codepoints):
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return runs


def subset_font(source: Path, target: Path, codepoints: set[int]) -> set[int]:
    """Write ``source`` cut down to ``codepoints`` into ``target``; the code points it maps."""
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False  # large sizes render as well without; hints add half the size
    options.drop_tables = [*options.drop_tables, "DSIG"]
    options.recalc_timestamp = False
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    font.save(target)
    return set(font.getBestCmap())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, help="the TTF files to subset")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the folder to write")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    wanted = wanted_codepoints()
    common: set[int] | None = None
    for source in args.sources:
        target = args.out / source.name
        mapped = subset_font(source, target, wanted)
        common = mapped if common is None else common & mapped
        print(f"{target}: {target.stat().st_size:,} bytes, {len(mapped)} code points")

    coverage = {
        "fonts": sorted(source.name for source in args.sources),
        "ranges": as_ranges(common or set()),
    }
    coverage_path = args.out / "coverage.json"
    coverage_path.write_text(json.dumps(coverage, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{coverage_path}: {len(coverage['ranges'])} ranges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
