"""Video players that load nothing from the video host until the reader asks for them.

:func:`video_embed` reads a YouTube or Vimeo address (the forms people copy from the
address bar, the share button or an embed code) and gives an :class:`Embed`: the
provider, the video's id, where to start, and the player's address on the host's
privacy-minded domain (``www.youtube-nocookie.com``, or Vimeo's player with
``dnt=1``). Every part of those addresses is checked against the provider's alphabet
(YouTube ids are 11 letters, digits, ``-`` or ``_``; Vimeo ids are digits, the hash of
a private link hexadecimal), so nothing an author writes reaches the page except
through them. Anything else gives None: the page keeps its plain link.

The markup that shows the player (``blogext/_embed.html``) and the script that loads it
on a click (``static/blogext-embed.js``) build on this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

#: where the players are loaded from, once the reader asks
YOUTUBE_PLAYER = "https://www.youtube-nocookie.com/embed/"
VIMEO_PLAYER = "https://player.vimeo.com/video/"
#: The longest start time kept (a day): anything later is no time inside a talk.
MAX_START = 86400

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}", re.ASCII)
_VIMEO_ID = re.compile(r"[0-9]{1,12}", re.ASCII)
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,32}", re.ASCII | re.IGNORECASE)
#: 90, 90s, 1m30s, 1m30, 1h2m3s, 2m
_TIME = re.compile(r"(?:(\d{1,5})h)?(?:(\d{1,5})m)?(?:(\d{1,7})s?)?", re.ASCII | re.IGNORECASE)
_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
_NOCOOKIE_HOSTS = frozenset({"youtube-nocookie.com", "www.youtube-nocookie.com"})
_VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com"})
#: Vimeo addresses of a video in a collection: /groups/<name>/videos/<id>, /showcase/<n>/video/<id>
_VIMEO_FOLDERS = frozenset({("groups", "videos"), ("showcase", "video")})
#: the first part of the path of a YouTube address that names the video after it
_YOUTUBE_PATHS = frozenset({"embed", "shorts", "live", "v"})


@dataclass(frozen=True)
class Embed:
    """A video that can be shown in a player: its provider (``youtube`` or ``vimeo``),
    the provider's name as readers know it, the video's id, where to start (seconds) and,
    for a private Vimeo link, its hash."""

    provider: str
    name: str
    id: str
    start: int = 0
    hash: str = ""

    @property
    def embed_url(self) -> str:
        """The player's address (structured data's ``embedUrl``)."""
        return self._player({})

    @property
    def play_url(self) -> str:
        """The player's address that starts playing at once, loaded after a click."""
        return self._player({"autoplay": "1"})

    def _player(self, extra: dict[str, str]) -> str:
        if self.provider == "youtube":
            query = {**extra, **({"start": str(self.start)} if self.start else {})}
            return YOUTUBE_PLAYER + self.id + (f"?{urlencode(query)}" if query else "")
        query = {"dnt": "1", **extra, **({"h": self.hash} if self.hash else {})}
        fragment = f"#t={self.start}s" if self.start else ""
        return f"{VIMEO_PLAYER}{self.id}?{urlencode(query)}{fragment}"


def video_embed(url: str) -> Embed | None:
    """The player for a YouTube or Vimeo address, or None for any other text."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        scheme, port = parts.scheme.lower(), parts.port
    except ValueError:  # a malformed port or IPv6 address
        return None
    if scheme not in ("http", "https") or parts.username or parts.password:
        return None
    if port not in (None, 80, 443):
        return None
    query = parse_qs(parts.query)
    found: tuple[str, str, str] | None = None
    if host in _YOUTUBE_HOSTS | _NOCOOKIE_HOSTS or host == "youtu.be":
        found = _youtube(host, parts.path, query)
    elif host in _VIMEO_HOSTS or host == "player.vimeo.com":
        found = _vimeo(host, parts.path, query)
    if found is None:
        return None
    provider, video, private = found
    start = _start(_first(query, "t") or _first(query, "start") or _fragment_time(parts.fragment))
    name = "YouTube" if provider == "youtube" else "Vimeo"
    return Embed(provider, name, video, start, private)


def _youtube(host: str, path: str, query: dict[str, list[str]]) -> tuple[str, str, str] | None:
    segments = [s for s in path.split("/") if s]
    video = ""
    if host == "youtu.be":
        video = segments[0] if len(segments) == 1 else ""
    elif segments == ["watch"] and host in _YOUTUBE_HOSTS:
        video = _first(query, "v")
    elif len(segments) == 2 and segments[0] in _YOUTUBE_PATHS:
        if host in _NOCOOKIE_HOSTS and segments[0] != "embed":
            return None
        video = segments[1]
    # "videoseries" has the shape of an id: it is the player of a playlist
    if video == "videoseries" or not _YOUTUBE_ID.fullmatch(video):
        return None
    return "youtube", video, ""


def _vimeo(host: str, path: str, query: dict[str, list[str]]) -> tuple[str, str, str] | None:
    segments = [s for s in path.split("/") if s]
    video, private = "", ""
    if host == "player.vimeo.com":
        if len(segments) == 2 and segments[0] == "video":
            video, private = segments[1], _first(query, "h")
    elif len(segments) in (1, 2) and _VIMEO_ID.fullmatch(segments[0]):
        # vimeo.com/<id>, or a private link: vimeo.com/<id>/<hash>
        video = segments[0]
        private = segments[1] if len(segments) == 2 else _first(query, "h")
        if len(segments) == 2 and not _VIMEO_HASH.fullmatch(private):
            return None
    elif len(segments) == 3 and segments[0] == "channels":
        video = segments[2]
    elif len(segments) == 4 and (segments[0], segments[2]) in _VIMEO_FOLDERS:
        video = segments[3]
    if not _VIMEO_ID.fullmatch(video):
        return None
    # a hash that is not one is left out rather than passed on
    return "vimeo", video, private.lower() if _VIMEO_HASH.fullmatch(private) else ""


def _first(query: dict[str, list[str]], name: str) -> str:
    values = query.get(name)
    return values[0] if values else ""


def _fragment_time(fragment: str) -> str:
    """The ``t=`` of an address's fragment (``#t=1m30s``), or ""."""
    return _first(parse_qs(fragment), "t")


def _start(text: str) -> int:
    """Seconds from ``90``, ``90s``, ``1m30s`` or ``1h2m3s``; 0 for anything else."""
    match = _TIME.fullmatch(text.strip())
    if not text.strip() or match is None:
        return 0
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    return total if total <= MAX_START else 0
