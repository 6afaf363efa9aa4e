# blogext_audiences is the test extension in tests/extensions (on sys.path in tests)
extensions = ["myst_parser", "sphinx_blogext", "blogext_audiences"]
exclude_patterns = ["_build"]
blog_posts_per_page = 2
blog_baseurl = "https://example.org/"
