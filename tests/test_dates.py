"""Date normalisation for relation statements: Western years, Japanese eras, relative dates."""

from __future__ import annotations

import pytest

from kg.extract import dates


@pytest.mark.parametrize("text, years", [
    ("2005年に設立", ["2005"]),
    ("昭和32年生まれ", ["1957"]),
    ("平成元年に入社", ["1989"]),
    ("令和2年に退任", ["2020"]),
    ("令和二年に退任", ["2020"]),
    ("昭和三十二年", ["1957"]),
    ("明治元年", ["1868"]),
    ("大正12年", ["1923"]),
    ("昭和48年〈1973年〉", ["1973", "1973"]),
    ("２０１９年に上場", ["2019"]),
    ("1999年と2004年", ["1999", "2004"]),
])
def test_dates_absolute_years(text, years):
    assert [y for _, _, y in dates.find_years(text)] == years


@pytest.mark.parametrize("text", ["5年間勤めた", "3年生のとき", "100年前", "1990年代", "2年後に退社", "数年後"])
def test_dates_durations_are_no_years(text):
    assert dates.find_years(text) == []


def test_dates_offsets_point_at_the_expression():
    text = "彼は平成4年に入学した"
    (start, end, year), = dates.find_years(text)
    assert text[start:end] == "平成4年" and year == "1992"


@pytest.mark.parametrize("text, relative", [("数年後、彼は退社した", True), ("翌年に上場した", True),
                                            ("2005年に上場した", False)])
def test_dates_relative(text, relative):
    assert dates.has_relative_date(text, ("数年後", "翌年")) is relative
