"""``python -m sphinx_blogext``: the ``blogext`` command."""

from .cli import main

raise SystemExit(main())
