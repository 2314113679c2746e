"""Write the bundled example insats, *Ung Framtid*: synthetic data shaped like a real insats.

Run it as ``python -m evaltools.exempel.generera [FOLDER]``. Without ``FOLDER`` it (re)writes
``evaltools/exempel/ung_framtid/``. The output is byte-identical on every run: one seeded generator,
participants drawn in a fixed order, no clock.

Every person in the files is invented. The figures are tuned to look like the reports of a small
insats for young adults (UVAS, 16–29) in one kommun: about 60 participants since January 2023, some
40 of them ended by the report date, group attendance around 80 % with most absence on a handful of
participants, modest progression on SMAIL, and a budget of about 1.7 Mkr a year. The data is an
extract taken in August 2024 for the halvårsrapport 2024-H1, so a few participants start or end after
30 June 2024 (the report's population rules must leave them out of the period), while attendance and
ratings are registered only up to 30 June. A few rows are deliberately faulty (attendance for an
unknown participant, an attendance row without ja/nej, two ratings without a value) so that the
report's data-quality section has something to show.

Standard library and numpy only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["generate", "main", "SEED", "DEFAULT_FOLDER"]

SEED = 35
"""Chosen among a few seeds for figures typical of a small insats (see the module docstring)."""
DEFAULT_FOLDER = Path(__file__).resolve().parent / "ung_framtid"

REPORT_END = dt.date(2024, 6, 30)
"""Attendance and ratings are registered up to this day (the end of the report period 2024-H1)."""
EXTRACT_DAY = dt.date(2024, 8, 16)
"""The day the participant list was taken out; starts and exits after REPORT_END exist up to here."""

ID_PREFIX = "UF"
UNKNOWN_ID = "UF999"
"""A code that is not in deltagare: two attendance rows use it, to show the data-quality log."""

# Days the insats is closed: public holidays (and the eves treated as such) falling on weekdays,
# the summer breaks (four weeks in 2023, July 2024) and the Christmas break 2023/24.
_HOLIDAYS = {
    dt.date(2023, 1, 6), dt.date(2023, 4, 7), dt.date(2023, 4, 10), dt.date(2023, 5, 1),
    dt.date(2023, 5, 18), dt.date(2023, 6, 6), dt.date(2023, 6, 23), dt.date(2023, 12, 25),
    dt.date(2023, 12, 26), dt.date(2024, 1, 1), dt.date(2024, 3, 29), dt.date(2024, 4, 1),
    dt.date(2024, 5, 1), dt.date(2024, 5, 9), dt.date(2024, 6, 6), dt.date(2024, 6, 21),
}
_BREAKS = (
    (dt.date(2023, 7, 3), dt.date(2023, 7, 28)),
    (dt.date(2023, 12, 22), dt.date(2024, 1, 5)),
    (dt.date(2024, 7, 1), dt.date(2024, 8, 2)),
)

STAY_MEDIAN_DAYS = 190
"""Median time in the insats; stays are log-normal around it (from 25 days to 16 months)."""

HIGH_ABSENCE_SHARE = {"16-24": 0.18, "25-29": 0.07}
"""The share of each age band with much absence (psychiatric illness, unstable life situation)."""
ATTENDANCE = {"16-24": (0.89, 30.0), "25-29": (0.92, 30.0)}
"""Mean and concentration of the beta distribution a participant's attendance is drawn from."""
ATTENDANCE_HIGH_ABSENCE = (0.32, 6.0)
"""The same, for the participants with much absence."""

AGE_WEIGHTS = {16: 1, 17: 2, 18: 5, 19: 7, 20: 8, 21: 8, 22: 8, 23: 7, 24: 6, 25: 5, 26: 4, 27: 4,
               28: 3, 29: 3}

REFERRERS = {"arbetsformedlingen": 0.42, "kommun": 0.25, "region": 0.10, "egen_anmalan": 0.08,
             "forsakringskassan": 0.06, "skola": 0.03, "": 0.06}

