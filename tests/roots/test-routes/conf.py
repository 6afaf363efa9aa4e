extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
blog_posts_per_page = 2
blog_baseurl = "https://example.org/docs/"
