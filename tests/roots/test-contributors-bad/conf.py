extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
blog_contributors_file = "people.yaml"
blog_unknown_contributors = "warn"
