extensions = ["myst_parser", "sphinx_blogext"]
myst_enable_extensions = ["substitution"]
exclude_patterns = ["_build"]
