"""Where a Hugo site keeps its configuration and its content, read as Hugo reads them.

Configuration: the first of ``hugo.*`` and ``config.*`` at the root, then
the folders ``config/_default/`` and ``config/production/`` (what ``hugo``
builds) merged over it, key by key. In those folders each file's name is the
key it holds (``params.toml`` is ``params``, ``menus.en.toml`` is
``languages.en.menus``), and ``hugo.*`` or ``config.*`` is the root. Hugo's
keys ignore case, so every key is lower-cased here.

Content: each language's folder is the one a module mount gives it
(``[[module.mounts]] source = "content/en" target = "content"``), else its
``contentDir``, else the site's ``contentDir``, else ``content/``.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from ..frontmatter import load_yaml
from ..urls import is_device_name
from . import CommandError
from .hugo_site import Budget, Language, Site, TooLarge, plain

CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
#: the names of a configuration file that holds the root keys
ROOT_NAMES = ("hugo", "config")
#: the environment ``hugo`` builds for publishing
ENVIRONMENT = "production"
#: how far above SRC the site's root may be (SRC = ``content/en/``)
LEVELS_UP = 3
#: bounds on the configuration: its files, their size and values
MAX_CONFIG_FILES = 200
MAX_CONFIG_BYTES = 5_000_000
MAX_CONFIG_VALUES = 100_000
#: what no file name may hold: it would be a scheme (``http:x``), a path on
#: Windows, or break a line of the report
_UNSAFE_NAME = re.compile(r'[:\\<>"|?*\x00-\x1f\x7f]')


def find_site(src: Path, code: str | None = None) -> Site:
    """The Hugo site at ``src``: its root, ``content/``, or a language's content folder.

    ``code`` picks the language to import; without it, the language whose
    folder ``src`` is, else ``defaultContentLanguage``.
    """
    if not src.is_dir():
        raise CommandError(f"{src} is not a folder")
    root = _site_root(src)
    if root is None:
        raise CommandError(
            f"{src} is not a Hugo site: it has no content/ folder "
            "(and no hugo.toml or hugo.yaml beside one)"
        )
    config, files = read_config(root)
    languages = site_languages(root, config, files)
    if code is None:
        code = next((c for c, lang in languages.items() if lang.content == src), None)
    if code is None and src not in (root, root / "content"):
        raise CommandError(f"{src} is not the content folder of a language of the site {root}")
    code = (code or default_language(config)).lower()
    if code not in languages:
        known = ", ".join(sorted(languages))
        raise CommandError(f"--language: the site has no language {code!r} (it has {known})")
    content = languages[code].content
    if not content.is_dir() or not inside(content, root):
        raise CommandError(f"{content}, the content of language {code}, is not a folder of {root}")
    static = root / "static"
    static_dir = static if static.is_dir() and not static.is_symlink() else None
    return Site(root, content, static_dir, config, files, code, languages)


def _site_root(src: Path) -> Path | None:
    """``src`` when it is a site (a configuration or a ``content/`` folder), else the
    nearest folder above with a configuration: at most :data:`LEVELS_UP`, on one device."""
    if (src / "content").is_dir() or has_config(src):
        return src
    device = src.stat().st_dev
    for folder in list(src.parents)[:LEVELS_UP]:
        try:
            if folder.stat().st_dev != device:
                return None
        except OSError:
            return None
        if has_config(folder):
            return folder
    return None


def has_config(root: Path) -> bool:
    return bool(_root_file(root)) or (root / "config" / "_default").is_dir()


def _root_file(root: Path) -> Path | None:
    for name in ROOT_NAMES:
        for suffix in CONFIG_SUFFIXES:
            if (root / f"{name}{suffix}").is_file():
                return root / f"{name}{suffix}"
    return None


def read_config(root: Path) -> tuple[dict[str, Any], list[Path]]:
    """The site's configuration, merged as Hugo merges it, and the files it came from."""
    config: dict[str, Any] = {}
    files: list[Path] = []
    first = _root_file(root)
    if first is not None:
        merge(config, read_config_file(first, root))
        files.append(first)
    for environment in ("_default", ENVIRONMENT):
        folder = root / "config" / environment
        if not folder.is_dir() or not inside(folder, root):
            continue
        found = sorted(
            p for p in folder.rglob("*") if p.suffix.lower() in CONFIG_SUFFIXES and p.is_file()
        )
        if len(files) + len(found) > MAX_CONFIG_FILES:
            raise CommandError(f"{folder} has more than {MAX_CONFIG_FILES} configuration files")
        for path in found:
            if inside(path, root):
                merge(config, _keyed(path.stem.lower(), read_config_file(path, root)))
                files.append(path)
    return config, files