INCOME_AT_START = {
    "arbetsformedlingen": {"aktivitetsstod": 0.55, "forsorjningsstod": 0.25, "ingen": 0.10,
                           "a_kassa": 0.05, "okand": 0.05},
    "kommun": {"forsorjningsstod": 0.75, "ingen": 0.10, "aktivitetsstod": 0.10, "okand": 0.05},
    "region": {"aktivitetsersattning": 0.30, "forsorjningsstod": 0.30, "sjukpenning": 0.25,
               "ingen": 0.15},
    "forsakringskassan": {"aktivitetsersattning": 0.60, "sjukpenning": 0.40},
    "other": {"ingen": 0.40, "forsorjningsstod": 0.30, "studiemedel": 0.10, "okand": 0.20},
}
_SAME = "same_as_start"
INCOME_AT_END = {
    "arbete": {"lon": 0.90, "forsorjningsstod": 0.10},
    "studier": {"studiemedel": 0.85, "forsorjningsstod": 0.10, "ingen": 0.05},
    "arbetssokande": {"aktivitetsstod": 0.50, "forsorjningsstod": 0.30, "a_kassa": 0.20},
    "arbetsforberedande": {"aktivitetsstod": 0.70, "forsorjningsstod": 0.30},
    "arbetslivsinriktad_rehabilitering": {"aktivitetsstod": 0.40, "sjukpenning": 0.30,
                                          "forsorjningsstod": 0.30},
    "medicinsk_rehabilitering": {"sjukpenning": 0.50, "forsorjningsstod": 0.30,
                                 "aktivitetsersattning": 0.20},
    "sjuk_aktivitetsersattning": {"aktivitetsersattning": 0.80, "sjukersattning": 0.20},
    "annan_insats": {_SAME: 0.70, "aktivitetsstod": 0.30},
    "steget_vidare": {_SAME: 0.70, "aktivitetsstod": 0.30},
    "utebliven_kontakt": {"okand": 0.70, _SAME: 0.30},
    "flyttat": {"okand": 0.70, _SAME: 0.30},
    "okant": {"okand": 0.70, _SAME: 0.30},
}

# Share of each destination among those who ended, and the order from the least to the most
# "successful" exit: participants with short, absent stays are matched to the first ones.
OUTCOME_SHARES = {
    "utebliven_kontakt": 0.08, "flyttat": 0.05, "okant": 0.03, "medicinsk_rehabilitering": 0.07,
    "sjuk_aktivitetsersattning": 0.03, "annan_insats": 0.04, "arbetssokande": 0.04,
    "arbetslivsinriktad_rehabilitering": 0.07, "steget_vidare": 0.07, "arbetsforberedande": 0.12,
    "studier": 0.15, "arbete": 0.25,
}

SCHEDULES = ((0, 2, 3), (0, 1, 3), (1, 2, 4), (0, 2, 4), (1, 3, 4))
"""The three weekdays (Monday = 0) a participant is planned in, one pattern per participant."""

ABSENCE_TEXT = {"sjukdom": "Sjukdom", "vard_av_barn": "Vård av barn",
                "psykisk_ohalsa": "Psykisk ohälsa", "annat": "Annat", "okand": "Okänd"}
ABSENCE_ANY = {"sjukdom": 0.45, "annat": 0.20, "okand": 0.20, "psykisk_ohalsa": 0.15}

INDICATORS = {  # SMAIL's seven indicators and the mean self-rating at intake (scale 1–10)
    "Hälsa och hantering av hälsa": 5.0, "Motivation": 6.0, "Självförtroende": 4.5,
    "Sociala relationer": 5.5, "Vardagsstruktur": 4.5, "Arbetsförmåga": 4.0, "Framtidstro": 5.5,
}
SCALE = (1, 10)

HOUSING = ("Eget boende", "Hos föräldrar", "Stödboende", "Annat")

ECONOMY = (  # period, post, beviljat, utfall, prognos (2024: utfall up to 30 June, prognos the year)
    ("2023", "Personal", 1_180_000, 1_096_420, 1_096_420),
    ("2023", "Lokaler", 156_000, 156_000, 156_000),
    ("2023", "Aktiviteter", 210_000, 143_870, 143_870),
    ("2023", "Övrigt", 64_000, 41_265, 41_265),
    ("2024", "Personal", 1_240_000, 603_180, 1_226_000),
    ("2024", "Lokaler", 160_000, 80_000, 160_000),
    ("2024", "Aktiviteter", 230_000, 97_415, 214_000),
    ("2024", "Övrigt", 70_000, 28_940, 62_000),
)


