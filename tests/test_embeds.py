"""Reading YouTube and Vimeo addresses into players (``embeds.video_embed``)."""

from __future__ import annotations

import re
import string
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_blogext.embeds import MAX_START, Embed, video_embed

YT = "dQw4w9WgXcQ"
#: the only two places a player may come from
PLAYER = re.compile(
    r"https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}(\?[a-z0-9=&]*)?"
    r"|https://player\.vimeo\.com/video/[0-9]{1,12}\?[a-z0-9=&]*(#t=[0-9]+s)?"
)


def youtube(video: str = YT, start: int = 0) -> Embed:
    return Embed("youtube", "YouTube", video, start)


def vimeo(video: str, start: int = 0, private: str = "") -> Embed:
    return Embed("vimeo", "Vimeo", video, start, private)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://www.youtube.com/watch?v={YT}", youtube()),
        (f"http://youtube.com/watch?v={YT}&list=PL123&index=2", youtube()),
        (f"https://m.youtube.com/watch?feature=share&v={YT}", youtube()),
        (f"https://www.youtube.com/watch?v={YT}&t=90", youtube(start=90)),
        (f"https://www.youtube.com/watch?v={YT}&t=1m30s", youtube(start=90)),
        (f"https://www.youtube.com/watch?v={YT}#t=1h2m3s", youtube(start=3723)),
        (f"https://youtu.be/{YT}", youtube()),
        (f"https://youtu.be/{YT}?si=abcDEF&t=42s", youtube(start=42)),
        (f"https://www.youtube.com/embed/{YT}?start=15", youtube(start=15)),
        (f"https://www.youtube-nocookie.com/embed/{YT}", youtube()),
        (f"https://www.youtube.com/shorts/{YT}", youtube()),
        (f"https://www.youtube.com/live/{YT}?feature=shared&t=600", youtube(start=600)),
        (f"HTTPS://WWW.YOUTUBE.COM/watch?v={YT}", youtube()),
        ("https://vimeo.com/76979871", vimeo("76979871")),
        ("https://www.vimeo.com/76979871#t=2m5s", vimeo("76979871", 125)),
        ("https://vimeo.com/76979871/8272103f6e", vimeo("76979871", private="8272103f6e")),
        ("https://player.vimeo.com/video/76979871", vimeo("76979871")),
        (
            "https://player.vimeo.com/video/76979871?h=8272103f6e&badge=0",
            vimeo("76979871", private="8272103f6e"),
        ),
        ("https://vimeo.com/channels/staffpicks/76979871", vimeo("76979871")),
        ("https://vimeo.com/groups/shortfilms/videos/76979871", vimeo("76979871")),
        ("https://vimeo.com/showcase/1234/video/76979871", vimeo("76979871")),
    ],
)
def test_the_forms_people_copy(url: str, expected: Embed) -> None:
    assert video_embed(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        f"ftp://www.youtube.com/watch?v={YT}",
        f"javascript:alert(1)//www.youtube.com/watch?v={YT}",
        f"https://www.youtube.com.evil.example/watch?v={YT}",
        f"https://evilyoutube.com/watch?v={YT}",
        f"https://youtube.com@evil.example/watch?v={YT}",
        f"https://user@www.youtube.com/watch?v={YT}",
        "https://www.youtube.com/watch?v=short",
        f"https://www.youtube.com/watch?v={YT}x",
        "https://www.youtube.com/watch?v=dQw4w9WgXc%22",
        "https://www.youtube.com/watch?v=<script>xx",
        "https://www.youtube.com/embed/videoseries?list=PL123",
        f"https://www.youtube.com/channel/{YT}",
        f"https://www.youtube.com/watch/{YT}",
        f"https://youtu.be/{YT}/more",
        f"https://www.youtube-nocookie.com/shorts/{YT}",
        "https://vimeo.com/",
        "https://vimeo.com/about",
        "https://vimeo.com/76979871/not-a-hash",
        "https://vimeo.com/1234567890123",
        "https://player.vimeo.com/video/abc",
        "https://vimeo.com.evil.example/76979871",
        "https://[::1/watch",
        "http://www.youtube.com:99999/watch?v=" + YT,
    ],
)
def test_anything_else_is_no_player(url: str) -> None:
    assert video_embed(url) is None


def test_the_players_addresses() -> None:
    """The player on the privacy-minded domain; it plays at once only after the click."""
    assert youtube().embed_url == f"https://www.youtube-nocookie.com/embed/{YT}"
    assert youtube().play_url == f"https://www.youtube-nocookie.com/embed/{YT}?autoplay=1"
    assert youtube(start=90).play_url.endswith("?autoplay=1&start=90")
    assert youtube(start=90).embed_url.endswith("?start=90")
    found = vimeo("76979871")
    assert found.embed_url == "https://player.vimeo.com/video/76979871?dnt=1"
    assert found.play_url == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    found = vimeo("76979871", 125, "8272103f6e")
    assert found.play_url == (
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=8272103f6e#t=125s"
    )


