extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]

# feeds need the address of the published site
blog_baseurl = "https://blog.example.org/"
html_static_path = ["_static"]
