"""Tests for evaltools/keyfigures.py: nyckeltal.json follows contract section 5 exactly."""

from __future__ import annotations

import json
import math
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from evaltools.insats import load_insats
from evaltools.keyfigures import dumps, key_figures

YAML = """\
insats: Ung Framtid – Åtvidaberg
samordningsforbund: Samordningsförbundet Östra
insatsperiod: {start: 2023-01-01, slut: 2024-12-31}
rapportperiod: 2024-H1
aldersgrupper: [16-24, 25-29]
mal:
  - {namn: Arbete eller studier, typ: utfall, kategorier: [arbete, studier], malvarde: 0.5}
  - {namn: Närvaro, typ: narvaro, malvarde: 0.8}
  - {namn: Gemensam planering, typ: andel, kolumn: gemensam_planering, malvarde: 0.6}
  - {namn: Nya arbetsträningsplatser, typ: antal, utfall: 27, malvarde: 20}
progression: {instrument: SMAIL, skala: [1, 10], hogre_ar_battre: true}
sekretess: {min_antal: 3}
"""

# Report period 2024-01-01 .. 2024-06-30; age = start year − birth year.
DELTAGARE = """\
deltagar_id;kon;fodelsear;startdatum;slutdatum;utfall;gemensam_planering
UF01;kvinna;2000;2023-03-01;2023-12-31;arbete;ja
UF02;man;1996;2023-06-01;2024-01-01;studier;nej
UF03;kvinna;1990;2023-09-01;2024-03-15;flyttat;
UF04;man;2001;2023-10-01;2024-06-30;arbete;ja
UF05;kvinna;1999;2023-11-01;2024-07-01;arbete;ja
UF06;man;1998;2024-01-01;;;
UF07;kvinna;;2024-02-10;2024-05-20;studier;ja
UF08;annat;2004;2024-06-30;;;
UF09;kvinna;2003;2024-07-01;;;
UF10;man;2002;2024-08-01;2024-09-01;arbete;
"""
# UF01 23 (16-24), UF02 27 (25-29), UF03 33 (no band: okand), UF04 22, UF05 24, UF06 26,
# UF07 unknown age (okand), UF08 20. UF09 and UF10 start after the period.

NARVARO = """\
deltagar_id;datum;narvarande;franvaroorsak
UF01;2023-10-02;ja;
UF01;2023-10-03;nej;Sjukdom
UF04;2024-03-01;ja;
UF04;2024-03-02;ja;
UF05;2024-02-01;nej;Vård av barn
UF05;2024-02-02;ja;
UF06;2024-01-02;ja;
UF06;2024-07-02;nej;sjukdom
"""

# every rating within its participant's enrolment (ratings outside it are left out when read)
PROGRESSION = """\
deltagar_id;datum;indikator;varde
UF01;2023-04-10;Hälsa och hantering av hälsa;3
UF01;2023-04-10;Motivation;7
UF02;2023-07-10;Hälsa och hantering av hälsa;5
UF01;2023-09-10;Hälsa och hantering av hälsa;6
UF01;2023-09-10;Motivation;5
UF02;2023-12-10;Hälsa och hantering av hälsa;5
UF04;2024-02-01;Hälsa och hantering av hälsa;4
UF04;2024-06-30;Hälsa och hantering av hälsa;9
UF05;2024-07-01;Hälsa och hantering av hälsa;9
"""

EKONOMI = """\
period;post;beviljat;utfall
2023;Personal;1 000 000;900 000
2024;Personal;500 000;250 000
"""

KARTLAGGNING = """\
deltagar_id;fraga;svar
UF01;Diagnos NPF;Ja
UF02;Diagnos NPF;nej
UF03;Diagnos NPF;JA
UF04;Diagnos NPF;
UF09;Diagnos NPF;ja
UF01;Körkort;nej
"""


def write_insats(folder: Path, *, yaml: str = YAML, tables: dict[str, str] | None = None) -> Path:
    tables = {"deltagare": DELTAGARE, "narvaro": NARVARO, "progression": PROGRESSION,
              "ekonomi": EKONOMI, "kartlaggning": KARTLAGGNING} if tables is None else tables
    (folder / "data").mkdir(parents=True)
    for name, text in tables.items():
        (folder / "data" / f"{name}.csv").write_text(text, encoding="utf-8")
    data = "data:\n" + "".join(f"  {name}: data/{name}.csv\n" for name in tables)
    (folder / "insats.yaml").write_text(textwrap.dedent(yaml) + data, encoding="utf-8")
    return folder / "insats.yaml"


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    return key_figures(load_insats(write_insats(tmp_path_factory.mktemp("insats"))))


