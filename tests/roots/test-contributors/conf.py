extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
blog_contributors_file = "people.yaml"
blog_baseurl = "https://example.org/"
blog_posts_per_page = 2
