"""Tests for evaltools/interpret.py and evaltools/methods.py: sentences that never overclaim and never
print a count below the masking threshold."""

from __future__ import annotations

import math
import re

import pytest
from conftest import H1, canonical_deltagare
from hypothesis import given, settings
from hypothesis import strategies as st

from evaltools.interpret import (count_text, difference_sentence, difference_sentences,
                                 duration_sentence, goal_sentence, model_sentence, p_text,
                                 progression_sentence)
from evaltools.methods import METHOD_IDS, method_descriptions
from evaltools.outcomes import share_by_group
from evaltools.stats import binomial_test, binomial_test_possible, share_interval

NBSP = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u2212", "-")


def goal_row(k: int, n: int, target: float, typ: str = "utfall") -> dict:
    """A goal row as goal_attainment builds it (Wilson 95 %, exact test where it can reach 5 %)."""
    low, high = share_interval(k, n)
    testable = binomial_test_possible(n, target)
    assessment = (None if n == 0 else "over_malet" if target < low else
                  "under_malet" if target > high else "forenligt_med_malet")
    return {"namn": "Arbete eller studier", "typ": typ, "taljare": k, "namnare": n,
            "varde": k / n if n else math.nan, "malvarde": target,
            "uppnatt": bool(n and k / n >= target), "ki_lag": low, "ki_hog": high,
            "bedomning": assessment, "p_varde": binomial_test(k, n, target) if testable else math.nan,
            "p_test": "exakt_binomialtest" if testable else "for_fa"}


def counts_in(text: str) -> list[int]:
    """Whole numbers in a sentence that are not percentages, p-values or days."""
    text = re.sub(r"p [=<] [\d,.]+", "", plain(text))
    text = re.sub(r"\d+(?:[,.]\d+)?–\d+(?:[,.]\d+)?\s?%", "", text)
    text = re.sub(r"\d+(?:[,.]\d+)?\s?%", "", text)
    text = re.sub(r"\d+(?:[,.]\d+)?\s?(?:dagar|days|procentenheter|percentage points)", "", text)
    return [int(x) for x in re.findall(r"(?<![\d,.])\d+(?![\d,.])", text)]


# ---------------------------------------------------------------------------------------- goals

def test_goal_compatible_with_target():
    # 16/39 against 40 %: Wilson 0.2699–0.5652 holds the target (R binom.confint: 0.2700 0.5652)
    text = plain(goal_sentence(goal_row(16, 39, 0.4)))
    assert text.startswith("Arbete eller studier: 41 % (16 av 39; mål 40 %); målet är uppnått.")
    assert "förenligt med målet" in text and "27–57 %" in text
    assert "kan inte avgöra" in text
    # R: binom.test(16, 39, p = 0.4) -> p-value = 1
    assert "p = 1,000" in text
    assert "signifikant" not in text.lower()


def test_goal_clearly_above_and_below():
    above = plain(goal_sentence(goal_row(30, 40, 0.5)))
    assert "tydligt över målet" in above and "Hela intervallet" in above
    below = plain(goal_sentence(goal_row(5, 26, 0.5)))
    # 5/26 against 0.5: Wilson 0.0851–0.3788, exact p = 0.0025 (reference/statistics.md)
    assert "tydligt under målet" in below and "9–38 %" in below and "p = 0,002" in below
    en = plain(goal_sentence(goal_row(5, 26, 0.5), language="en"))
    assert "clearly below it" in en and "95 % CI 9–38 %" in en and "p = 0.002" in en


def test_goal_zero_of_n_and_n_of_n_are_masked():
    zero = plain(goal_sentence(goal_row(0, 12, 0.3)))
    # 0 is not a small count to hide (nobody); 12 − 0 = 12 is shown
    assert "0 av 12" in zero
    two = plain(goal_sentence(goal_row(2, 12, 0.3)))
    assert "färre än 3 av 12" in two and "2" not in two.replace("12", "")
    # 11 of 12: the complement (1) would be revealed: no share, no interval, no p
    almost = plain(goal_sentence(goal_row(11, 12, 0.3)))
    assert "alla utom färre än 3 av 12" in almost
    assert "%" not in almost.replace("(mål 30 %)", "")
    assert "p =" not in almost
    full = plain(goal_sentence(goal_row(12, 12, 0.3)))
    assert "100 % (12 av 12" in full


