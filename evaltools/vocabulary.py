"""The words of the contract: folding of names and values, category codes, their aliases and SUS groups.

Codes are language-neutral identifiers (they are also the keys of ``nyckeltal.json``); what a person
reads is in :mod:`evaltools.labels`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "fold", "GENDERS", "GENDER_ALIASES", "REFERRERS", "REFERRER_ALIASES", "INCOME_SOURCES",
    "INCOME_ALIASES", "OUTCOMES", "OUTCOME_ALIASES", "SUS_GROUPS", "OUTCOME_SUS_GROUP", "YES_NO",
    "YES_NO_ALIASES", "ATTENDED_ALIASES", "ABSENCE_REASONS", "UNKNOWN",
]

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]+")
_UNDERSCORES = re.compile(r"_+")


def fold(text: str) -> str:
    """Fold a column name or category value to its canonical form.

    Case is ignored, surrounding spaces dropped, Swedish (and other) letters folded to ASCII and inner
    spaces and hyphens read as ``_``: ``"Kön"`` -> ``"kon"``, ``" Deltagar-ID "`` -> ``"deltagar_id"``,
    ``"Vård av barn"`` -> ``"vard_av_barn"``.
    """
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("ß", "ss").replace("æ", "ae").replace("ø", "o")
    text = _SEPARATORS.sub("_", text)
    return _UNDERSCORES.sub("_", text).strip("_")


UNKNOWN = "okand"

GENDERS = ("kvinna", "man", "annat", "okant")
GENDER_ALIASES = {
    "k": "kvinna", "kvinnor": "kvinna", "flicka": "kvinna", "flickor": "kvinna", "tjej": "kvinna",
    "f": "kvinna", "female": "kvinna", "woman": "kvinna",
    "m": "man", "man": "man", "pojke": "man", "pojkar": "man", "kille": "man", "male": "man",
    "annan": "annat", "icke_binar": "annat", "other": "annat",
    "okand": "okant", "uppgift_saknas": "okant", "ej_angivet": "okant", "unknown": "okant",
}

REFERRERS = ("arbetsformedlingen", "forsakringskassan", "kommun", "region", "skola", "egen_anmalan",
             "annan")
REFERRER_ALIASES = {
    "af": "arbetsformedlingen", "fk": "forsakringskassan", "socialtjansten": "kommun", "ifo": "kommun",
    "forsorjningsstod": "kommun", "kaa": "kommun", "vuxenpsykiatri": "region", "vardcentral": "region",
    "psykiatri": "region", "egen": "egen_anmalan", "sjalvanmalan": "egen_anmalan", "annat": "annan",
}

INCOME_SOURCES = ("forsorjningsstod", "aktivitetsersattning", "sjukersattning", "sjukpenning",
                  "aktivitetsstod", "a_kassa", "lon", "studiemedel", "ingen", "annan", "okand")
INCOME_ALIASES = {
    "ekonomiskt_bistand": "forsorjningsstod", "akassa": "a_kassa", "arbetsloshetsersattning": "a_kassa",
    "csn": "studiemedel", "etableringsersattning": "annan", "annat": "annan", "okant": "okand",
    "lonearbete": "lon", "anstallning": "lon", "ingen_ersattning": "ingen",
}

SUS_GROUPS = ("forvarvsarbete", "studier", "aktivt_arbetssokande", "ovriga_avslutade")

OUTCOME_SUS_GROUP = {
    "arbete": "forvarvsarbete",
    "studier": "studier",
    "arbetssokande": "aktivt_arbetssokande",
    "arbetsforberedande": "ovriga_avslutade",
    "arbetslivsinriktad_rehabilitering": "ovriga_avslutade",
    "medicinsk_rehabilitering": "ovriga_avslutade",
    "sjuk_aktivitetsersattning": "ovriga_avslutade",
    "daglig_verksamhet": "ovriga_avslutade",
    "annan_insats": "ovriga_avslutade",
    "utebliven_kontakt": "ovriga_avslutade",
    "flyttat": "ovriga_avslutade",
    "annat": "ovriga_avslutade",
    "okant": "ovriga_avslutade",
}
OUTCOMES = tuple(OUTCOME_SUS_GROUP)
OUTCOME_ALIASES = {
    "forvarvsarbete": "arbete", "anstallning": "arbete", "nystartsjobb": "arbete",
    "subventionerad_anstallning": "arbete", "studerar": "studier", "studie": "studier",
    "aktivt_arbetssokande": "arbetssokande", "sjukersattning": "sjuk_aktivitetsersattning",
    "aktivitetsersattning": "sjuk_aktivitetsersattning", "annan": "annat", "okand": "okant",
    "flytt": "flyttat",
}

YES_NO = ("ja", "nej")
YES_NO_ALIASES = {"j": "ja", "yes": "ja", "y": "ja", "1": "ja", "sant": "ja", "true": "ja",
                  "n": "nej", "no": "nej", "0": "nej", "falskt": "nej", "false": "nej"}
ATTENDED_ALIASES = {**YES_NO_ALIASES, "narvarande": "ja", "narvaro": "ja",
                    "franvarande": "nej", "franvaro": "nej"}

ABSENCE_REASONS = ("sjukdom", "vard_av_barn", "psykisk_ohalsa", "annat", "okand")
