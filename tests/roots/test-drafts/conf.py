extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
project = "Drafts"
copyright = "2026, Drafts"