def test_goal_tiny_n_says_too_few_for_a_test():
    text = plain(goal_sentence(goal_row(2, 2, 0.5)))
    assert "färre än 3 deltagare" in text
    assert "för få för att ett test" in text and "p =" not in text
    assert "2" not in text
    en = plain(goal_sentence(goal_row(2, 2, 0.5), language="en"))
    assert "fewer than 3 participants" in en and "Too few participants for a test" in en


def test_goal_nobody_and_other_types():
    assert "kan inte bedömas" in goal_sentence(goal_row(0, 0, 0.5))
    attendance = {"namn": "Närvaro", "typ": "narvaro", "taljare": 300.0, "namnare": 400.0,
                  "varde": 0.75, "malvarde": 0.8, "uppnatt": False, "ki_lag": math.nan,
                  "ki_hog": math.nan, "bedomning": None, "p_varde": math.nan, "p_test": None}
    text = plain(goal_sentence(attendance))
    assert "75 % av de planerade tillfällena" in text and "Intervall saknas" in text
    count = {"namn": "Platser", "typ": "antal", "taljare": math.nan, "namnare": math.nan, "varde": 27.0,
             "malvarde": 20.0, "uppnatt": True, "ki_lag": math.nan, "ki_hog": math.nan,
             "bedomning": None, "p_varde": math.nan, "p_test": None}
    assert goal_sentence(count) == "Platser: 27 mot målet 20; målet är uppnått."
    assert goal_sentence(count, language="en") == "Platser: 27 against the goal 20; the goal is reached."


def test_goal_masking_off():
    text = plain(goal_sentence(goal_row(2, 12, 0.3), min_count=0))
    assert "17 % (2 av 12" in text


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 80), data=st.data(), target=st.sampled_from([0.1, 0.4, 0.5, 0.8, 0.9]),
       min_count=st.sampled_from([3, 5]), language=st.sampled_from(["sv", "en"]))
def test_property_goal_sentence_never_prints_a_small_count_or_overclaims(n, data, target, min_count,
                                                                         language):
    k = data.draw(st.integers(0, n))
    row = goal_row(k, n, target)
    text = goal_sentence(row, language=language, min_count=min_count)
    assert "signifikant" not in text.lower() and "significant" not in text.lower()
    for number in counts_in(text):
        assert number == 0 or number >= min_count or number == min_count, (number, text)
    if row["bedomning"] == "forenligt_med_malet":
        assert "tydligt" not in text and "clearly" not in text


# -------------------------------------------------------------------------------- differences

def _diff(group, ref, d, lo, hi, n1, n0, status="jamford", attendance=True):
    if attendance:
        r = {"grupp": group, "status": status, "deltagare": n1, "planerade": 100.0, "narvarande": 80.0,
             "skillnad": d, "skillnad_ki_lag": lo, "skillnad_ki_hog": hi}
        f = {"grupp": ref, "status": "referens", "deltagare": n0, "planerade": 100.0, "narvarande": 70.0}
    else:
        r = {"grupp": group, "status": status, "taljare": 20, "namnare": n1, "skillnad": d,
             "skillnad_ki_lag": lo, "skillnad_ki_hog": hi}
        f = {"grupp": ref, "status": "referens", "taljare": 20, "namnare": n0}
    return r, f


def test_difference_spanning_zero_is_too_uncertain():
    # the example of issue 7
    row, ref = _diff("25-29", "16-24", 0.04, -0.09, 0.17, 16, 44)
    text = plain(difference_sentence(row, ref, by="aldersgrupp"))
    assert text == ("Skillnaden i närvaron mellan 25–29 år och 16–24 år (4 procentenheter, 95 % KI -9 "
                    "till 17; n = 16 och 44) är för osäker för att dra slutsatser.")
    en = plain(difference_sentence(row, ref, by="aldersgrupp", language="en"))
    assert "too uncertain to draw conclusions" in en and "4 percentage points, 95 % CI -9 to 17" in en


def test_difference_clear_gives_size_and_interval_and_never_rounds_to_zero():
    row, ref = _diff("25-29", "16-24", 0.12, 0.003, 0.21, 16, 44)
    text = plain(difference_sentence(row, ref, by="aldersgrupp"))
    assert "tydligt högre bland 25–29 år än bland 16–24 år" in text
    # the lower bound 0.3 would round to 0: one decimal instead
    assert "12,0 procentenheter, 95 % KI 0,3 till 21,0" in text
    row, ref = _diff("man", "kvinna", -0.2, -0.3339, -0.0524, 80, 70, attendance=False)
    text = plain(difference_sentence(row, ref, by="kon", measure="andelen med arbete eller studier"))
    assert text == ("Andelen med arbete eller studier är tydligt lägre bland män än bland kvinnor "
                    "(-20 procentenheter, 95 % KI -33 till -5; n = 80 och 70).")


