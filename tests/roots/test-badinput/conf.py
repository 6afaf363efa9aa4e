extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
blog_tags_allowed = ["cloud", "release"]

# feeds need the address of the published site
blog_baseurl = "https://blog.example.org/"
