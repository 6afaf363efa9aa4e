extensions = ["myst_parser", "sphinx_blogext"]
project = "Lighthouse"
copyright = "2029, The keepers"
exclude_patterns = ["_build"]
# the sitemap lists absolute addresses: the site's address turns it on
blog_baseurl = "https://lighthouse.example.org/"
blog_posts_per_page = 2
blog_social_cards = False
