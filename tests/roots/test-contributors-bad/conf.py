extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
blog_contributors_file = "people.yaml"
blog_unknown_contributors = "warn"

# feeds need the address of the published site
blog_baseurl = "https://blog.example.org/"
