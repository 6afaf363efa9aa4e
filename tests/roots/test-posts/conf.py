extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