def read_config_file(path: Path, root: Path) -> dict[str, Any]:
    """One configuration file as plain values with lower-case keys; a ``CommandError``
    with one line of reason for a file that cannot be read, parsed or is too large."""
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise CommandError(f"cannot read {shown}: larger than {MAX_CONFIG_BYTES:,} bytes")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {shown}: {_one_line(exc)}") from None
    try:
        if path.suffix.lower() == ".toml":
            data: Any = tomllib.loads(text)
        elif path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            data = load_yaml(text)
        data = plain(data, budget=Budget(MAX_CONFIG_VALUES), lower_keys=True)
    except RecursionError:
        raise CommandError(f"cannot read {shown}: nested too deeply") from None
    except TooLarge as exc:
        raise CommandError(f"cannot read {shown}: the configuration is {exc}") from None
    except (ValueError, TypeError, OverflowError, yaml.YAMLError) as exc:
        raise CommandError(f"cannot read {shown}: {_one_line(exc)}") from None
    return data if isinstance(data, dict) else {}


def _keyed(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """A file of the configuration folder as the keys it stands for: ``params`` is
    ``{"params": …}``, ``menus.en`` ``{"languages": {"en": {"menus": …}}}``."""
    if name in ROOT_NAMES:
        return data
    key, _, code = name.rpartition(".") if "." in name else (name, "", "")
    key = "menus" if key == "menu" else key
    if not code:
        return {key: data}
    inner = {key: data} if key in ("menus", "params") else data
    return {"languages": {code: inner}}


def merge(into: dict[str, Any], values: dict[str, Any]) -> None:
    """Merge ``values`` into ``into``: mappings key by key, the new value wins otherwise."""
    for key, value in values.items():
        old = into.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merge(old, value)
        else:
            into[key] = value


def default_language(config: dict[str, Any]) -> str:
    value = config.get("defaultcontentlanguage")
    return value.strip().lower() if isinstance(value, str) and value.strip() else "en"


def site_languages(root: Path, config: dict[str, Any], files: list[Path]) -> dict[str, Language]:
    """Each language of the site with its content folder, the default language first."""
    table = config.get("languages")
    table = table if isinstance(table, dict) else {}
    codes = [default_language(config), *(str(c).lower() for c in table)]
    site_dir = _folder_setting(config.get("contentdir")) or "content"
    mounts = content_mounts(config)
    found = {}
    for code in dict.fromkeys(codes):
        entry = table.get(code)
        entry = entry if isinstance(entry, dict) else {}
        folder = (
            mounts.get(code)
            or mounts.get("")
            or _folder_setting(entry.get("contentdir"))
            or site_dir
        )
        defined = next((f for f in files if _names_language(f, code)), files[0] if files else None)
        found[code] = Language(code, (root / folder).resolve(), defined)
    return found


def content_mounts(config: dict[str, Any]) -> dict[str, str]:
    """The folders mounted as the whole of ``content``, by language (``""`` for all)."""
    module = config.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    found: dict[str, str] = {}
    for mount in mounts if isinstance(mounts, list) else []:
        if not isinstance(mount, dict) or str(mount.get("target", "")).strip("/") != "content":
            continue
        source = _folder_setting(mount.get("source"))
        lang = mount.get("lang")
        if source:
            found.setdefault(lang.lower() if isinstance(lang, str) else "", source)
    return found


def _names_language(path: Path, code: str) -> bool:
    """Whether a configuration file names the language (``[de]``, ``de:``, ``"de":``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    pattern = rf"""^\s*(\[(languages\.)?{re.escape(code)}\]|["']?{re.escape(code)}["']?\s*:)"""
    return re.search(pattern, text, re.MULTILINE | re.IGNORECASE) is not None


def _folder_setting(value: Any) -> str:
    """A folder named in the configuration, relative to the root; "" when not one."""
    if not isinstance(value, str) or not value.strip():
        return ""
    folder = value.strip().replace("\\", "/").strip("/")
    return "" if os.path.isabs(value.strip()) else folder


def content_pages(folder: Path) -> int:
    """How many Markdown pages a content folder holds (links not followed)."""
    count = 0
    for _directory, _subdirs, files in os.walk(folder):
        count += sum(1 for f in files if f.lower().endswith((".md", ".markdown")))
    return count


def unsafe_name(name: str) -> str | None:
    """Why a file or folder name of the site must not be copied, or None.

    Under ``dirhtml`` a page ``http:evil.example.md`` gives links that a
    browser follows off the site; Windows refuses the others.
    """
    if _UNSAFE_NAME.search(name):
        return 'a colon, a backslash, a control character or one of < > " | ? *'
    if name.endswith((".", " ")):
        return "a name ending in a dot or a space"
    if is_device_name(name):
        return "a name Windows reserves for a device"
    return None


def inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
