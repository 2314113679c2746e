"""``insats.yaml`` -> a typed, validated :class:`InsatsConfig`; report periods and age bands.

Every key of the contract (section 3) is checked: an unknown key, a wrong type or an impossible value
raises :class:`~evaltools.errors.ConfigError` naming the key path (``mal[1].malvarde``).
"""

from __future__ import annotations

import datetime as dt
import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ConfigError, Problem, nearest
from .vocabulary import OUTCOME_SUS_GROUP, OUTCOMES, SUS_GROUPS, fold
from .yamlfile import read_yaml

__all__ = ["InsatsConfig", "Period", "AgeBand", "load_config", "parse_period", "TABLES",
           "OutcomeGoal", "ShareGoal", "AttendanceGoal", "CountGoal", "LocalOutcome",
           "StatisticsConfig"]

TABLES = ("deltagare", "narvaro", "progression", "ekonomi", "kartlaggning")
DEFAULT_AGE_BANDS = ("-24", "25-29", "30-")


@dataclass(frozen=True)
class Period:
    """A closed interval of days, ``start`` and ``slut`` included, with the label the user wrote."""

    start: dt.date
    slut: dt.date
    label: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.slut


_PERIOD = re.compile(r"^(\d{4})(?:-(H[12]|T[123]))?$", re.IGNORECASE)
_PERIOD_MONTHS = {"H1": (1, 6), "H2": (7, 12), "T1": (1, 4), "T2": (5, 8), "T3": (9, 12)}


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def parse_period(value: Any) -> Period:
    """Read a report period: ``2024``, ``2024-H1``, ``2024-T2`` or ``{start: ..., slut: ...}``.

    Raises ``ValueError`` with a Swedish message; :func:`load_config` names the key.
    """
    if value is None:
        raise ValueError("saknar värde; skriv t.ex. 2024-H1")
    if isinstance(value, dict):
        unknown = sorted((str(k) for k in set(value) - {"start", "slut"}), key=str)
        if unknown:
            guess = nearest(fold(unknown[0]), ["start", "slut"])
            hint = f"; menade du {guess}?" if guess else ""
            raise ValueError(f"okänd nyckel {unknown[0]!r} (tillåtna: start, slut){hint}")
        try:
            start, slut = _as_date(value["start"]), _as_date(value["slut"])
        except KeyError as missing:
            raise ValueError(f"nyckeln {missing.args[0]} saknas") from None
        if slut < start:
            raise ValueError("slut ligger före start")
        return Period(start, slut, f"{start.isoformat()}_{slut.isoformat()}")
    match = _PERIOD.match(str(value).strip())
    if not match or isinstance(value, bool):
        raise ValueError(f"{value!r} är ingen period; skriv t.ex. 2024, 2024-H1, 2024-T2 "
                         "eller {start: 2024-01-01, slut: 2024-08-31}")
    year = int(match.group(1))
    part = (match.group(2) or "").upper()
    first, last = _PERIOD_MONTHS.get(part, (1, 12))
    label = f"{year}-{part}" if part else str(year)
    return Period(dt.date(year, first, 1), _month_end(year, last), label)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-01-01") from None


@dataclass(frozen=True)
class AgeBand:
    """An age band as written in ``aldersgrupper``: ``16-24``, open ``30-`` or open ``-24``."""

    label: str
    low: int | None
    high: int | None

    def contains(self, age: float) -> bool:
        return (self.low is None or age >= self.low) and (self.high is None or age <= self.high)


_BAND = re.compile(r"^\s*(\d{1,3})?\s*[-–]\s*(\d{1,3})?\s*$")


def parse_age_band(text: Any) -> AgeBand:
    match = _BAND.match(str(text)) if isinstance(text, str) else None
    if not match or (match.group(1) is None and match.group(2) is None):
        raise ValueError(f"{text!r} är ingen åldersgrupp; skriv t.ex. \"16-24\" eller \"30-\"")
    low = int(match.group(1)) if match.group(1) else None
    high = int(match.group(2)) if match.group(2) else None
    if low is not None and high is not None and high < low:
        raise ValueError(f"åldersgruppen {text!r} slutar före den börjar")
    return AgeBand(text.strip().replace(" ", "").replace("–", "-"), low, high)


