extensions = ["myst_parser", "sphinx_design", "sphinx_blogext"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
project = "Talks test"
blog_baseurl = "https://example.org/site/"
blog_timezone = "Europe/Paris"
