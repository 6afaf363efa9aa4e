extensions = ["myst_parser", "sphinx_blogext"]
myst_enable_extensions = ["substitution"]
exclude_patterns = ["_build"]

# feeds need the address of the published site
blog_baseurl = "https://blog.example.org/"
