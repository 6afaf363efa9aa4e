extensions = ["myst_parser", "sphinx_blogext"]
project = "Feeds & <Friends>"
author = "The feed team"
copyright = "2024, The feed team"
version = release = "1.0"
exclude_patterns = ["_build"]
blog_baseurl = "https://example.org/site/"
blog_description = "News about feeds & tags."
blog_tags_file = "tags.yaml"
blog_contributors_file = "contributors.yaml"
blog_posts_per_page = 2
blog_feed_length = 3
