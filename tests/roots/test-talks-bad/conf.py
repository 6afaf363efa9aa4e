extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
blog_baseurl = "https://example.org/"
