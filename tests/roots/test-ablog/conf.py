# An ABlog project as ABlog's documentation sets one up, with the extension's name
# changed from "ablog" to "sphinx_blogext" and nothing else.
project = "ABlog site"
extensions = ["sphinx_blogext", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]

blog_title = "ABlog site blog"
blog_path = "blog"
blog_baseurl = "https://ablog.example.org/"
blog_post_pattern = ["posts/*.rst", "posts/*.md"]
blog_authors = {
    "Ahmet": ("Ahmet Bakan", "https://ahmetbakan.example.com"),
    "Luc": ("Luc Saffre", "https://saffre.example.net/luc/"),
    "Nabil": ("Nabil Freij", None),
}
blog_default_author = "Ahmet"
blog_locations = {
    "Pittsburgh": ("Pittsburgh, PA", "https://en.wikipedia.org/wiki/Pittsburgh"),
    "SF": ("San Francisco", "https://en.wikipedia.org/wiki/San_Francisco"),
}
blog_languages = {"en": ("English", None), "tr": ("Turkish", None)}
blog_default_language = "en"
blog_feed_archives = True
blog_feed_fulltext = True
blog_feed_subtitle = "Notes from the ABlog site"
blog_feed_length = None
blog_archive_titles = True
post_date_format = "%b %d, %Y"
post_date_format_short = "%b %d"
post_auto_excerpt = 1
post_auto_image = 1
post_redirect_refresh = 1
post_show_prev_next = True
disqus_shortname = "ablogsite"
disqus_pages = True
fontawesome_included = True
skip_injecting_base_ablog_templates = False

html_theme = "alabaster"
html_sidebars = {
    "**": [
        "ablog/postcard.html",
        "ablog/recentposts.html",
        "ablog/tagcloud.html",
        "ablog/categories.html",
        "ablog/archives.html",
        "ablog/authors.html",
        "ablog/languages.html",
        "ablog/locations.html",
    ]
}
