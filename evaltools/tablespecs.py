"""How each result table is published: its columns (header, kind of value) and masking roles.

A :class:`TableSpec` names the columns shown, the counts of persons in it (masked below the
threshold), the values computed from them (masked with them), the row's group size (a row about
few persons is hidden whole) and complements (a count whose complement within its total is a small
count is masked too: 37 of 39 tells about the other two).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Col", "TableSpec", "TABLES"]


@dataclass(frozen=True)
class Col:
    """One published column: result column ``key``, header label ``header``, value ``kind``.

    Kinds: ``text`` (as written), ``code`` (translated by :func:`~evaltools.labels.label`), ``band``
    (an age band), ``count``, ``number``, ``mean``, ``share``, ``interval`` (``key`` and ``other`` are
    the low and high ends), ``range`` (a band of shares, ``key`` to ``other``), ``kronor``, ``p``,
    ``month``, ``bool``, ``goal`` (a share or a figure, by the row's ``typ``).
    """

    key: str
    header: str
    kind: str
    other: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """How a result table is published; its title is the label ``t_<name>``."""

    columns: tuple[Col, ...]
    counts: tuple[str, ...] = ()
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group: str | None = None
    #: ``(count, total)`` pairs: ``count`` is masked where ``0 < total - count < min_count``
    complements: tuple[tuple[str, str], ...] = ()
    #: ``(column, values)``: only rows whose ``column`` holds one of ``values`` count persons (the
    #: goal table's attendance goal counts occasions)
    person_rows: tuple[str, tuple[str, ...]] | None = None


_SHARE = Col("andel", "c_andel", "share")
_COUNT = Col("antal", "c_antal", "count")
_KI = Col("ki_lag", "c_ki", "interval", "ki_hog")
_FROM_COUNT = {"andel": ("antal",), "ki_lag": ("antal",), "ki_hog": ("antal",)}


def _split(header: str, kind: str = "code") -> TableSpec:
    return TableSpec((Col("grupp", header, kind), _COUNT, _SHARE, _KI), counts=("antal",),
                     derived=_FROM_COUNT)


def _by_group(header: str, kind: str = "code") -> TableSpec:
    """A share goal per group, with each group's difference from the reference group."""
    derived = ("andel", "ki_lag", "ki_hog", "skillnad", "skillnad_ki_lag", "skillnad_ki_hog")
    return TableSpec((Col("grupp", header, kind), Col("taljare", "c_taljare", "count"),
                      Col("namnare", "c_namnare_mal", "count"), _SHARE, _KI,
                      Col("skillnad", "c_skillnad", "pp"),
                      Col("skillnad_ki_lag", "c_skillnad_ki", "pp_interval", "skillnad_ki_hog"),
                      Col("status", "c_jamforelse", "code")),
                     counts=("taljare", "namnare"), group="namnare", complements=(("taljare", "namnare"),),
                     derived={c: ("taljare", "namnare") for c in derived})


def _difference(header: str, kind: str = "code") -> TableSpec:
    """Attendance per group with each group's difference from the reference group."""
    derived = ("andel", "ki_lag", "ki_hog", "skillnad", "skillnad_ki_lag", "skillnad_ki_hog")
    return TableSpec((Col("grupp", header, kind), Col("deltagare", "c_deltagare", "count"), Col("andel", "c_narvaro", "share"),
                      _KI, Col("skillnad", "c_skillnad", "pp"),
                      Col("skillnad_ki_lag", "c_skillnad_ki", "pp_interval", "skillnad_ki_hog"),
                      Col("status", "c_jamforelse", "code")),
                     counts=("deltagare",), group="deltagare",
                     derived={c: ("planerade", "narvarande") for c in derived})


def _rates(header: str, kind: str = "code") -> TableSpec:
    return TableSpec((Col("grupp", header, kind), Col("deltagare", "c_deltagare", "count"),
                          Col("planerade", "c_planerade", "number"),
                          Col("narvarande", "c_narvarande", "number"), Col("andel", "c_narvaro", "share"),
                          Col("ki_lag", "c_ki", "interval", "ki_hog")), group="deltagare",
                     counts=("deltagare",),
                     derived={c: ("planerade", "narvarande") for c in ("andel", "ki_lag", "ki_hog")})


def _money(header: str) -> TableSpec:
    return TableSpec((Col("grupp", header, "text"), Col("beviljat", "c_beviljat", "kronor"),
                          Col("utfall", "c_kostnad", "kronor"), Col("prognos", "c_prognos", "kronor"),
                          Col("forbrukningsgrad", "c_forbrukningsgrad", "share"),
                          Col("kvar", "c_kvar", "kronor")))


TABLES: dict[str, TableSpec] = {
    "deltagarflode": TableSpec((Col("population", "c_population", "code"), _COUNT),
                               counts=("antal",)),
    "deltagare_per_kon": _split("c_kon"),
    "deltagare_per_aldersgrupp": _split("c_aldersgrupp", "band"),
    "deltagare_per_kommun": _split("c_kommun", "text"),
    "deltagare_per_anvisare": _split("c_anvisare"),
    "forsorjning": TableSpec((Col("forsorjning", "c_forsorjning", "code"),
                                  Col("fore", "c_fore", "count"), Col("efter", "c_efter", "count")),
                             counts=("fore", "efter")),
    "utfall": TableSpec((Col("utfall", "c_utfall", "code"), Col("sus_grupp", "c_sus_grupp", "code"),
                             _COUNT, _SHARE, _KI), counts=("antal",), derived=_FROM_COUNT),
    "utfall_sus": TableSpec((Col("sus_grupp", "c_sus_grupp", "code"), _COUNT, _SHARE, _KI),
                            counts=("antal",), derived=_FROM_COUNT),
    "maluppfyllelse": TableSpec(
        (Col("namn", "c_mal", "text"), Col("taljare", "c_taljare", "number"),
             Col("namnare", "c_namnare_mal", "number"), Col("varde", "c_varde", "goal"),
             Col("malvarde", "c_malvarde", "goal"), Col("ki_lag", "c_ki", "interval", "ki_hog"),
             Col("uppnatt", "c_uppnatt", "bool"), Col("bedomning", "c_bedomning", "code")),
        counts=("taljare", "namnare"), complements=(("taljare", "namnare"),),
        person_rows=("typ", ("utfall", "andel")),
        derived={"varde": ("taljare", "namnare"), "ki_lag": ("taljare", "namnare"),
                 "ki_hog": ("taljare", "namnare"), "uppnatt": ("taljare", "namnare"),
                 "bedomning": ("taljare", "namnare")}),
    "mal_per_kon": _by_group("c_kon"),
    "mal_per_aldersgrupp": _by_group("c_aldersgrupp", "band"),
    "mal_per_kommun": _by_group("c_kommun", "text"),
    "tid_i_insatsen": TableSpec(
        (Col("grupp", "c_grupp", "code"), Col("deltagare", "c_deltagare", "count"),
         Col("avslutade", "c_avslutade", "count"), Col("pagaende", "c_pagaende", "count"),
         Col("median_dagar", "c_median_dagar", "days"), Col("ki_lag", "c_ki", "days_interval", "ki_hog"),
         Col("status", "c_status", "code")),
        counts=("deltagare", "avslutade", "pagaende"), group="deltagare",
        derived={c: ("avslutade", "pagaende") for c in ("median_dagar", "ki_lag", "ki_hog")}),
    "tid_i_insatsen_kurva": TableSpec(
        (Col("dagar", "c_dagar", "number"), Col("andel_kvar", "c_andel_kvar", "share"), _KI,
         Col("i_risk", "c_i_risk", "count"), Col("avslutade", "c_avslutade", "count")),
        counts=("i_risk", "avslutade"), group="i_risk"),
    "narvaro": _rates("c_grupp"),
    "narvaro_per_aldersgrupp": _rates("c_aldersgrupp", "band"),
    "narvaro_per_kon": _rates("c_kon"),
    "narvaro_per_kommun": _rates("c_kommun", "text"),
    "narvaro_skillnad_aldersgrupp": _difference("c_aldersgrupp", "band"),
    "narvaro_skillnad_kon": _difference("c_kon"),
    "narvaro_skillnad_kommun": _difference("c_kommun", "text"),
    "narvaro_fordelning": TableSpec((Col("lag", "c_intervall", "range", "hog"),
                                         Col("deltagare", "c_deltagare", "count"), _SHARE),
                                    counts=("deltagare",), derived={"andel": ("deltagare",)}),
    "narvaro_per_manad": TableSpec((Col("manad", "c_manad", "month"),
                                        Col("deltagare", "c_deltagare", "count"),
                                        Col("planerade", "c_planerade", "number"),
                                        Col("narvarande", "c_narvarande", "number"),
                                        Col("andel", "c_narvaro", "share"), _KI), group="deltagare",
                                   counts=("deltagare",),
                                   derived={c: ("planerade", "narvarande") for c in ("andel", "ki_lag", "ki_hog")}),
    "franvaro_orsaker": TableSpec((Col("orsak", "c_orsak", "code"),
                                       Col("tillfallen", "c_tillfallen", "number"),
                                       Col("deltagare", "c_deltagare", "count"), _SHARE),
                                  group="deltagare", counts=("deltagare",), derived={"andel": ("tillfallen",)}),
    "franvaro_koncentration": TableSpec((Col("deltagare", "c_deltagare", "count"),
                                             Col("deltagare_topp", "c_topp", "count"),
                                             Col("franvaro", "c_franvaro", "number"),
                                             Col("franvaro_topp", "c_franvaro_topp", "number"),
                                             Col("andel", "c_andel_franvaro", "share")),
                                        counts=("deltagare",),
                                        derived={"andel": ("franvaro", "franvaro_topp"),
                                                 "deltagare_topp": ("deltagare",)}),
    "progression": TableSpec(
        (Col("indikator", "c_indikator", "text"), Col("deltagare", "c_deltagare", "count"),
             Col("forbattrad", "forbattrad", "count"), Col("oforandrad", "oforandrad", "count"),
             Col("forsamrad", "forsamrad", "count"), Col("forsta_medel", "c_forsta_medel", "mean"),
             Col("senaste_medel", "c_senaste_medel", "mean"),
             Col("medelforandring", "c_medelforandring", "mean"), Col("p_justerat", "c_p", "p")),
        counts=("forbattrad", "oforandrad", "forsamrad"), group="deltagare",
        derived={c: ("forbattrad", "oforandrad", "forsamrad", "deltagare")
                 for c in ("forsta_medel", "senaste_medel", "medelforandring", "p_justerat")}),
    "progression_forandring": TableSpec(
        (Col("indikator", "c_indikator", "text"), Col("forandring", "c_forandring", "signed"),
         Col("deltagare", "c_deltagare", "count"), _SHARE),
        counts=("deltagare",), derived={"andel": ("deltagare",)}),
    "progression_wilcoxon": TableSpec(
        (Col("indikator", "c_indikator", "text"), Col("deltagare", "c_deltagare", "count"),
         Col("forandrade", "c_forandrade", "count"), Col("p_justerat", "c_p", "p"), Col("metod", "c_metod", "text")),
        counts=("deltagare", "forandrade"), group="deltagare",
        derived={"p_justerat": ("deltagare", "forandrade")}),
    "progression_modell": TableSpec(
        (Col("indikator", "c_indikator", "text"), Col("deltagare", "c_deltagare", "count"),
         Col("skattningar", "c_skattningar", "number"), Col("lutning_per_manad", "c_lutning", "mean2"),
         Col("ki_lag", "c_ki", "mean2_interval", "ki_hog"), Col("status", "c_status", "code")),
        counts=("deltagare",), group="deltagare",
        derived={c: ("deltagare",) for c in ("lutning_per_manad", "ki_lag", "ki_hog")}),
    "kartlaggning": TableSpec((Col("fraga", "c_fraga", "text"), Col("svar_text", "c_svar", "text"),
                                   _COUNT, Col("andel", "c_andel", "share"), _KI,
                                   Col("besvarade", "c_besvarade", "count"),
                                   Col("ej_besvarade", "c_ej_besvarade", "count")),
                              counts=("antal",), derived=_FROM_COUNT, group="besvarade"),
    "ekonomi_per_period": _money("c_period"),
    "ekonomi_per_post": _money("c_post"),
    "ekonomi_per_kommun": _money("c_kommun"),
    "kostnad_per_deltagare": TableSpec((Col("utfall", "c_kostnad", "kronor"),
                                            Col("deltagare", "c_deltagare", "count"),
                                            Col("kostnad_per_deltagare", "c_kostnad_per_deltagare",
                                                "kronor")),
                                        counts=("deltagare",), derived={"kostnad_per_deltagare": ("deltagare",)}),
    "datakvalitet": TableSpec((Col("fil", "c_fil", "text"), Col("orsak", "c_orsak", "text"),
                                   Col("rader", "c_rader", "count"))),
    "saknade_uppgifter": TableSpec((Col("kolumn", "c_kolumn", "text"),
                                        Col("saknas", "c_saknas", "count"),
                                        Col("rader", "c_av", "count"))),
}
