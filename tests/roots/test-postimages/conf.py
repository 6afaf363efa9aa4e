project = "Post images"
extensions = ["myst_parser", "sphinx_blogext"]
blog_baseurl = "https://blog.example.org/"
html_extra_path = ["static"]
exclude_patterns = ["_build", "static"]
