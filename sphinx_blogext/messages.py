"""The message catalog template of every translatable string.

Strings are marked with ``_()`` in the Python code and the templates. The
template ``locale/sphinx_blogext.pot`` is what translators start from; it is
written by ``python3 dev.py messages`` and a test keeps it complete.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from . import __version__

PACKAGE = Path(__file__).parent
TEMPLATE = PACKAGE / "locale" / "sphinx_blogext.pot"
_METHODS = [("**.py", "python"), ("templates/**.html", "jinja2.ext:babel_extract")]


def extract() -> Catalog:
    """Every marked string of the package, in a catalog."""
    # a fixed date keeps the file unchanged until a string changes
    catalog = Catalog(
        project="sphinx-blogext",
        version=__version__,
        creation_date=datetime(2026, 1, 1, tzinfo=UTC),
        charset="utf-8",
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), _METHODS, options_map={"templates/**.html": {"trimmed": "true"}}
    ):
        catalog.add(
            message, locations=[(filename, lineno)], auto_comments=comments, context=context
        )
    return catalog


def write_template() -> None:
    TEMPLATE.parent.mkdir(exist_ok=True)
    with TEMPLATE.open("wb") as out:
        write_po(out, extract(), sort_output=True, include_lineno=False, width=100)