def _share(value: Any) -> Any:
    """Accept a target share as 0.5, "50 %" or "50%"; anything else goes on to the type check."""
    if isinstance(value, str) and value.strip().endswith("%"):
        number = value.strip()[:-1].strip().replace(",", ".")
        try:
            return float(number) / 100
        except ValueError:
            return value
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _ShareTarget(_Model):
    namn: str
    malvarde: float

    @field_validator("malvarde", mode="before")
    @classmethod
    def _percent(cls, v: Any) -> Any:
        return _share(v)

    @field_validator("malvarde")
    @classmethod
    def _in_unit_interval(cls, v: float) -> float:
        if not 0.0 <= v <= 1.0:
            raise ValueError(f"ska vara en andel mellan 0 och 1 (t.ex. 0.5 för 50 %), inte {v:g}")
        return v


class OutcomeGoal(_ShareTarget):
    """Share of participants whose ``utfall`` is in ``kategorier``."""

    typ: Literal["utfall"]
    kategorier: list[str] = Field(min_length=1)
    namnare: Literal["avslutade", "alla"] = "avslutade"

    @field_validator("kategorier")
    @classmethod
    def _fold(cls, v: list[str]) -> list[str]:
        return [fold(c) for c in v]


class ShareGoal(_ShareTarget):
    """Share of participants with the value ``ja`` in a column of deltagare."""

    typ: Literal["andel"]
    kolumn: str
    namnare: Literal["avslutade", "alla"] = "avslutade"

    @field_validator("kolumn")
    @classmethod
    def _fold(cls, v: str) -> str:
        return fold(v)


class AttendanceGoal(_ShareTarget):
    """Attended / planned occasions, all participants, up to the end of the report period."""

    typ: Literal["narvaro"]


class CountGoal(_Model):
    """A figure entered by hand, compared with its target."""

    namn: str
    typ: Literal["antal"]
    utfall: float
    malvarde: float


Goal = Annotated[Union[OutcomeGoal, ShareGoal, AttendanceGoal, CountGoal], Field(discriminator="typ")]
GOAL_TYPES = ("utfall", "andel", "narvaro", "antal")


class LocalOutcome(_Model):
    """A local outcome code: its label and the SUS group it is reported under."""

    etikett: str
    sus_grupp: Literal["forvarvsarbete", "studier", "aktivt_arbetssokande", "ovriga_avslutade"] = (
        "ovriga_avslutade")


class _Dates(_Model):
    start: dt.date
    slut: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> _Dates:
        if self.slut < self.start:
            raise ValueError("slut ligger före start")
        return self


class ProgressionConfig(_Model):
    instrument: str | None = None
    skala: tuple[float, float]
    hogre_ar_battre: bool = True

    @field_validator("skala")
    @classmethod
    def _ordered(cls, v: tuple[float, float]) -> tuple[float, float]:
        if v[1] <= v[0]:
            raise ValueError("skriv lägsta och högsta värde, t.ex. [1, 10]")
        return v


class PrivacyConfig(_Model):
    min_antal: int = Field(default=3, ge=0)


class StatisticsConfig(_Model):
    """How intervals of shares are computed: ``intervall`` wilson (default) or exakt
    (Clopper–Pearson), at ``konfidensniva`` (0.95 by default; also written "95 %")."""

    intervall: Literal["wilson", "exakt"] = "wilson"
    konfidensniva: float = 0.95

    @field_validator("konfidensniva", mode="before")
    @classmethod
    def _percent(cls, v: Any) -> Any:
        return _share(v)

    @field_validator("konfidensniva")
    @classmethod
    def _level(cls, v: float) -> float:
        if not 0.5 <= v < 1.0:
            raise ValueError(f"ska vara en andel från 0.5 till under 1 (t.ex. 0.95 för 95 %), inte {v:g}")
        return v


class DataPaths(_Model):
    deltagare: str | None = None
    narvaro: str | None = None
    progression: str | None = None
    ekonomi: str | None = None
    kartlaggning: str | None = None