def test_a_hash_that_is_not_one_is_left_out() -> None:
    found = video_embed("https://player.vimeo.com/video/76979871?h=%22%3E%3Cscript%3E")
    assert found == vimeo("76979871")


@pytest.mark.parametrize(
    ("time", "seconds"),
    [("0", 0), ("59", 59), ("59s", 59), ("2m", 120), ("1m5", 65), ("1h", 3600),
     ("1H1M1S", 3661), (str(MAX_START), MAX_START), (str(MAX_START + 1), 0), ("-5", 0),
     ("1.5", 0), ("abc", 0), ("1m30s30", 0), ("٣", 0)],
)  # fmt: skip
def test_start_times(time: str, seconds: int) -> None:
    found = video_embed(f"https://youtu.be/{YT}?t={time}")
    assert found is not None and found.start == seconds


# -- properties ----------------------------------------------------------------------

ID_CHARS = string.ascii_letters + string.digits + "-_"
youtube_ids = st.text(ID_CHARS, min_size=11, max_size=11)
vimeo_ids = st.integers(1, 10**12 - 1).map(str)
hashes = st.text("0123456789abcdef", min_size=6, max_size=32)
starts = st.integers(0, MAX_START)


def check(found: Embed | None) -> None:
    """A player comes from one of the two privacy-minded hosts, over https, with an id
    of the provider's alphabet; nothing else."""
    if found is None:
        return
    assert found.provider in ("youtube", "vimeo")
    for url in (found.embed_url, found.play_url):
        assert PLAYER.fullmatch(url), url
        parts = urlsplit(url)
        assert parts.scheme == "https"
        assert parts.hostname in ("www.youtube-nocookie.com", "player.vimeo.com")
    if found.provider == "youtube":
        assert re.fullmatch(r"[A-Za-z0-9_-]{11}", found.id)
        assert "dnt" not in found.play_url
    else:
        assert re.fullmatch(r"[0-9]{1,12}", found.id)
        assert re.fullmatch(r"([0-9a-f]{6,32})?", found.hash)
        assert parse_qs(urlsplit(found.play_url).query)["dnt"] == ["1"]
    assert 0 <= found.start <= MAX_START
    assert parse_qs(urlsplit(found.play_url).query)["autoplay"] == ["1"]


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=120))
def test_any_text_never_raises(text: str) -> None:
    check(video_embed(text))


#: addresses that look like the providers' ones, with parts drawn from anywhere
_PARTS = st.sampled_from(
    ["https://", "http://", "www.", "youtube.com", "youtu.be", "youtube-nocookie.com",
     "vimeo.com", "player.vimeo.com", "/watch?v=", "/embed/", "/shorts/", "/live/",
     "/video/", "/channels/x/", "?t=", "&t=", "#t=", "?h=", "&start=", "/", "@", ":", "%",
     "<", '"', "'", " ", "\n", YT, "76979871", "8272103f6e", "1m30s", "videoseries"]
)  # fmt: skip


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(_PARTS, st.text(max_size=12)), max_size=12).map("".join))
def test_lookalike_addresses_never_raise_and_stay_on_the_two_hosts(text: str) -> None:
    check(video_embed(text))


@settings(max_examples=50, deadline=None)
@given(
    youtube_ids,
    st.sampled_from(
        [
            "https://www.youtube.com/watch?v={id}",
            "https://youtu.be/{id}",
            "https://www.youtube.com/embed/{id}",
            "https://www.youtube.com/shorts/{id}",
            "https://www.youtube.com/live/{id}",
            "https://www.youtube-nocookie.com/embed/{id}",
        ]
    ),
    starts,
    st.sampled_from(["t", "start"]),
)
def test_every_youtube_id_is_read_back(video: str, form: str, start: int, name: str) -> None:
    if video == "videoseries":
        return
    url = form.format(id=video)
    url += ("&" if "?" in url else "?") + f"{name}={start}" if start else ""
    found = video_embed(url)
    assert found == youtube(video, start)
    check(found)


@settings(max_examples=50, deadline=None)
@given(vimeo_ids, st.one_of(st.just(""), hashes), starts, st.booleans())
def test_every_vimeo_id_is_read_back(video: str, private: str, start: int, player: bool) -> None:
    if player:
        url = f"https://player.vimeo.com/video/{video}" + (f"?h={private}" if private else "")
    else:
        url = f"https://vimeo.com/{video}" + (f"/{private}" if private else "")
    url += f"#t={start}s" if start else ""
    found = video_embed(url)
    assert found == vimeo(video, start, private)
    check(found)
