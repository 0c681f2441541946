"""Stage 5 helper: Japanese date expressions → xsd:gYear. Western years and eras (明治〜令和).

Relative expressions (数年後, 翌年) are recognised so that callers can leave a fact undated
rather than guess.
"""

from __future__ import annotations

import re
import unicodedata

# First Western year of each era: year N of the era is START + N - 1 (元年 = 1).
ERAS: dict[str, int] = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# 「2005年」「1999 年」; not 「5年間」「3年生」「100年前」 (durations, grades, distances).
_WESTERN = re.compile(r"(?<![0-9])([12][0-9]{3})\s*年(?!間|生|代|前|後|ぶり|目|分)")
# 「昭和32年」「平成元年」「令和二年」
_ERA = re.compile(r"(明治|大正|昭和|平成|令和)\s*(元|[0-9]{1,2}|[〇一二三四五六七八九十]{1,3})\s*年")


def _kanji_number(text: str) -> int | None:
    """Return the value of a small kanji numeral (1–99), or None.

    Example:
        >>> _kanji_number("三十二"), _kanji_number("十"), _kanji_number("七")
        (32, 10, 7)
    """
    if not text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _KANJI_DIGITS.get(tens, 1) if tens else 1
        o = _KANJI_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o
    value = 0
    for ch in text:
        if ch not in _KANJI_DIGITS:
            return None
        value = value * 10 + _KANJI_DIGITS[ch]
    return value


def era_year(era: str, number: str) -> int | None:
    """Return the Western year of year ``number`` of a Japanese era.

    Example:
        >>> era_year("昭和", "32"), era_year("平成", "元"), era_year("令和", "二")
        (1957, 1989, 2020)
    """
    start = ERAS.get(era)
    if start is None:
        return None
    n = 1 if number == "元" else (int(number) if number.isdigit() else _kanji_number(number))
    return start + n - 1 if n else None


def find_years(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, YYYY)`` for every absolute year in ``text``, in order.

    Example:
        >>> [y for _, _, y in find_years("昭和32年に生まれ、2005年に設立、5年間勤めた")]
        ['1957', '2005']
        >>> find_years("２０１９年")[0][2]
        '2019'
    """
    if "年" not in text:
        return []  # (both patterns end in 年: most texts are done here)
    norm = unicodedata.normalize("NFKC", text)
    if len(norm) != len(text):
        norm = text  # offsets must stay those of ``text``: match the raw text when NFKC changes its length
    found: list[tuple[int, int, str]] = []
    for m in _WESTERN.finditer(norm):
        found.append((m.start(), m.end(), m.group(1)))
    for m in _ERA.finditer(norm):
        year = era_year(m.group(1), m.group(2))
        if year is not None:
            found.append((m.start(), m.end(), f"{year:04d}"))
    return sorted(found)


def has_relative_date(text: str, words: tuple[str, ...]) -> bool:
    """Return True when ``text`` dates something relative to another time (数年後, 翌年).

    Example:
        >>> has_relative_date("数年後、彼は退社した", ("数年後", "翌年"))
        True
    """
    return any(w in text for w in words)