class _Raw(_Model):
    insats: str = Field(min_length=1)
    samordningsforbund: str | None = None
    insatsagare: str | None = None
    kommuner: list[str] = []
    insatsperiod: _Dates
    rapportperiod: Any  # checked by parse_period, so that its message names the key
    data: DataPaths = DataPaths()
    aldersgrupper: list[str] = list(DEFAULT_AGE_BANDS)

    @field_validator("aldersgrupper", mode="before")
    @classmethod
    def _bands_as_text(cls, v: Any) -> Any:
        """YAML reads an unquoted open band ``-24`` as the number -24; it is meant as text."""
        return [str(b) if isinstance(b, int) and not isinstance(b, bool) else b for b in v] \
            if isinstance(v, list) else v
    utfallskoder: dict[str, str | LocalOutcome] = {}
    mal: list[Goal] = []
    progression: ProgressionConfig | None = None
    sekretess: PrivacyConfig = PrivacyConfig()
    statistik: StatisticsConfig = StatisticsConfig()
    sprak: Literal["sv", "en"] = "sv"


@dataclass(frozen=True)
class InsatsConfig:
    """A validated ``insats.yaml``. Paths are absolute; ``data`` holds only the tables that exist."""

    path: Path
    insats: str
    samordningsforbund: str | None
    insatsagare: str | None
    kommuner: tuple[str, ...]
    insatsperiod: Period
    period: Period
    data: dict[str, Path]
    age_bands: tuple[AgeBand, ...]
    local_outcomes: dict[str, LocalOutcome]
    goals: tuple[OutcomeGoal | ShareGoal | AttendanceGoal | CountGoal, ...]
    progression: ProgressionConfig | None
    min_count: int
    language: str
    statistics: StatisticsConfig = StatisticsConfig()

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def outcome_codes(self) -> tuple[str, ...]:
        """Every outcome code this insats accepts: the contract's, then the local ones."""
        return OUTCOMES + tuple(self.local_outcomes)

    def sus_group(self, code: str) -> str:
        local = self.local_outcomes.get(code)
        return local.sus_grupp if local else OUTCOME_SUS_GROUP[code]

    @property
    def band_labels(self) -> tuple[str, ...]:
        """The age bands as written in ``aldersgrupper``, in order."""
        return tuple(b.label for b in self.age_bands)

    def default_output(self) -> Path:
        return self.folder / "rapport" / self.period.label


