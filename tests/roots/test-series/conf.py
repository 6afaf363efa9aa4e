extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
project = "Series"
copyright = "2026, Series"

# feeds and JSON-LD addresses need the address of the published site
blog_baseurl = "https://blog.example.org/"
