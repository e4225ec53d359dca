"""Turning people's names and free text into file ids and accent-free search keys."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lowercase, accent-free form for matching: "Zoë Ångström" -> "zoe angstrom"."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return _COMBINING.sub("", text).casefold()


MAX_ID_LENGTH = 60  # readable in a terminal and far below every file system's name limit

# Han ideographs and Hangul syllables are one syllable each, and anyascii runs them together
# in CamelCase ("王小明" -> "WangXiaoMing"): each becomes its own word. Kana is spelled by sound
# and stays one word ("やまだ" -> "yamada").
# Compiled when an id is first made (only writes make ids): the ideograph class alone takes ~2 ms to compile,
# which every read command would otherwise pay at import.
_SYLLABLES = r"[\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003ffff]"
_KANA = r"[\u3040-\u30ff\u31f0-\u31ff\uff65-\uff9f]+"
_APOSTROPHE = r"(?<=\w)['\u2019\u02bc](?=\w)"  # O'Brien is one word: obrien
# Windows cannot check out a file named like a device ("con.yaml"), whatever its extension.
_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(name: str, fallback: str = "candidate") -> str:
    """The id for a name in any script: lowercase ASCII words joined by hyphens, at most 60 characters.

    "José Martínez" -> "jose-martinez", "王小明" -> "wang-xiao-ming", "김민준" -> "gim-min-jun".
    Symbols and emoji add nothing; a name with nothing left gives ``fallback``.
    """
    from anyascii import anyascii
    from slugify import slugify as ascii_slug  # python-slugify: ~10 ms to import, only paid by writes

    text = "".join(" " if unicodedata.category(ch).startswith("S") else ch for ch in name)
    text = re.sub(_APOSTROPHE, "", text)
    # transliterated before python-slugify's NFKD, which would split Hangul into jamo and drop kana voicing
    text = re.sub(_SYLLABLES, lambda m: f" {anyascii(m.group())} ", text)
    text = re.sub(_KANA, lambda m: f" {anyascii(m.group())} ", text)
    slug = cap(ascii_slug(text, backend="anyascii"), MAX_ID_LENGTH) or fallback
    return f"{slug}-{fallback}" if slug in _DEVICE_NAMES else slug


def cap(slug: str, limit: int) -> str:
    """``slug`` cut to at most ``limit`` characters, at a hyphen when there is one to cut at."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rfind("-")
    return (slug[:cut] if cut > 0 else slug[:limit]).strip("-")


def numbered(base: str, n: int) -> str:
    """The ``n``-th id for ``base`` (``li-na-2``), still within the length cap; n = 1 is ``base``."""
    if n <= 1:
        return base
    suffix = f"-{n}"
    return cap(base, MAX_ID_LENGTH - len(suffix)) + suffix


def is_slug(text: str) -> bool:
    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text) is not None
