extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
project = "Drafts"
copyright = "2026, Drafts"

# feeds need the address of the published site
blog_baseurl = "https://blog.example.org/"
