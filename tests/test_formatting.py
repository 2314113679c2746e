"""Tests for evaltools/formatting.py: Swedish numbers (decimal comma, NBSP, minus sign), English
(decimal point, comma between thousands, NBSP before %)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from evaltools.formatting import (NBSP, fmt_int, fmt_interval, fmt_kronor, fmt_masked, fmt_month,
                                  fmt_number, fmt_percent, fmt_share_range, interval_decimals, is_missing)

MINUS = "\u2212"


def test_percent_contract_example():
    assert fmt_percent(0.4808) == "48,1\u00a0%"
    assert fmt_percent(0.4808, language="en") == "48.1" + NBSP + "%"


@pytest.mark.parametrize("share, text", [
    (0.4805, "48,1"),   # 48.05 -> 48.1 (half up, not to even)
    (0.4815, "48,2"),
    (0.0045, "0,5"),    # 0.45 -> 0.5; the float product 0.0045 · 100 is 0.44999…
    (0.0725, "7,3"),    # 7.25 -> 7.3; the float product is 7.249999…
    (0.0015, "0,2"),
    (0.9995, "100,0"),
    (0.0, "0,0"),
    (1.0, "100,0"),
])
def test_percent_rounds_half_up_on_the_written_decimal(share, text):
    assert fmt_percent(share) == text + NBSP + "%"


@pytest.mark.parametrize("share, text", [(0.145, "15"), (0.285, "29"), (0.565, "57"), (0.125, "13"),
                                         (0.4808, "48")])
def test_percent_whole(share, text):
    # 0.145 · 100 is 14.499999999999998 as a float; a person writes 14.5 and rounds to 15
    assert fmt_percent(share, 0) == text + NBSP + "%"


def test_percent_numpy_and_missing():
    assert fmt_percent(np.float64(0.25)) == "25,0" + NBSP + "%"
    assert fmt_percent(math.nan) == ""
    assert fmt_percent(None) == ""
    assert fmt_percent(pd.NA) == ""


def test_interval():
    # the Wilson interval of 75/156 (0.4037745852–0.5586882198)
    assert fmt_interval(0.4037745852, 0.5586882198) == "40,4–55,9" + NBSP + "%"
    assert fmt_interval(0.4037745852, 0.5586882198, language="en") == "40.4–55.9" + NBSP + "%"
    assert fmt_interval(0.0045, 0.0725) == "0,5–7,3" + NBSP + "%"
    assert fmt_interval(math.nan, 0.5) == ""
    assert fmt_interval(0.1, None) == ""


def test_numbers_thousands_with_nbsp_and_decimal_comma():
    assert fmt_number(1360000) == "1" + NBSP + "360" + NBSP + "000"
    assert fmt_number(698411.5, 2) == "698" + NBSP + "411,50"
    assert fmt_number(999) == "999"
    assert fmt_number(1000) == "1" + NBSP + "000"
    assert fmt_number(1360000, grouping=False) == "1360000"
    assert fmt_int(2.5) == "3" and fmt_int(3.5) == "4"  # half up, not to even
    assert fmt_number(0.125, 2) == "0,13"  # 0.125 is exact in binary: half up


def test_minus_sign():
    assert fmt_number(-1234.5) == MINUS + "1" + NBSP + "235"  # half away from zero
    assert fmt_number(-0.5, 1) == MINUS + "0,5"
    assert fmt_percent(-0.031) == MINUS + "3,1" + NBSP + "%"
    assert fmt_number(-0.4) == "0"       # no "−0"
    assert fmt_percent(-0.0004) == "0,0" + NBSP + "%"


def test_english():
    # point decimal, comma between thousands, hyphen-minus; a non-breaking space before % as in Swedish
    assert fmt_number(1360000, language="en") == "1,360,000"
    assert fmt_number(698411.5, 2, language="en") == "698,411.50"
    assert fmt_number(-1234.5, language="en") == "-1,235"
    assert fmt_number(1360000, language="en", grouping=False) == "1360000"
    assert fmt_kronor(1360000, language="en") == "SEK" + NBSP + "1,360,000"
    assert fmt_percent(0.4805, language="en") == "48.1" + NBSP + "%"
    assert fmt_percent(0.41, language="en") == "41.0" + NBSP + "%"
    assert fmt_percent(0.41) == "41,0" + NBSP + "%"
    assert fmt_percent(12.345, language="en") == "1,234.5" + NBSP + "%"
    assert fmt_percent(-0.031, language="en") == "-3.1" + NBSP + "%"


def test_no_swedish_decimal_comma_in_english():
    for value in (0.0045, 0.4805, 0.9995, 0.125):
        assert "," not in fmt_percent(value, language="en")
        assert "." not in fmt_percent(value)


def test_share_range():
    assert fmt_share_range(0.8, 0.9) == "80" + NBSP + "%–90" + NBSP + "%"
    assert fmt_share_range(0.8, 0.9, language="en") == "80" + NBSP + "%–90" + NBSP + "%"
    assert fmt_share_range(0.125, 0.5, 1, language="en") == "12.5" + NBSP + "%–50.0" + NBSP + "%"
    assert fmt_share_range(math.nan, 0.5) == ""


def test_kronor():
    assert fmt_kronor(1360000) == "1" + NBSP + "360" + NBSP + "000" + NBSP + "kr"
    assert fmt_kronor(698411.5) == "698" + NBSP + "412" + NBSP + "kr"
    assert fmt_kronor(math.nan) == ""


def test_month_and_masked():
    assert fmt_month(pd.Timestamp("2024-03-01")) == "mar 2024"
    assert fmt_month(pd.Timestamp("2024-05-01")) == "maj 2024"
    assert fmt_month(pd.Timestamp("2024-10-01"), "en") == "Oct 2024"
    assert fmt_masked(3) == "<3"


def test_is_missing():
    assert is_missing(None) and is_missing(math.nan) and is_missing(np.nan) and is_missing(pd.NA)
    assert not is_missing(0) and not is_missing("") and not is_missing(0.0)



def test_interval_decimals_keep_the_ends_apart():
    assert interval_decimals(0.05, 0.13) == 2
    assert interval_decimals(0.0581, 0.0619) == 3  # 0,06 till 0,06 -> 0,058 till 0,062
    assert interval_decimals(0.06012, 0.06049) == 4
    assert interval_decimals(0.060001, 0.060004) == 4  # no more than four, even if still equal
    assert interval_decimals(0.06, 0.06) == 2 and interval_decimals(math.nan, 0.1) == 2
