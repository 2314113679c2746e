"""Synthetic data at two more scales: a förbund of several insatser, and one national-scale insats.

* :func:`generate_forbund` writes a samordningsförbund's insatser, one folder each (``tierp/``,
  ``alvkarleby/`` …): the same model as the bundled example *Ung Framtid* run in several kommuner,
  each drawn with its own seed by the example's generator (:mod:`evaltools.exempel.generera`), so
  each has its own participants, attendance, ratings and budget. For ``evaltools rapport`` batches
  and ``evaltools oversikt``.
* :func:`generate_national` writes one insats of national scale (50 000 participants by default,
  some 2 million attendance rows and 700 000 ratings): drawn with vectorised numpy, written with
  pandas, in seconds. For ``make bench`` and anyone who wants to see how evaltools scales.

Both are byte-identical on every run (fixed seeds, no clock), and neither changes the bundled
example. Every person in the files is invented.

Run them as ``python -m evaltools.exempel.generera MAPP --forbund [--antal 8]`` and
``python -m evaltools.exempel.generera MAPP --nationell [--deltagare 50000]``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from . import generera as g

__all__ = ["generate_forbund", "generate_national", "KOMMUNER", "FORBUND"]

FORBUND = "Samordningsförbundet Norra Uppland"
#: the kommuner of the generated förbund, in the order their insatser are made
KOMMUNER = ("Tierp", "Älvkarleby", "Östhammar", "Heby", "Enköping", "Håbo", "Knivsta", "Uppsala",
            "Sala", "Norberg", "Fagersta", "Skinnskatteberg")
_FOLD = str.maketrans("åäöÅÄÖé", "aaoAAOe")


def _slug(name: str) -> str:
    return name.translate(_FOLD).lower().replace(" ", "_")


# ------------------------------------------------------------------------------------------ förbund

def _recode(rows: list[list[str]], prefix: str) -> list[list[str]]:
    """The example's participant codes (``UF001``) with the insats's own prefix (``TI001``)."""
    return [[prefix + row[0][len(g.ID_PREFIX):], *row[1:]] if row[0].startswith(g.ID_PREFIX) else row
            for row in rows]


def _yaml(kommun: str, places: int) -> str:
    text = g.INSATS_YAML
    replacements = (
        ("insats: Ung Framtid\n", f"insats: Ung Framtid {kommun}\n"),
        ("insatsen Ung Framtid –", f"insatsen Ung Framtid {kommun} –"),
        ("Tierps kommun", f"{kommun} kommun"),
        ("kommuner: [Tierp]", f"kommuner: [{kommun}]"),
        ("Kopiera hela mappen ung_framtid", f"Kopiera hela mappen {_slug(kommun)}"),
        ("    utfall: 27\n", f"    utfall: {places}\n"),
    )
    for old, new in replacements:
        if old not in text:
            raise RuntimeError(f"the example's insats.yaml no longer holds {old!r}")
        text = text.replace(old, new)
    return text


def generate_forbund(folder: Path, insatser: int = 8, *, first_seed: int = g.SEED) -> list[Path]:
    """Write ``insatser`` insatser of the same model, one per kommun of :data:`KOMMUNER`, into
    ``folder/<kommun>/``. Returns the insats.yaml files written."""
    if not 1 <= insatser <= len(KOMMUNER):
        raise ValueError(f"between 1 and {len(KOMMUNER)} insatser")
    written = []
    for number, kommun in enumerate(KOMMUNER[:insatser]):
        rng = np.random.default_rng(first_seed + 101 * number)
        people = g.make_participants(rng)
        # kommuner differ in size: a share of the example's participants, in their order
        kept = rng.random(len(people)) < 0.45 + 0.55 * rng.random()
        people = [p for p, keep in zip(people, kept) if keep]
        prefix = _slug(kommun)[:2].upper()
        scale = 0.75 + 0.5 * rng.random()  # budgets differ between kommuner
        places = int(rng.integers(8, 30))  # the goal figure entered by hand
        deltagare = [[*row[:6], kommun, *row[7:]] for row in _recode(g.participant_rows(people), prefix)]
        tables = [
            ("deltagare.csv", g.DELTAGARE_HEADER, deltagare),
            ("narvaro.csv", g.NARVARO_HEADER, _recode(g.attendance_rows(rng, people), prefix)),
            ("progression.csv", g.PROGRESSION_HEADER, _recode(g.progression_rows(rng, people), prefix)),
            ("ekonomi.csv", g.EKONOMI_HEADER,
             [[period, post, *(g.kronor(int(round(scale * amount, -3))) for amount in amounts)]
              for period, post, *amounts in g.ECONOMY]),
            ("kartlaggning.csv", g.KARTLAGGNING_HEADER, _recode(g.baseline_rows(rng, people), prefix)),
        ]
        insats = folder / _slug(kommun)
        insats.mkdir(parents=True, exist_ok=True)
        (insats / "insats.yaml").write_bytes(_yaml(kommun, places).encode("utf-8"))
        for name, header, rows in tables:
            g.write_csv(insats / "data" / name, header, rows)
        written.append(insats / "insats.yaml")
    return written


# ------------------------------------------------------------------------------------------ national

NATIONAL_SEED = 2024
NATIONAL_START = dt.date(2022, 1, 10)
NATIONAL_YAML = """\
# En påhittad insats i nationell skala, för att mäta hur evaltools skalar (alla deltagare är fiktiva).
# Skriven av python -m evaltools.exempel.generera MAPP --nationell.
insats: Nationell skala
samordningsforbund: Samordningsförbund i hela landet (syntetiskt)
kommuner: [{kommuner}]
insatsperiod: {{start: 2022-01-01, slut: 2024-12-31}}
rapportperiod: 2024-H1
data:
  deltagare: data/deltagare.csv
  narvaro: data/narvaro.csv
  progression: data/progression.csv
  ekonomi: data/ekonomi.csv