def test_difference_few_unknown_and_extreme():
    row, ref = _diff("man", "kvinna", math.nan, math.nan, math.nan, 6, 30, status="for_fa")
    text = plain(difference_sentence(row, ref, by="kon"))
    assert "jämförs inte: färre än 10 deltagare i män" in text and "n = 6 och 30" in text
    row["deltagare"] = 2
    assert "n = färre än 3 och 30" in plain(difference_sentence(row, ref, by="kon"))
    unknown = {"grupp": "saknas", "status": "okand_grupp", "deltagare": 4}
    assert "jämförs inte" in difference_sentence(unknown, ref, by="kon")
    row, ref = _diff("man", "kvinna", -0.2, math.nan, math.nan, 12, 30, status="andel_0_eller_1")
    assert "inget intervall" in difference_sentence(row, ref, by="kon")
    assert difference_sentence(ref, None) == ""


def test_difference_hides_numbers_derived_from_small_counts():
    row, ref = _diff("man", "kvinna", -0.2, -0.35, -0.05, 12, 30, attendance=False)
    row["taljare"] = 2
    text = plain(difference_sentence(row, ref, by="kon"))
    assert "procentenheter" not in text and "tydligt lägre" in text and "n = 12 och 30" in text


def test_difference_sentences_from_a_table():
    rows = []
    for group, (hits, n) in {"kvinna": (56, 70), "man": (48, 80), "annat": (1, 2)}.items():
        rows += [{"deltagar_id": f"{group}{i:03d}", "kon": group, "startdatum": "2023-01-01",
                  "slutdatum": "2023-06-01", "utfall": "arbete" if i < hits else "flyttat"}
                 for i in range(n)]
    table = share_by_group(canonical_deltagare(rows), H1, by="kon", categories=["arbete"])
    sentences = [plain(s) for s in difference_sentences(table, by="kon", measure="andelen i arbete")]
    assert len(sentences) == 2
    # Newcombe (1998) table II: 56/70 vs 48/80 -> 0.0524–0.3339; here man − kvinna
    assert sentences[0] == ("Andelen i arbete är tydligt lägre bland män än bland kvinnor (-20 "
                            "procentenheter, 95 % KI -33 till -5; n = 80 och 70).")
    assert "färre än 10 deltagare i annat" in sentences[1] and "n = färre än 3 och 70" in sentences[1]


@settings(max_examples=300, deadline=None)
@given(d=st.floats(-0.5, 0.5), half=st.floats(0.001, 0.4), shift=st.floats(-1, 1),
       language=st.sampled_from(["sv", "en"]))
def test_property_no_claim_when_the_interval_spans_zero(d, half, shift, language):
    low, high = d - half + shift * half * 0.999, d + half + shift * half * 0.999
    low, high = min(low, d), max(high, d)
    row, ref = _diff("man", "kvinna", d, low, high, 20, 30)
    text = difference_sentence(row, ref, by="kon", language=language)
    spans = low <= 0 <= high
    claims = ("tydligt" in text) or ("clearly" in text)
    assert claims != spans
    assert "signifikant" not in text.lower() and "significant" not in text.lower()


# ----------------------------------------------------------------------------- time in insats

def test_duration_sentences():
    row = {"grupp": "alla", "deltagare": 21, "avslutade": 9, "pagaende": 12, "median_dagar": 23.0,
           "ki_lag": 16.0, "ki_hog": math.nan, "status": "redovisas"}
    text = plain(duration_sentence(row))
    assert text == ("Hälften av deltagarna hade lämnat insatsen efter 23 dagar (median, Kaplan–Meier; "
                    "95 % KI från 16 dagar, ännu ingen övre gräns; 9 av 21 har avslutats).")
    assert "no upper limit yet" in duration_sentence(row, language="en")
    both = plain(duration_sentence(dict(row, ki_hog=40.0, grupp="kvinna"), by="kon"))
    assert both.startswith("Kvinnor: hälften") and "16 till 40 dagar" in both
    not_reached = plain(duration_sentence(dict(row, status="median_ej_nadd", avslutade=2)))
    assert not_reached.startswith("Mer än hälften") and "färre än 3 av 21" in not_reached
    few = plain(duration_sentence(dict(row, status="for_fa", deltagare=5, avslutade=4)))
    assert "färre än 10" in few and "alla utom färre än 3 av 5" in few and " 4 " not in few
    assert duration_sentence(dict(row, status="inga_deltagare", deltagare=0, avslutade=0)) == \
        "Inga deltagare ännu."


