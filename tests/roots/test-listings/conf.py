extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
blog_posts_per_page = 2
blog_title = "Team blog"

# feeds need the address of the published site
blog_baseurl = "https://blog.example.org/"