aldersgrupper: [16-24, 25-29]
utfallskoder:
  steget_vidare: Fortsatt i Steget Vidare
mal:
  - namn: Arbete eller studier
    typ: utfall
    kategorier: [arbete, studier]
    malvarde: 0.4
  - namn: Närvaro
    typ: narvaro
    malvarde: 0.8
  - namn: Gemensam planering
    typ: andel
    kolumn: gemensam_planering
    malvarde: 0.9
progression:
  instrument: SMAIL
  skala: [1, 10]
  hogre_ar_battre: true
sekretess:
  min_antal: 3
sprak: sv
"""
_WEEKDAYS = np.array([0, 3])  # planned Monday and Thursday


def _choice(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    keys = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=size, p=p / p.sum())]


def _days(values: np.ndarray) -> np.ndarray:
    """Days since 1970 -> ``YYYY-MM-DD`` text."""
    return np.datetime_as_string(values.astype("datetime64[D]"), unit="D").astype(object)


def generate_national(folder: Path, participants: int = 50_000, *, seed: int = NATIONAL_SEED) -> list[Path]:
    """Write an insats of ``participants`` participants (form A attendance twice a week,
    SMAIL every third month) into ``folder``; returns the paths written."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    n = participants
    report_end = np.datetime64(g.REPORT_END, "D").astype(np.int64)
    extract = np.datetime64(g.EXTRACT_DAY, "D").astype(np.int64)
    first = np.datetime64(NATIONAL_START, "D").astype(np.int64)
    start = np.sort(rng.integers(first, extract, size=n))
    start += np.where((start + 3) % 7 >= 5, 2, 0)  # 1970-01-01 was a Thursday: weekends to Monday
    stay = np.clip(np.exp(rng.normal(np.log(g.STAY_MEDIAN_DAYS), 0.5, n)), 25, 480).astype(np.int64)
    end = start + stay
    registered = (end <= report_end) | ((end <= extract) & (rng.random(n) < 0.25))
    end = np.where(registered, end, -1)
    ended = end >= 0
    ages = np.array(list(g.AGE_WEIGHTS))
    weights = np.array(list(g.AGE_WEIGHTS.values()), dtype=float)
    age = ages[rng.choice(len(ages), size=n, p=weights / weights.sum())]
    year = start.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    kommuner = np.array(KOMMUNER, dtype=object)
    outcome = np.where(ended, _choice(rng, g.OUTCOME_SHARES, n), "")
    income_start = _choice(rng, g.INCOME_AT_START["other"], n)
    income_end = np.where(ended, np.where(np.isin(outcome, ["arbete"]), "lon",
                                          np.where(outcome == "studier", "studiemedel", income_start)), "")
    plan = np.where(ended, np.where(rng.random(n) < 0.88, "ja", "nej"), "")
    codes = np.char.add("N", np.char.zfill(np.arange(1, n + 1).astype(str), 6)).astype(object)
    deltagare = pd.DataFrame({
        "deltagar_id": codes,
        "kon": np.where(rng.random(n) < 0.6, "man", "kvinna"),
        "fodelsear": (year - age).astype(str),
        "startdatum": _days(start),
        "slutdatum": np.where(ended, _days(np.maximum(end, 0)), ""),
        "utfall": outcome,
        "kommun": kommuner[rng.integers(0, len(kommuner), n)],
        "anvisare": _choice(rng, {k or "annan": v for k, v in g.REFERRERS.items()}, n),
        "forsorjning_start": income_start,
        "forsorjning_slut": income_end,
        "gemensam_planering": plan,
    })

    # attendance: Monday and Thursday of every week from start to exit or report end
    last = np.where(ended, np.minimum(end, report_end), report_end)
    active = start <= report_end
    monday = start - (start + 3) % 7
    weeks = np.where(active, (last - monday) // 7 + 1, 0)
    per_person = weeks * len(_WEEKDAYS)
    who = np.repeat(np.arange(n), per_person)
    offset = np.arange(who.size) - np.repeat(np.cumsum(per_person) - per_person, per_person)
    day = monday[who] + 7 * (offset // len(_WEEKDAYS)) + _WEEKDAYS[offset % len(_WEEKDAYS)]
    keep = (day >= start[who]) & (day <= last[who])
    who, day = who[keep], day[keep]
    high = rng.random(n) < 0.08
    presence = np.where(high, rng.beta(0.35 * 6, 0.65 * 6, n), rng.beta(0.88 * 30, 0.12 * 30, n))
    present = rng.random(who.size) < presence[who]
    reasons = _choice(rng, {**{v: g.ABSENCE_ANY.get(k, 0.1) for k, v in g.ABSENCE_TEXT.items()},
                            "": 0.08}, who.size)
    narvaro = pd.DataFrame({
        "deltagar_id": codes[who], "datum": _days(day), "narvarande": np.where(present, "ja", "nej"),
        "franvaroorsak": np.where(present, "", reasons),
        "aktivitet": np.where(day == monday[who], "Individuellt samtal", "Gruppaktivitet"),
    })

    # ratings: at start and every 91 days while enrolled, seven indicators, a small random walk
    indicators = np.array(list(g.INDICATORS), dtype=object)
    means = np.array(list(g.INDICATORS.values()))
    occasions = np.where(active, (last - start) // 91 + 1, 0)
    rater = np.repeat(np.arange(n), occasions)
    occasion = np.arange(rater.size) - np.repeat(np.cumsum(occasions) - occasions, occasions)
    k = len(indicators)
    rater_k, occasion_k = np.repeat(rater, k), np.repeat(occasion, k)
    indicator = np.tile(np.arange(k), rater.size)
    level = np.rint(means[indicator] + rng.normal(0, 1.1, n)[rater_k] + rng.normal(0, 1.0, (n, k))[
        rater_k, indicator])
    steps = rng.choice([-1, 0, 0, 0, 1, 1], size=rater_k.size) * (occasion_k > 0)
    # cumulative steps per participant and indicator: rows run participant, occasion, indicator, and
    # a participant's first occasion takes no step, so the running sum restarts at each participant
    walk = np.cumsum(steps.reshape(-1, k), axis=0)
    walk = walk - walk[np.repeat(np.cumsum(occasions) - occasions, occasions)]
    value = np.clip(level + walk.ravel(), 1, 10)
    progression = pd.DataFrame({
        "deltagar_id": codes[rater_k], "datum": _days(start[rater_k] + 91 * occasion_k),
        "indikator": indicators[indicator], "varde": value.astype(int).astype(str), "instrument": "SMAIL",
    })

    ekonomi = pd.DataFrame([[str(y), kommun, g.kronor(amount), g.kronor(int(amount * spent)),
                             g.kronor(int(amount * min(1.0, spent + 0.4)))]
                            for y, spent in ((2022, 0.93), (2023, 0.95), (2024, 0.45))
                            for kommun, amount in zip(KOMMUNER, rng.integers(20, 80, len(KOMMUNER)) * 100_000)],
                           columns=["period", "kommun", "beviljat", "utfall", "prognos"])

    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    config = folder / "insats.yaml"
    config.write_bytes(NATIONAL_YAML.format(kommuner=", ".join(KOMMUNER)).encode("utf-8"))
    written = [config]
    for name, frame in (("deltagare", deltagare), ("narvaro", narvaro), ("progression", progression),
                        ("ekonomi", ekonomi)):
        path = data / f"{name}.csv"
        frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")
        written.append(path)
    return written