# ---------------------------------------------------------------------------------------- calendar

def is_open(day: dt.date) -> bool:
    """True on the weekdays the insats holds activities."""
    if day.weekday() >= 5 or day in _HOLIDAYS:
        return False
    return not any(first <= day <= last for first, last in _BREAKS)


def open_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every open day from ``first`` to ``last``, both included."""
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return [d for d in days if is_open(d)]


def next_open(day: dt.date) -> dt.date:
    """``day`` itself when open, else the next open day."""
    while not is_open(day):
        day += dt.timedelta(days=1)
    return day


# ------------------------------------------------------------------------------------ participants

@dataclass
class Participant:
    """One invented participant and the traits that drive their attendance and ratings."""

    code: str
    gender: str
    age: int
    start: dt.date
    end: dt.date | None
    referrer: str
    parent: bool  # has children: absence for vård av barn
    high_absence: bool = False  # one of the few who account for most of the absence
    attendance: float = 1.0  # the probability of attending a planned occasion
    outcome: str = ""
    income_start: str = ""
    income_end: str = ""
    plan: str = ""

    @property
    def band(self) -> str:
        return "16-24" if self.age <= 24 else "25-29"

    @property
    def last_registered(self) -> dt.date:
        """The last day attendance and ratings are registered for (the exit or the report's end)."""
        return min(self.end, REPORT_END) if self.end else REPORT_END


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _start_days(rng: np.random.Generator) -> list[dt.date]:
    """Enrolment days: a launch cohort, a steady intake until June 2024, two in August 2024."""
    launch = open_days(dt.date(2023, 1, 16), dt.date(2023, 2, 10))
    steady = open_days(dt.date(2023, 2, 13), dt.date(2024, 6, 19))
    late = open_days(dt.date(2024, 8, 5), EXTRACT_DAY - dt.timedelta(days=1))
    days = [launch[i] for i in rng.choice(len(launch), size=9, replace=True)]
    days += [steady[i] for i in rng.choice(len(steady), size=51, replace=False)]
    days += [late[i] for i in rng.choice(len(late), size=2, replace=False)]
    return sorted(days)


def _allocate(shares: dict[str, float], total: int) -> list[str]:
    """``total`` labels in the proportions of ``shares`` (largest remainders), in the dict's order."""
    exact = {k: v * total / sum(shares.values()) for k, v in shares.items()}
    counts = {k: int(v) for k, v in exact.items()}
    rest = sorted(shares, key=lambda k: (-(exact[k] - counts[k]), list(shares).index(k)))
    for key in rest[: total - sum(counts.values())]:
        counts[key] += 1
    return [k for k in shares for _ in range(counts[k])]


def make_participants(rng: np.random.Generator) -> list[Participant]:
    """Draw every participant: who they are, when they came and left, and where they went."""
    ages = np.array(list(AGE_WEIGHTS))
    age_p = np.array(list(AGE_WEIGHTS.values()), dtype=float)
    people: list[Participant] = []
    for number, start in enumerate(_start_days(rng), start=1):
        age = int(rng.choice(ages, p=age_p / age_p.sum()))
        gender = "man" if rng.random() < 0.6 else "kvinna"
        stay = int(np.clip(np.exp(rng.normal(np.log(STAY_MEDIAN_DAYS), 0.5)), 25, 480))
        end: dt.date | None = next_open(start + dt.timedelta(days=stay))
        if end > REPORT_END and (end > EXTRACT_DAY or rng.random() < 0.75):
            end = None  # most of those leaving after the report's end are not registered yet
        referrer = _pick(rng, REFERRERS)
        if referrer == "skola" and age > 20:
            referrer = "egen_anmalan"  # schools refer only the youngest
        parent_p = 0.0 if age < 21 else (0.25 if gender == "kvinna" else 0.08)
        people.append(Participant(
            code=f"{ID_PREFIX}{number:03d}", gender=gender, age=age, start=start, end=end,
            referrer=referrer, parent=bool(rng.random() < parent_p)))

    for band, share in HIGH_ABSENCE_SHARE.items():
        members = [p for p in people if p.band == band]
        for i in rng.choice(len(members), size=round(share * len(members)), replace=False):
            members[int(i)].high_absence = True
    for p in people:
        mean, concentration = ATTENDANCE_HIGH_ABSENCE if p.high_absence else ATTENDANCE[p.band]
        p.attendance = float(rng.beta(mean * concentration, (1 - mean) * concentration))

    _assign_outcomes(rng, [p for p in people if p.end is not None])
    for p in people:
        table = INCOME_AT_START.get(p.referrer, INCOME_AT_START["other"])
        p.income_start = _pick(rng, table)
        if p.end is not None:
            end_income = _pick(rng, INCOME_AT_END[p.outcome])
            p.income_end = p.income_start if end_income == _SAME else end_income
        p.plan = _plan(rng, p)
    ended = [p for p in people if p.end is not None and p.end <= REPORT_END]
    for i in rng.choice(len(ended), size=2, replace=False):  # plans nobody wrote down
        ended[int(i)].plan = ""
    return people


def _assign_outcomes(rng: np.random.Generator, ended: list[Participant]) -> None:
    """Give the ended participants destinations: longer stays and better attendance go further."""
    labels = _allocate(OUTCOME_SHARES, len(ended))
    stay = np.log([(p.end - p.start).days for p in ended])
    presence = np.array([p.attendance for p in ended])
    score = (0.6 * (stay - stay.mean()) / stay.std() + 0.8 * (presence - presence.mean()) / presence.std()
             + rng.normal(0, 0.7, len(ended)))
    for rank, index in enumerate(np.argsort(score, kind="stable")):
        ended[int(index)].outcome = labels[rank]


def _plan(rng: np.random.Generator, p: Participant) -> str:
    """Whether a jointly established plan exists: most who ended have one; new participants not yet."""
    if p.end is not None:
        weak = p.outcome in ("utebliven_kontakt", "flyttat", "okant")
        return "ja" if rng.random() < (0.6 if weak else 0.96) else "nej"
    if (EXTRACT_DAY - p.start).days < 75:
        return ""
    return "ja" if rng.random() < 0.85 else "nej"


def participant_rows(people: Iterable[Participant]) -> list[list[str]]:
    """The rows of deltagare.csv."""
    return [[p.code, p.gender, str(p.start.year - p.age), p.start.isoformat(),
             p.end.isoformat() if p.end else "", p.outcome, "Tierp", p.referrer, p.income_start,
             p.income_end, p.plan] for p in people]


DELTAGARE_HEADER = ["deltagar_id", "kon", "fodelsear", "startdatum", "slutdatum", "utfall", "kommun",
                    "anvisare", "forsorjning_start", "forsorjning_slut", "gemensam_planering"]


# -------------------------------------------------------------------------------------- attendance

def _absence_reasons(p: Participant) -> dict[str, float]:
    """The reasons a participant's absence spells are given, most often their own main reason."""
    if p.parent:
        main = "vard_av_barn"
    elif p.high_absence:
        main = "psykisk_ohalsa"
    else:
        main = "sjukdom"
    reasons = {k: 0.35 * v for k, v in ABSENCE_ANY.items()}
    reasons[main] = reasons.get(main, 0.0) + 0.65
    return reasons


def attendance_rows(rng: np.random.Generator, people: Sequence[Participant]) -> list[list[str]]:
    """The rows of narvaro.csv (form A): three planned occasions a week per enrolled participant.

    Absence comes in spells (a two-state Markov chain whose long-run share of presence is the
    participant's attendance), each spell with one reason; a participant whose contact was lost has
    missed their last three weeks.
    """
    rows: list[tuple[dt.date, str, str, str, str]] = []
    for p in people:
        if p.start > REPORT_END:
            continue
        schedule = SCHEDULES[int(rng.integers(len(SCHEDULES)))]
        days = [d for d in open_days(p.start, p.last_registered) if d.weekday() in schedule]
        internship_week = int(rng.integers(8, 17)) if rng.random() < 0.45 else None
        absent_share = 1.0 - p.attendance
        stay_absent = 0.7 if p.high_absence else 0.45
        become_absent = min(1.0, absent_share * (1 - stay_absent) / max(1e-9, 1 - absent_share))
        reasons = _absence_reasons(p)
        lost_from = len(days) - 9 if p.outcome == "utebliven_kontakt" else len(days)
        absent, reason = False, ""
        for i, day in enumerate(days):
            was_absent = absent
            absent = rng.random() < (stay_absent if was_absent else become_absent)
            if i >= lost_from:
                absent, reason = True, "Okänd" if rng.random() < 0.5 else ""
            elif absent and not was_absent:
                code = _pick(rng, reasons)
                reason = "" if rng.random() < 0.08 else ABSENCE_TEXT[code]
            week = (day - p.start).days // 7
            if day.weekday() == schedule[0]:
                activity = "Individuellt samtal"
            elif internship_week is not None and week >= internship_week and day.weekday() == schedule[2]:
                activity = "Praktik"
            else:
                activity = "Gruppaktivitet"
            rows.append((day, p.code, "nej" if absent else "ja", reason if absent else "", activity))
    # Faults for the data-quality log: a participant code that is not in deltagare (twice) ...
    rows.append((dt.date(2024, 3, 12), UNKNOWN_ID, "ja", "", "Gruppaktivitet"))
    rows.append((dt.date(2024, 3, 14), UNKNOWN_ID, "nej", "Sjukdom", "Gruppaktivitet"))
    rows.sort(key=lambda r: (r[0], r[1]))
    # ... and an occasion where nobody wrote down whether the participant came.
    blank = next(i for i, r in enumerate(rows) if r[0] >= dt.date(2023, 10, 10))
    day, code, _, _, activity = rows[blank]
    rows[blank] = (day, code, "", "", activity)
    return [[code, day.isoformat(), present, reason, activity]
            for day, code, present, reason, activity in rows]


NARVARO_HEADER = ["deltagar_id", "datum", "narvarande", "franvaroorsak", "aktivitet"]


# ------------------------------------------------------------------------------------- progression

def progression_rows(rng: np.random.Generator, people: Sequence[Participant]) -> list[list[str]]:
    """The rows of progression.csv: SMAIL at intake and every third month while enrolled.

    Between two ratings an indicator most often stays where it was; it moves up more often than down,
    and more so for participants who attend well.
    """
    low, high = SCALE
    rows: list[list[str]] = []
    for p in people:
        first = next_open(p.start + dt.timedelta(days=int(rng.integers(0, 10))))
        if first > p.last_registered:
            continue
        dates = [first]
        while True:
            following = next_open(dates[-1] + dt.timedelta(days=91 + int(rng.integers(-7, 8))))
            if following > p.last_registered:
                break
            dates.append(following)
        person = rng.normal(0, 1.1)
        level = {k: int(np.clip(round(m + person + rng.normal(0, 1.0)), low, high))
                 for k, m in INDICATORS.items()}
        up = 0.08 + 0.22 * p.attendance
        steps = {-2: 0.02, -1: 0.10, 1: up, 2: 0.04}
        steps[0] = 1.0 - sum(steps.values())
        for n, day in enumerate(dates):
            if n > 0 and rng.random() < 0.08:
                continue  # a rating that was never made
            for indicator in INDICATORS:
                if n > 0:
                    step = int(rng.choice(list(steps), p=list(steps.values())))
                    level[indicator] = int(np.clip(level[indicator] + step, low, high))
                rows.append([p.code, day.isoformat(), indicator, str(level[indicator]), "SMAIL"])
    for i in rng.choice(np.arange(len(rows) // 4, len(rows)), size=2, replace=False):
        rows[int(i)][3] = ""  # a question left unanswered
    return rows


PROGRESSION_HEADER = ["deltagar_id", "datum", "indikator", "varde", "instrument"]


# ------------------------------------------------------------------------------------ kartlaggning

def _yes_no(rng: np.random.Generator, p_yes: float, p_missing: float) -> str:
    if rng.random() < p_missing:
        return ""
    answer = "Ja" if rng.random() < p_yes else "Nej"
    return answer.lower() if rng.random() < 0.04 else answer


def baseline_rows(rng: np.random.Generator, people: Sequence[Participant]) -> list[list[str]]:
    """The rows of kartlaggning.csv: six questions at intake, each with its own missing answers."""
    rows: list[list[str]] = []
    for p in people:
        school = _yes_no(rng, 0.78, 0.05)
        if school.lower() == "nej":
            gymnasium = "" if rng.random() < 0.08 else "Nej"
        else:
            gymnasium = _yes_no(rng, 0.45 if p.age >= 19 else 0.05, 0.08)
        npf = _yes_no(rng, 0.40, 0.22)
        work = _yes_no(rng, float(np.clip(0.25 + 0.05 * (p.age - 18), 0.1, 0.75)), 0.10)
        licence = _yes_no(rng, float(np.clip(0.05 + 0.04 * (p.age - 18), 0.0, 0.55)), 0.12)
        if rng.random() < 0.06:
            housing = ""
        elif p.age < 20:
            housing = HOUSING[int(rng.choice(4, p=[0.10, 0.65, 0.12, 0.13]))]
        else:
            housing = HOUSING[int(rng.choice(4, p=[0.50, 0.30, 0.08, 0.12]))]
        answers = {"Fullföljt grundskola": school, "Fullföljt gymnasium": gymnasium, "Diagnos NPF": npf,
                   "Arbetslivserfarenhet": work, "Körkort": licence, "Boende": housing}
        rows += [[p.code, question, answer] for question, answer in answers.items()]
    return rows


KARTLAGGNING_HEADER = ["deltagar_id", "fraga", "svar"]


# ----------------------------------------------------------------------------------------- ekonomi

def kronor(amount: int) -> str:
    """An amount as a Swedish spreadsheet shows it: ``1 180 000``."""
    return f"{amount:,}".replace(",", " ")


def economy_rows() -> list[list[str]]:
    """The rows of ekonomi.csv: granted, spent and forecast per year and cost item."""
    return [[period, post, kronor(granted), kronor(spent), kronor(forecast)]
            for period, post, granted, spent, forecast in ECONOMY]


EKONOMI_HEADER = ["period", "post", "beviljat", "utfall", "prognos"]


# ---------------------------------------------------------------------------------------- writing

def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a table as Swedish Excel saves "CSV UTF-8": BOM, ``;`` between cells, CRLF lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


INSATS_YAML = """\
# Parametrar för insatsen Ung Framtid – ett påhittat exempel (alla deltagare är fiktiva).
# Kopiera hela mappen ung_framtid när du börjar med en egen insats och ändra här.
# Text efter # är kommentarer och läses inte. Indraget (mellanslagen) har betydelse.

# Insatsens namn, som det ska stå i rapporten. Obligatorisk.
insats: Ung Framtid

# Samordningsförbundet som finansierar insatsen.
samordningsforbund: Samordningsförbundet Norra Uppland

# Vem som äger och driver insatsen (frivillig).
insatsagare: Arbetsmarknadsenheten, Tierps kommun

# Kommunerna som deltar i insatsen, som en lista.
kommuner: [Tierp]

# Insatsens hela period enligt ansökan/beslut, ÅÅÅÅ-MM-DD. Obligatorisk.
insatsperiod: {start: 2023-01-01, slut: 2024-12-31}

# Perioden som rapporten gäller. Obligatorisk. Skriv ett år (2024), ett halvår (2024-H1, 2024-H2),
# en tertial (2024-T1, 2024-T2, 2024-T3) eller egna datum: {start: 2024-01-01, slut: 2024-08-31}.
rapportperiod: 2024-H1

# Datafilerna, räknat från den här filen. Filerna kan vara .csv eller .xlsx. Bara deltagare är
# obligatorisk; ta bort raden för en tabell du inte har, så kommer avsnittet inte med i rapporten.
# (Utan data: alls läses filerna data/<tabell>.csv eller data/<tabell>.xlsx som finns.)
data:
  deltagare: data/deltagare.csv
  narvaro: data/narvaro.csv
  progression: data/progression.csv
  ekonomi: data/ekonomi.csv
  kartlaggning: data/kartlaggning.csv

# Åldersgrupper efter ålder vid start (startårets år minus födelseår), i stigande ordning.
# En öppen grupp skrivs "30-". Den som inte passar i någon grupp redovisas som okänd ålder.
aldersgrupper: [16-24, 25-29]

# Egna utfallskoder utöver standardkoderna (arbete, studier, arbetsforberedande …): kod: benämning.
# Egna koder redovisas under SUS-gruppen "övriga avslutade" om inget annat anges; så här anger du
# gruppen: steget_vidare: {etikett: Fortsatt i Steget Vidare, sus_grupp: ovriga_avslutade}
utfallskoder:
  steget_vidare: Fortsatt i Steget Vidare

# Målen ur ansökan, i den ordning rapporten ska visa dem. malvarde är en andel (0.4 = 40 %).
mal:
  # typ utfall: andelen deltagare vars utfall är någon av kategorierna. namnare: avslutade (standard)
  # räknar bland dem som avslutats t.o.m. periodens slut; namnare: alla räknar bland alla deltagare.
  - namn: Arbete eller studier
    typ: utfall
    kategorier: [arbete, studier]
    namnare: avslutade
    malvarde: 0.4
  - namn: Vidare till arbete, studier eller arbetsförberedande insats
    typ: utfall
    kategorier: [arbete, studier, arbetsforberedande, arbetslivsinriktad_rehabilitering, steget_vidare]
    malvarde: 0.6
  # typ narvaro: närvarande tillfällen delat med planerade, alla deltagare, t.o.m. periodens slut.
  - namn: Närvaro
    typ: narvaro
    malvarde: 0.8
  # typ andel: andelen avslutade deltagare med ja i en kolumn i deltagarfilen.
  - namn: Gemensam planering
    typ: andel
    kolumn: gemensam_planering
    malvarde: 0.9
  # typ antal: en siffra du för in för hand (utfall) och jämför med målet.
  - namn: Nya arbetsträningsplatser
    typ: antal
    utfall: 27
    malvarde: 20

# Självskattningarna i progressionsfilen: instrumentets namn, skalans lägsta och högsta värde och
# om ett högre värde är bättre. Krävs när data.progression finns.
progression:
  instrument: SMAIL
  skala: [1, 10]
  hogre_ar_battre: true

# Sekretess: antal under min_antal (men över 0) maskeras i tabeller och figurer. 0 stänger av.
sekretess:
  min_antal: 3

# Språket i rapportens rubriker och etiketter: sv (svenska) eller en (engelska).
sprak: sv
"""


def generate(folder: Path = DEFAULT_FOLDER) -> list[Path]:
    """Write ``insats.yaml`` and the five data files of the example into ``folder``.

    Returns
    -------
    The paths written, in the order written.
    """
    rng = np.random.default_rng(SEED)
    people = make_participants(rng)
    data = folder / "data"
    tables = [
        ("deltagare.csv", DELTAGARE_HEADER, participant_rows(people)),
        ("narvaro.csv", NARVARO_HEADER, attendance_rows(rng, people)),
        ("progression.csv", PROGRESSION_HEADER, progression_rows(rng, people)),
        ("ekonomi.csv", EKONOMI_HEADER, economy_rows()),
        ("kartlaggning.csv", KARTLAGGNING_HEADER, baseline_rows(rng, people)),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "insats.yaml"
    config.write_bytes(INSATS_YAML.encode("utf-8"))
    written = [config]
    for name, header, rows in tables:
        write_csv(data / name, header, rows)
        written.append(data / name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m evaltools.exempel.generera [FOLDER] [--forbund | --nationell]``."""
    parser = argparse.ArgumentParser(
        prog="python -m evaltools.exempel.generera",
        description="Skriver exempelinsatsen Ung Framtid (syntetiska data) till en mapp; med --forbund "
                    "ett förbunds insatser, med --nationell en insats i nationell skala.")
    parser.add_argument("mapp", nargs="?", type=Path, default=DEFAULT_FOLDER,
                        help=f"mappen att skriva till (standard: {DEFAULT_FOLDER})")
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--forbund", action="store_true",
                       help="ett samordningsförbunds insatser av samma modell, en mapp per kommun")
    scale.add_argument("--nationell", action="store_true",
                       help="en insats med 50 000 deltagare (ungefär 2,5 miljoner närvarorader)")
    parser.add_argument("--antal", type=int, default=8, help="insatser med --forbund (1–12, standard 8)")
    parser.add_argument("--deltagare", type=int, default=50_000, help="deltagare med --nationell")
    args = parser.parse_args(argv)
    if (args.forbund or args.nationell) and args.mapp == DEFAULT_FOLDER:
        parser.error("ange en mapp att skriva till")
    if args.forbund or args.nationell:
        from .forbund import generate_forbund, generate_national

        paths = (generate_forbund(args.mapp, args.antal) if args.forbund
                 else generate_national(args.mapp, args.deltagare))
    else:
        paths = generate(args.mapp)
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