def load_config(path: str | Path) -> InsatsConfig:
    """Read and check ``insats.yaml`` (or a folder holding one).

    Raises :class:`~evaltools.errors.ConfigError` listing every problem found, each naming its key.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        if not (path / "insats.yaml").exists():
            raise ConfigError("insats.yaml", f"mappen {path} innehåller ingen insats.yaml")
        path = path / "insats.yaml"
    path = path.resolve()
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(path, "ska vara en samling nycklar (insats:, insatsperiod:, rapportperiod: …)")
    try:
        model = _Raw.model_validate(raw)
    except ValidationError as err:
        raise ConfigError.several([Problem(path.name, _message(e), key=_key(e["loc"]))
                                   for e in _reported_errors(err.errors())]) from None
    return _build(path, model)


# the members of the text-or-table union in utfallskoder, as pydantic names them in error locations
_UNION_MEMBERS = ("str", "constrained-str", "LocalOutcome")


def _reported_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errors worth reporting, unknown keys first (a misspelt key, ``malvärde``, says more than the
    key it then lacks; the lacking one is dropped when the misspelling is its nearest match).

    In utfallskoder (text or a table) a table with a wrong key fails both members of the union; the
    errors about the table are the ones that help, and a value that is neither gets one error."""
    by_union: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    order: list[dict[str, Any] | tuple[Any, ...]] = []  # an error, or the place of a union's errors
    for error in errors:
        at = next((i for i, item in enumerate(error["loc"]) if item in _UNION_MEMBERS), None)
        if at is None:
            order.append(error)
            continue
        prefix = tuple(error["loc"][:at])
        if prefix not in by_union:
            order.append(prefix)
        by_union.setdefault(prefix, []).append(error)
    kept: list[dict[str, Any]] = []
    for item in order:
        if isinstance(item, dict):
            kept.append(item)
            continue
        group = by_union[item]
        detail = [e for e in group if e["loc"][len(item)] == "LocalOutcome" and e["type"] != "model_type"]
        kept += detail or [next((e for e in group if e["type"] == "string_type"), group[0])]
    unknown = [e for e in kept if e["type"] == "extra_forbidden"]
    meant = {(*e["loc"][:-1], _suggested_key(e)) for e in unknown}
    rest = [e for e in kept if e["type"] != "extra_forbidden"
            and not (e["type"] == "missing" and tuple(e["loc"]) in meant)]
    return unknown + rest


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, ...]`` -> ``X``; ``X | None`` -> ``X``."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if get_origin(annotation) in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The section of insats.yaml (its model) at a pydantic error location, or None."""
    current: Any = _Raw
    for item in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(item) if isinstance(item, str) else None
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) in (list, tuple) and isinstance(item, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        elif get_origin(current) in (Union, types.UnionType):
            members = [m for m in get_args(current) if isinstance(m, type) and issubclass(m, BaseModel)]
            chosen = [m for m in members if item in (m.__name__, _tag(m))]
            if not chosen:
                return None
            current = chosen[0]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _tag(model: type[BaseModel]) -> Any:
    field = model.model_fields.get("typ")
    return get_args(field.annotation)[0] if field is not None and get_args(field.annotation) else None


def _suggested_key(error: dict[str, Any]) -> str | None:
    """For an unknown key, the known key of the same section it is most likely a misspelling of."""
    model = _model_at(tuple(error["loc"][:-1]))
    if model is None:
        return None
    return nearest(fold(str(error["loc"][-1])), list(model.model_fields))


def _build(path: Path, m: _Raw) -> InsatsConfig:
    problems: list[Problem] = []

    def problem(message: str, key: str) -> None:
        problems.append(Problem(path.name, message, key=key))

    insatsperiod = Period(m.insatsperiod.start, m.insatsperiod.slut, "insatsperiod")
    period = None
    try:
        period = parse_period(m.rapportperiod)
    except ValueError as err:
        problem(str(err), "rapportperiod")
    if period is not None and (period.slut < insatsperiod.start or period.start > insatsperiod.slut):
        problem(f"rapportperioden {period.label} ligger helt utanför insatsperioden "
                f"{insatsperiod.start}–{insatsperiod.slut}", "rapportperiod")

    bands = []
    for i, text in enumerate(m.aldersgrupper):
        try:
            bands.append(parse_age_band(text))
        except ValueError as err:
            problem(str(err), f"aldersgrupper[{i}]")
    if len(bands) == len(m.aldersgrupper):
        for i, (a, b) in enumerate(zip(bands, bands[1:])):
            if a.high is None or b.low is None or b.low <= a.high:
                problem(f"åldersgrupperna {a.label} och {b.label} överlappar eller står i fel ordning "
                        "(skriv dem i stigande ordning)", f"aldersgrupper[{i + 1}]")

    local: dict[str, LocalOutcome] = {}
    for code, value in m.utfallskoder.items():
        key = fold(code)
        if key in OUTCOME_SUS_GROUP:
            problem(f"{code!r} är redan en standardkod för utfall", f"utfallskoder.{code}")
        elif not key:
            problem("koden är tom", "utfallskoder")
        else:
            local[key] = value if isinstance(value, LocalOutcome) else LocalOutcome(etikett=value)
    known = set(OUTCOMES) | set(local)
    for i, goal in enumerate(m.mal):
        if isinstance(goal, OutcomeGoal):
            for j, code in enumerate(goal.kategorier):
                if code not in known:
                    guess = nearest(code, sorted(known))
                    hint = (" (det är en SUS-grupp; ange utfallskoderna)" if code in SUS_GROUPS else
                            f"; menade du {guess}?" if guess else "")
                    problem(f"{code!r} är ingen utfallskod{hint}; kända koder: {', '.join(sorted(known))}",
                            f"mal[{i}].kategorier[{j}]")

    # With a data: section, exactly the tables it names are read. Without one, the files
    # data/<table>.csv, .xlsx or .txt next to insats.yaml are found by name.
    data: dict[str, Path] = {}
    given = m.data.model_dump()
    explicit = "data" in m.model_fields_set
    for table in TABLES:
        rel = given[table]
        if rel:
            file = (path.parent / rel).resolve()
            if file.is_dir():
                problem(f"{rel} är en mapp, inte en fil; ange filen, t.ex. data/{table}.csv", f"data.{table}")
            elif not file.is_file():
                problem(f"filen {rel} finns inte (sökvägen räknas från insats.yaml)", f"data.{table}")
            else:
                data[table] = file
        elif not explicit:
            found = [path.parent / "data" / f"{table}.{ext}" for ext in _FOUND_BY_NAME]
            found = [f for f in found if f.is_file()]
            if len(found) > 1:
                names = " och ".join(f"data/{f.name}" for f in found)
                problem(f"{'både ' if len(found) == 2 else ''}{names} finns; ange vilken som gäller under "
                        "data:", f"data.{table}")
            elif found:
                data[table] = found[0].resolve()
    if "deltagare" not in data and not any(p.key == "data.deltagare" for p in problems):
        problem("ange deltagarfilen (t.ex. data/deltagare.csv); den är obligatorisk", "data.deltagare")
    for i, goal in enumerate(m.mal):
        if isinstance(goal, AttendanceGoal) and "narvaro" not in data and "data.narvaro" not in (
                p.key for p in problems):
            problem("ett närvaromål kräver en närvarofil (data.narvaro)", f"mal[{i}].typ")
    if "progression" in data and m.progression is None:
        problem("progressionsdata finns; ange skalan, t.ex. progression: {skala: [1, 10]}", "progression")
    if problems or period is None:
        raise ConfigError.several(problems)

    return InsatsConfig(
        path=path, insats=m.insats, samordningsforbund=m.samordningsforbund,
        insatsagare=m.insatsagare, kommuner=tuple(m.kommuner), insatsperiod=insatsperiod,
        period=period, data=data, age_bands=tuple(bands), local_outcomes=local, goals=tuple(m.mal),
        progression=m.progression, min_count=m.sekretess.min_antal, language=m.sprak,
        statistics=m.statistik)


#: the file types found as data/<table>.<ext> without a data: section (.txt: Excel's "Unicode-text")
_FOUND_BY_NAME = ("csv", "xlsx", "txt")


def _key(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as the user writes the key: ``mal[1].malvarde``."""
    parts: list[str] = []
    previous: Any = None
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif isinstance(previous, int) and item in GOAL_TYPES:
            pass  # the discriminator's tag, not a key of the file
        elif item in _UNION_MEMBERS:
            pass  # a member of the union in utfallskoder, not a key of the file
        else:
            parts.append(("." if parts else "") + str(item))
        previous = item
    return "".join(parts)


_MESSAGES = {
    "missing": "saknas men är obligatorisk",
    "extra_forbidden": "är ingen känd nyckel (kontrollera stavningen)",
    "float_parsing": "ska vara ett tal", "float_type": "ska vara ett tal",
    "int_parsing": "ska vara ett heltal", "int_type": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "string_type": "ska vara text",
    "bool_parsing": "ska vara true eller false", "bool_type": "ska vara true eller false",
    "date_parsing": "ska vara ett datum, t.ex. 2024-01-01",
    "date_from_datetime_parsing": "ska vara ett datum, t.ex. 2024-01-01",
    "date_type": "ska vara ett datum, t.ex. 2024-01-01",
    "date_from_datetime_inexact": "ska vara ett datum, t.ex. 2024-01-01",
    "list_type": "ska vara en lista, t.ex. [a, b]",
    "tuple_type": "ska vara en lista, t.ex. [1, 10]",
    "dict_type": "ska vara en samling nycklar", "model_type": "ska vara en samling nycklar",
    "model_attributes_type": "ska vara en samling nycklar",
    "union_tag_not_found": "saknar typ (utfall, andel, narvaro eller antal)",
    "too_short": "får inte vara tom",
    "string_too_short": "får inte vara tom",
}


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        guess = _suggested_key(error)
        return f"är ingen känd nyckel; menade du {guess}?" if guess else \
            "är ingen känd nyckel (kontrollera stavningen)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        return f"ska vara en av {ctx.get('expected', '')}".replace("'", "").replace(" or ", " eller ")
    if kind == "union_tag_invalid":
        return f"typ ska vara en av utfall, andel, narvaro, antal (inte {ctx.get('tag')!r})"
    if kind in ("greater_than_equal", "greater_than"):
        return f"ska vara minst {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("tuple_long", "too_long", "tuple_short"):
        return "ska ha exakt två värden, t.ex. [1, 10]"
    return _MESSAGES.get(kind, f"ogiltigt värde ({error['msg']})")
