"""Sphinx configuration for the Tidewater example site.

Tidewater is a fictional project: a small tool for scheduling and testing
data pipelines. The site shows documentation and a blog built by one
``sphinx-build`` run with sphinx-blogext.
"""

project = "Tidewater"
author = "The Tidewater authors"
copyright = "2025–2026, The Tidewater authors"
release = "1.0.0rc1"
version = "1.0"

extensions = ["myst_parser", "sphinx_design", "sphinx_copybutton", "sphinx_blogext"]

myst_enable_extensions = ["colon_fence", "deflist"]

# the copy button copies commands, not the prompt ("$ ") or what they print
copybutton_exclude = ".linenos, .gp, .go"

exclude_patterns = ["_build"]

html_theme = "blogext"
html_title = "Tidewater"
html_static_path = ["_static"]
html_theme_options = {
    "nav_links": [
        ("Docs", "docs/install"),
        ("Blog", "blog/index"),
        ("Talks", "talks/index"),
        ("Contributors", "contributors/index"),
    ],
    "social_links": [("GitHub", "https://github.com/example/tidewater")],
    # Tidewater's teal; dark mode takes a lighter teal of the same hue
    "accent_color": "#0f766e",
    "footer_text": "Tidewater is a fictional project, made up to show sphinx-blogext.",
}

blog_baseurl = "https://tidewater.example.org/"
blog_title = "Tidewater blog"
blog_description = "Releases, tutorials and community news from the Tidewater project."
# labels and descriptions of some tags
blog_tags_file = "tags.yaml"
blog_posts_per_page = 5
# Tal and Jane have pages of their own (contributors/); Lorena is defined here.
blog_contributors_file = "contributors.yaml"
# dates, places and descriptions of the conferences our talks are at
blog_events_file = "events.yaml"
# "Edit this page" and "View source" links on every page made from a source file
blog_source_repository = "https://github.com/example/tidewater"
blog_source_directory = "example-site/"
