"""Checks on URLs and paths that authors put in front matter."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SAFE_SCHEMES = {"http", "https"}
_CONTROL = re.compile(r"[\x00-\x20\x7f\"'<>\\]")


def unsafe_url_reason(url: str) -> str | None:
    """Why ``url`` must not be put in a page, or None when it is safe.

    Allowed are http(s) URLs and paths without a scheme.
    """
    if _CONTROL.search(url):
        return f"{url!r} contains spaces, quotes or control characters"
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return f"{url!r} is not a valid URL"
    if scheme and scheme.lower() not in _SAFE_SCHEMES:
        return f"{url!r} uses the scheme {scheme!r}; only http and https are allowed"
    return None


def is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def site_path_reason(path: str) -> str | None:
    """Why ``path`` cannot be an output path inside the site, or None."""
    reason = unsafe_url_reason(path)
    if reason:
        return reason
    if is_absolute(path) or "?" in path or "#" in path:
        return f"{path!r} must be a path on this site, such as /news/old-post/"
    parts = [p for p in path.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        return f"{path!r} must be a path inside the site"
    return None