# ---------------------------------------------------------------------------------- progression

def test_progression_sentences():
    row = {"indikator": "Motivation", "deltagare": 30, "forbattrad": 12, "oforandrad": 14,
           "forsamrad": 4, "p_varde": 0.0768, "p_justerat": 0.1536}
    text = plain(progression_sentence(row))
    assert text.startswith("Motivation: av 30 deltagare med minst två skattningar förbättrades 12, var "
                           "14 oförändrade och försämrades 4")
    assert "kan vara slump" in text and "p = 0,154" in text
    clear = plain(progression_sentence(dict(row, p_justerat=0.004), language="en"))
    assert "Clearly more improved than got worse" in clear and "p = 0.004" in clear
    few = plain(progression_sentence(dict(row, forsamrad=2, p_varde=math.nan, p_justerat=math.nan)))
    assert "anges inte" in few and "För få förändrades" in few
    assert not any(str(x) in few for x in (12, 14, 2))
    hidden_p = plain(progression_sentence(dict(row, forsamrad=1, p_justerat=0.004)))
    assert "p < 0,05" in hidden_p and "0,004" not in hidden_p
    assert "ingen har två skattningar" in progression_sentence(dict(row, deltagare=0))


def test_model_sentences():
    row = {"indikator": "Motivation", "lutning_per_manad": 0.0892, "ki_lag": 0.0501, "ki_hog": 0.128,
           "redovisas": True, "status": "redovisas"}
    assert plain(model_sentence(row)) == ("Motivation: över alla skattningar steg skattningen i "
                                          "genomsnitt med 0,09 per månad, en förbättring (95 % KI 0,05 "
                                          "till 0,13).")
    assert "en försämring" in model_sentence(row, higher_is_better=False)
    # a bound that would round to 0,00 gets more decimals: never "0,00 till 0,09" beside a claim
    near = plain(model_sentence(dict(row, lutning_per_manad=0.046, ki_lag=0.0014, ki_hog=0.0906)))
    assert "0,046 per månad" in near and "0,001 till 0,091" in near
    # with tens of thousands of participants the interval is narrower than two decimals
    narrow = plain(model_sentence(dict(row, lutning_per_manad=0.0601, ki_lag=0.0581, ki_hog=0.0619)))
    assert "0,060 per månad" in narrow and "0,058 till 0,062" in narrow
    spans = plain(model_sentence(dict(row, lutning_per_manad=0.0406, ki_lag=-0.00098, ki_hog=0.0821)))
    assert "för osäker" in spans and "-0,001 till 0,082" in spans
    spans = plain(model_sentence(dict(row, ki_lag=-0.02), language="en"))
    assert "too uncertain" in spans and "-0.02 to 0.13" in spans
    for status, words in [("for_fa", "för få deltagare"), ("pa_randen", "skattas till noll"),
                          ("ej_konvergerad", "konvergerade inte"),
                          ("hessian_ej_positivt_definit", "inte stabil"),
                          ("for_manga", "för många deltagare")]:
        text = model_sentence(dict(row, redovisas=False, status=status))
        assert "redovisas inte" in text and words in text and "första och senaste" in text


def test_small_helpers():
    assert count_text(2) == "färre än 3" and count_text(0) == "0" and count_text(1234) == "1\u00a0234"
    assert count_text(2, 3, "en") == "fewer than 3"
    assert p_text(0.0004) == "p < 0,001" and p_text(0.0391, "en") == "p = 0.039"


# ---------------------------------------------------------------------------------------- methods

def test_method_descriptions():
    sv = method_descriptions()
    assert [m["id"] for m in sv] == list(METHOD_IDS)
    assert all(m["rubrik"] and m["text"] for m in sv)
    text = " ".join(m["text"] for m in sv)
    assert "Wilsons metod" in text and "färre än 3" in text and "Newcombe" in text
    assert "Kaplan–Meier" in text and "Holms metod" in text and "{" not in text
    en = method_descriptions("en", min_count=5, level=0.9, interval="exakt")
    text = " ".join(m["text"] for m in en)
    assert "Clopper–Pearson" in text and "fewer than 5" in text and "90\u00a0%" in text
    off = method_descriptions(min_count=0)
    assert "avstängd" in next(m for m in off if m["id"] == "maskning")["text"]
    with pytest.raises(ValueError):
        method_descriptions(interval="wald")