def walk(value, path="$"):
    """Every leaf of a JSON-like tree with its path."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert type(k) is str, path
            yield from walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, f"{path}[{i}]")
    else:
        yield path, value


def test_only_plain_python_values(figures):
    for path, value in walk(figures):
        assert value is None or type(value) in (str, int, float, bool), (path, type(value))
        if type(value) is float:
            assert math.isfinite(value), path


def test_top_level_keys(figures):
    for key in ("insats", "rapportperiod", "deltagare", "utfall", "mal", "narvaro", "progression",
                "ekonomi", "kartlaggning", "sekretess"):
        assert key in figures
    assert figures["insats"] == "Ung Framtid – Åtvidaberg"
    assert figures["rapportperiod"]["start"] == "2024-01-01"
    assert figures["rapportperiod"]["slut"] == "2024-06-30"


def test_participants(figures):
    d = figures["deltagare"]
    # totalt UF01–UF08; aktiva UF02–UF08 (UF01 ended 2023-12-31); nya UF06 (on start), UF07,
    # UF08 (on slut); ended within UF02 (on start), UF03, UF04 (on slut), UF07; ended in total those
    # and UF01; ongoing UF05 (ends the day after), UF06, UF08
    assert {k: d[k] for k in ("totalt", "aktiva_under_perioden", "nya_under_perioden",
                              "avslutade_under_perioden", "avslutade_totalt",
                              "pagaende_vid_periodens_slut")} == {
        "totalt": 8, "aktiva_under_perioden": 7, "nya_under_perioden": 3,
        "avslutade_under_perioden": 4, "avslutade_totalt": 5, "pagaende_vid_periodens_slut": 3}
    for key in ("totalt", "aktiva_under_perioden", "avslutade_totalt"):
        assert type(d[key]) is int
    # kvinna UF01, UF03, UF05, UF07; man UF02, UF04, UF06; annat UF08
    assert d["per_kon"] == {"kvinna": 4, "man": 3, "annat": 1}
    # 16-24 UF01, UF04, UF05, UF08; 25-29 UF02, UF06; okand UF03 (33) and UF07 (no birth year)
    assert d["per_aldersgrupp"] == {"16-24": 4, "25-29": 2, "okand": 2}
    assert list(d["per_aldersgrupp"]) == ["16-24", "25-29", "okand"]  # bands as written, then okand
    assert sum(d["per_kon"].values()) == d["totalt"]
    assert sum(d["per_aldersgrupp"].values()) == d["totalt"]
    assert all(type(v) is int for v in [*d["per_kon"].values(), *d["per_aldersgrupp"].values()])


def test_outcomes(figures):
    u = figures["utfall"]
    assert u["namnare"] == 5 and type(u["namnare"]) is int
    # ended by 2024-06-30: UF01 arbete, UF02 studier, UF03 flyttat, UF04 arbete, UF07 studier
    assert {k: v for k, v in u["antal"].items() if v} == {"arbete": 2, "studier": 2, "flyttat": 1}
    assert sum(u["antal"].values()) == u["namnare"]
    assert all(type(v) is int for v in u["antal"].values())


def test_goals(figures):
    goals = {g["namn"]: g for g in figures["mal"]}
    assert list(goals) == ["Arbete eller studier", "Närvaro", "Gemensam planering",
                           "Nya arbetsträningsplatser"]
    for g in figures["mal"]:
        for key in ("namn", "typ", "taljare", "namnare", "varde", "malvarde", "uppnatt", "ki_lag", "ki_hog"):
            assert key in g
        assert type(g["uppnatt"]) is bool

    g = goals["Arbete eller studier"]
    # UF01, UF02, UF04, UF07 of the five ended
    assert (g["taljare"], g["namnare"]) == (4, 5)
    assert type(g["taljare"]) is int and type(g["namnare"]) is int
    assert g["varde"] == g["taljare"] / g["namnare"]
    assert g["uppnatt"] is True
    # statsmodels proportion_confint(4, 5, method="wilson") -> 0.3755, 0.9638
    assert (g["ki_lag"], g["ki_hog"]) == pytest.approx(proportion_confint(4, 5, method="wilson"))

    g = goals["Närvaro"]
    # occasions up to 2024-06-30: UF01 1/2, UF04 2/2, UF05 1/2, UF06 1/1 -> 5/7 (UF06's July absence out)
    assert (g["taljare"], g["namnare"]) == (5, 7)
    assert type(g["taljare"]) is int and type(g["namnare"]) is int
    assert g["varde"] == g["taljare"] / g["namnare"]
    assert g["uppnatt"] is False
    assert g["ki_lag"] is None and g["ki_hog"] is None  # four participants: no interval

    g = goals["Gemensam planering"]
    # UF01 ja, UF02 nej, UF03 empty, UF04 ja, UF07 ja -> 3/5 = 0.6 = target
    assert (g["taljare"], g["namnare"]) == (3, 5)
    assert g["varde"] == g["taljare"] / g["namnare"]
    assert g["uppnatt"] is True

    g = goals["Nya arbetsträningsplatser"]
    assert g["taljare"] is None and g["namnare"] is None
    assert g["ki_lag"] is None and g["ki_hog"] is None
    assert g["varde"] == 27 and g["malvarde"] == 20 and g["uppnatt"] is True

    for g in figures["mal"]:
        if g["typ"] != "antal":
            assert type(g["varde"]) is float and 0 <= g["varde"] <= 1
            assert 0 <= g["malvarde"] <= 1


def test_attendance(figures):
    n = figures["narvaro"]
    assert (n["planerade"], n["narvarande"]) == (7, 5)
    assert type(n["planerade"]) is int and type(n["narvarande"]) is int
    assert n["andel"] == 5 / 7
    assert n["per_aldersgrupp"] == {
        "16-24": {"andel": 4 / 6, "deltagare": 3, "planerade": 6, "narvarande": 4},  # UF01, UF04, UF05
        "25-29": {"andel": 1.0, "deltagare": 1, "planerade": 1, "narvarande": 1},   # UF06
    }
    # absence up to the end: UF01 Sjukdom (folded), UF05 Vård av barn; UF06's July absence is after
    assert n["per_orsak"] == {"sjukdom": 1, "vard_av_barn": 1}


def test_progression(figures):
    p = figures["progression"]["indikatorer"]
    assert list(p) == ["Hälsa och hantering av hälsa", "Motivation"]  # order of the file
    h = p["Hälsa och hantering av hälsa"]
    # UF01 3 -> 6 better; UF02 5 -> 5 unchanged; UF04 4 -> 9 better (its second rating on the period's
    # last day); UF05 a single rating, after the period's end
    assert {k: h[k] for k in ("deltagare", "forbattrad", "oforandrad", "forsamrad")} == {
        "deltagare": 3, "forbattrad": 2, "oforandrad": 1, "forsamrad": 0}
    assert h["medelforandring"] == (3 + 0 + 5) / 3 and type(h["medelforandring"]) is float
    assert h["forandringar"] == {"-2": 0, "-1": 0, "0": 1, "1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    # Wilcoxon by hand: the zero dropped, |3| and |5| have ranks 1 and 2, V = 3; the four sign
    # changes give V = 0, 1, 2, 3 equally often: two-sided exact p = 2 · 1/4 = 0.5 (R's wilcox.test
    # would fall back to its normal approximation because of the zero)
    assert (h["wilcoxon"]["v"], h["wilcoxon"]["p_varde"], h["wilcoxon"]["metod"]) == (3.0, 0.5, "exakt")
    m = p["Motivation"]
    assert (m["deltagare"], m["forsamrad"], m["medelforandring"]) == (1, 1, -2.0)
    assert all(type(h[k]) is int for k in ("deltagare", "forbattrad", "oforandrad", "forsamrad"))


def test_economy_without_kommun_column(figures):
    e = figures["ekonomi"]
    assert (e["beviljat"], e["utfall"]) == (1_500_000.0, 1_150_000.0)
    assert e["forbrukningsgrad"] == 1_150_000 / 1_500_000
    assert e["per_kommun"] == {}


def test_baseline(figures):
    k = figures["kartlaggning"]
    # Diagnos NPF: UF01 Ja, UF02 nej, UF03 JA answered; UF04 empty; UF09 not in totalt
    assert k["Diagnos NPF"] == {"besvarade": 3, "svar": {"ja": 2, "nej": 1}}
    assert k["Körkort"] == {"besvarade": 1, "svar": {"nej": 1}}
    for question in k.values():
        assert question["besvarade"] == sum(question["svar"].values())


def test_privacy(figures):
    assert figures["sekretess"] == {"min_antal": 3, "maskerade_celler": 0, "sekundart_maskerade": 0}


def test_dumps_keeps_swedish_letters_and_round_trips(figures):
    text = dumps(figures)
    assert "Åtvidaberg" in text and "Närvaro" in text and "Hälsa" in text
    assert "\\u00" not in text
    assert json.loads(text) == figures
    assert "NaN" not in text and "Infinity" not in text


def test_absent_sections_are_null(tmp_path):
    yaml = YAML.split("mal:")[0] + "mal:\n  - {namn: A, typ: utfall, kategorier: [arbete], malvarde: 0.5}\n"
    figures = key_figures(load_insats(write_insats(tmp_path, yaml=yaml,
                                                   tables={"deltagare": DELTAGARE})))
    for section in ("narvaro", "progression", "ekonomi", "kartlaggning"):
        assert figures[section] is None
    assert json.loads(dumps(figures))["narvaro"] is None
    assert figures["mal"][0]["taljare"] == 2  # UF01, UF04


def test_economy_per_kommun(tmp_path):
    ekonomi = "period;kommun;beviljat;utfall\n2024;Klippan;100 000;80 000\n2024;Åstorp;50 000;\n"
    yaml = YAML.split("mal:")[0]
    figures = key_figures(load_insats(write_insats(
        tmp_path, yaml=yaml, tables={"deltagare": DELTAGARE, "ekonomi": ekonomi})))
    per = figures["ekonomi"]["per_kommun"]
    assert list(per) == ["Klippan", "Åstorp"]
    assert (per["Klippan"]["beviljat"], per["Klippan"]["utfall"]) == (100_000.0, 80_000.0)
    assert per["Klippan"]["forbrukningsgrad"] == 0.8
    assert per["Åstorp"]["utfall"] == 0.0  # an empty cell counts as 0
    assert "Åstorp" in dumps(figures)


def test_period_with_nobody(tmp_path):
    # a report period before anybody started: everything zero, nothing NaN in the JSON
    yaml = YAML.replace("rapportperiod: 2024-H1", "rapportperiod: 2023-T1")
    deltagare = DELTAGARE.replace("2023-03-01", "2023-05-01")
    figures = key_figures(load_insats(write_insats(
        tmp_path, yaml=yaml, tables={"deltagare": deltagare, "narvaro": NARVARO,
                                     "progression": PROGRESSION, "ekonomi": EKONOMI,
                                     "kartlaggning": KARTLAGGNING})))
    assert figures["deltagare"]["totalt"] == 0
    assert figures["deltagare"]["per_kon"] == {"kvinna": 0, "man": 0}
    assert figures["deltagare"]["per_aldersgrupp"] == {"16-24": 0, "25-29": 0}
    assert figures["narvaro"]["planerade"] == 0 and figures["narvaro"]["andel"] is None
    goals = {g["namn"]: g for g in figures["mal"]}
    assert goals["Arbete eller studier"]["namnare"] == 0
    assert goals["Arbete eller studier"]["varde"] is None
    assert goals["Arbete eller studier"]["uppnatt"] is False
    assert figures["kartlaggning"]["Diagnos NPF"] == {"besvarade": 0, "svar": {}}
    json.loads(dumps(figures))  # allow_nan=False: would raise on NaN


def test_does_not_mutate_the_insats_tables(tmp_path):
    insats = load_insats(write_insats(tmp_path))
    copies = {name: getattr(insats, name).copy() for name in
              ("deltagare", "narvaro", "progression", "ekonomi", "kartlaggning")}
    key_figures(insats)
    for name, original in copies.items():
        pd.testing.assert_frame_equal(getattr(insats, name), original)


def test_economy_file_with_every_row_left_out(tmp_path):
    # both rows lack every amount: left out (data-quality log), leaving an empty table
    ekonomi = "period;post;beviljat;utfall\n2024;Personal;;\n2024;Lokaler;;\n"
    yaml = YAML.split("mal:")[0]
    figures = key_figures(load_insats(write_insats(
        tmp_path, yaml=yaml, tables={"deltagare": DELTAGARE, "ekonomi": ekonomi})))
    e = figures["ekonomi"]
    assert (e["beviljat"], e["utfall"], e["forbrukningsgrad"]) == (0.0, 0.0, None)
    assert e["per_kommun"] == {}
    assert figures["datakvalitet"]["utelamnade_rader"] == 2


def test_every_table_empty(tmp_path):
    # header-only files: every section present, zero counts, null shares, valid JSON
    yaml = YAML.split("mal:")[0] + textwrap.dedent("""\
        mal:
          - {namn: A, typ: utfall, kategorier: [arbete], malvarde: 0.5}
          - {namn: B, typ: andel, kolumn: gemensam_planering, malvarde: 0.5}
          - {namn: C, typ: narvaro, malvarde: 0.5}
        progression: {skala: [1, 10]}
        """)
    # deltagare needs one row (a header-only file is refused): someone who starts after the period
    tables = {"deltagare": DELTAGARE.splitlines()[0] + "\nUF09;kvinna;2003;2024-07-01;;;\n",
              "narvaro": "deltagar_id;datum;narvarande\n",
              "progression": "deltagar_id;datum;indikator;varde\n", "ekonomi": "period;beviljat;utfall\n",
              "kartlaggning": "deltagar_id;fraga;svar\n"}
    figures = key_figures(load_insats(write_insats(tmp_path, yaml=yaml, tables=tables)))
    assert figures["deltagare"]["totalt"] == 0
    assert [(g["taljare"], g["namnare"], g["varde"], g["uppnatt"]) for g in figures["mal"]] == [
        (0, 0, None, False)] * 3
    assert figures["narvaro"]["planerade"] == 0 and figures["narvaro"]["per_orsak"] == {}
    assert figures["progression"]["indikatorer"] == {}
    assert figures["ekonomi"]["beviljat"] == 0.0 and figures["ekonomi"]["forbrukningsgrad"] is None
    assert figures["kartlaggning"] == {}
    assert json.loads(dumps(figures)) == figures


# ------------------------------------------------------------------------------ issue 7 keys

def test_goals_against_chance(figures):
    goals = {g["namn"]: g for g in figures["mal"]}
    g = goals["Arbete eller studier"]
    # 4/5 against 0.5: Wilson 0.3755–0.9638 holds the target; n = 5 against 0.5 can never reach
    # 5 % (smallest p = 2·0.5⁵ = 0.0625): p_varde null
    assert g["bedomning"] == "forenligt_med_malet"
    assert g["p_varde"] is None
    g = goals["Gemensam planering"]
    # 3/5 against 0.6: reachable (R binom.test(0, 5, p = 0.6) -> 0.01024); R binom.test(3, 5, p = 0.6)
    # -> p-value = 1
    assert g["bedomning"] == "forenligt_med_malet"
    assert g["p_varde"] == pytest.approx(1.0)
    for name in ("Närvaro", "Nya arbetsträningsplatser"):
        assert goals[name]["bedomning"] is None and goals[name]["p_varde"] is None
    # the contract's keys are all there, in every entry
    for g in figures["mal"]:
        assert {"namn", "typ", "taljare", "namnare", "varde", "malvarde", "uppnatt", "ki_lag", "ki_hog",
                "bedomning", "p_varde"} <= set(g)


def test_goal_p_value_against_r(tmp_path):
    # 16 of 19 ended with arbete against 0.5: reference/statistics.md exact binomtest 0.0044250488,
    # Wilson 0.6243–0.9448 -> the target below the interval
    rows = ["deltagar_id;kon;fodelsear;startdatum;slutdatum;utfall"]
    rows += [f"P{i:02d};kvinna;2000;2023-02-01;2023-09-01;{'arbete' if i < 16 else 'flyttat'}"
             for i in range(19)]
    yaml = YAML.split("mal:")[0] + "mal:\n  - {namn: A, typ: utfall, kategorier: [arbete], malvarde: 0.5}\n"
    figures = key_figures(load_insats(write_insats(tmp_path, yaml=yaml,
                                                   tables={"deltagare": "\n".join(rows) + "\n"})))
    g = figures["mal"][0]
    assert (g["taljare"], g["namnare"]) == (16, 19)
    assert g["p_varde"] == pytest.approx(0.0044250488, abs=1e-10)
    assert g["bedomning"] == "over_malet"
    assert (g["ki_lag"], g["ki_hog"]) == pytest.approx((0.6243452473, 0.9447952836), abs=1e-9)


def test_time_in_insats(figures):
    t = figures["tid_i_insatsen"]
    assert list(t) == ["deltagare", "avslutade", "median_dagar", "ki_lag", "ki_hog"]
    # totalt UF01–UF08; days to exit (or to 2024-06-30, + = still enrolled):
    # UF08 0+, UF07 100, UF06 181+, UF03 196, UF02 214, UF05 242+, UF04 273, UF01 305
    # Kaplan–Meier by hand: S(100) = 6/7, S(196) = 6/7·4/5 = 0.686, S(214) = ·3/4 = 0.514,
    # S(273) = ·1/2 = 0.257 -> the first time at or below 0.5 is 273
    assert (t["deltagare"], t["avslutade"]) == (8, 5)
    assert t["median_dagar"] == 273 and type(t["median_dagar"]) is int
    # lower limit by hand (R survfit's log band, Greenwood): at 196 the band is
    # 0.686·exp(±1.96·sqrt(1/42 + 1/20)) = 0.403–1.17, which first holds 0.5
    assert t["ki_lag"] == 196
    assert t["ki_hog"] == 305


def test_time_in_insats_nobody(tmp_path):
    yaml = YAML.replace("rapportperiod: 2024-H1", "rapportperiod: 2023-T1").split("mal:")[0]
    figures = key_figures(load_insats(write_insats(
        tmp_path, yaml=yaml, tables={"deltagare": DELTAGARE.replace("2023-03-01", "2023-05-01")})))
    assert figures["tid_i_insatsen"] == {"deltagare": 0, "avslutade": 0, "median_dagar": None,
                                         "ki_lag": None, "ki_hog": None}


def test_statistics_settings_and_exact_intervals(tmp_path):
    yaml = YAML + "statistik: {intervall: exakt, konfidensniva: 0.9}\n"
    figures = key_figures(load_insats(write_insats(tmp_path, yaml=yaml)))
    assert figures["statistik"] == {"intervall": "exakt", "konfidensniva": 0.9}
    g = figures["mal"][0]
    assert (g["ki_lag"], g["ki_hog"]) == pytest.approx(proportion_confint(4, 5, alpha=0.1, method="beta"))


def test_differences_and_progression_extensions(figures):
    skillnader = figures["narvaro"]["skillnader"]
    assert set(skillnader) == {"aldersgrupp", "kon"}
    first = skillnader["aldersgrupp"][0]
    assert first["status"] == "referens" and first["grupp"] == "16-24" and type(first["deltagare"]) is int
    assert all(e["status"] in ("referens", "for_fa") for e in skillnader["kon"])  # two participants each
    per_group = figures["mal_per_grupp"]
    assert [e["namn"] for e in per_group] == ["Arbete eller studier", "Gemensam planering"]
    kon = {e["grupp"]: e for e in per_group[0]["per_kon"]}
    # ended UF01 kvinna arbete, UF02 man studier, UF03 kvinna flyttat, UF04 man arbete, UF07 kvinna studier
    assert (kon["kvinna"]["taljare"], kon["kvinna"]["namnare"]) == (2, 3)
    assert (kon["man"]["taljare"], kon["man"]["namnare"]) == (2, 2)
    for indicator in figures["progression"]["indikatorer"].values():
        assert set(indicator["wilcoxon"]) == {"v", "p_varde", "p_justerat", "metod"}
        assert set(indicator["modell"]) == {"lutning_per_manad", "ki_lag", "ki_hog", "p_varde",
                                            "redovisas", "status"}
        assert indicator["modell"]["redovisas"] is False  # far too few for a model
        assert sum(indicator["forandringar"].values()) == indicator["deltagare"]


def test_interpretation_texts(figures):
    t = figures["tolkning"]
    assert len(t["mal"]) == len(figures["mal"])
    assert all(isinstance(s, str) and s for s in t["mal"])
    assert "273 dagar" in t["tid_i_insatsen"]
    text = json.dumps(t, ensure_ascii=False)
    assert "signifikant" not in text.lower()
    # no count of persons below 3 is printed: 4 of 5 reached the first goal -> "alla utom färre än 3"
    assert "alla utom färre än 3 av 5" in t["mal"][0]
    assert set(t["narvaro"]) == {"aldersgrupp", "kon"}
    assert set(t["progression"]) == set(figures["progression"]["indikatorer"])


def test_interpretation_in_english(tmp_path):
    figures = key_figures(load_insats(write_insats(tmp_path, yaml=YAML + "sprak: en\n")))
    assert "the goal is reached" in figures["tolkning"]["mal"][0]
    assert figures["tolkning"]["tid_i_insatsen"].startswith("Half of the participants")
