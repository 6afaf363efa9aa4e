"""The message catalogs: the template of every translatable string, and its translations.

Strings are marked with ``_()`` in the Python code and the templates. The
template ``locale/sphinx_blogext.pot`` is what translators start from;
``locale/<language>/LC_MESSAGES/sphinx_blogext.po`` are the translations
(German and French ship), compiled to the ``.mo`` files Sphinx reads.
``python3 dev.py messages`` writes the template, brings every translation
up to date with it (new strings empty, for a translator to fill) and
compiles them; tests keep all of it complete.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from . import __version__

PACKAGE = Path(__file__).parent
TEMPLATE = PACKAGE / "locale" / "sphinx_blogext.pot"
_METHODS = [
    ("**.py", "python"),
    ("templates/**.html", "jinja2.ext:babel_extract"),
    ("templates/**.xsl", "jinja2.ext:babel_extract"),
]
_OPTIONS = {
    "templates/**.html": {"trimmed": "true"},
    "templates/**.xsl": {"trimmed": "true"},
}
_THEME_METHODS = [("**.py", "python"), ("**.html", "jinja2.ext:babel_extract")]
_THEME_KEYWORDS = {"blogext_gettext": None}
_THEME_OPTIONS = {"**.html": {"trimmed": "true"}}
#: The translations that ship.
LANGUAGES = ("de", "fr")


def extract() -> Catalog:
    """Every marked string of the package, in a catalog."""
    # a fixed date keeps the file unchanged until a string changes
    catalog = Catalog(
        project="sphinx-blogext",
        version=__version__,
        creation_date=datetime(2026, 1, 1, tzinfo=UTC),
        charset="utf-8",
    )
    found = list(extract_from_dir(str(PACKAGE), _METHODS, options_map=_OPTIONS))
    theme = _theme_folder()
    if theme is not None:
        # the theme marks its words with blogext_gettext: Sphinx's own _() in its
        # templates are Sphinx's sentences, translated by Sphinx
        found += [
            (f"theme/{filename}", lineno, message, comments, context)
            for filename, lineno, message, comments, context in extract_from_dir(
                str(theme), _THEME_METHODS, keywords=_THEME_KEYWORDS, options_map=_THEME_OPTIONS
            )
        ]
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message, locations=[(filename, lineno)], auto_comments=comments, context=context
        )
    return catalog


def _theme_folder() -> Path | None:
    """The companion theme's package, when it is installed beside the extension."""
    spec = importlib.util.find_spec("blogext_theme")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def write_template() -> None:
    TEMPLATE.parent.mkdir(exist_ok=True)
    with TEMPLATE.open("wb") as out:
        write_po(out, extract(), sort_output=True, include_lineno=False, width=100)


def translation_path(language: str, suffix: str = ".po") -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / f"sphinx_blogext{suffix}"


def read_translation(language: str) -> Catalog:
    with translation_path(language).open("rb") as stream:
        return read_po(stream, locale=language)


def compiled(catalog: Catalog) -> bytes:
    """The ``.mo`` file of a catalog, as Sphinx reads it (fuzzy entries left out)."""
    from io import BytesIO

    out = BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update_translations() -> None:
    """Bring each translation up to date with the template, and compile it."""
    template = extract()
    for language in LANGUAGES:
        path = translation_path(language)
        catalog = read_translation(language)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()
        with path.open("wb") as out:
            write_po(out, catalog, sort_output=True, include_lineno=False, width=100)
        translation_path(language, ".mo").write_bytes(compiled(read_translation(language)))
