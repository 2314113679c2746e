"""The evaluator's own text: Markdown files in a ``text/`` folder beside ``insats.yaml``.

Real reports have sections the data cannot write (the förbund's tertialrapport form asks for the
insats's goals and method, deviations, the authorities' part in it, cooperation; a slutrapport adds
user participation, lessons and implementation). Each such section is one file, named after the
section (``text/samverkan.md``); the report puts it in its place, in the HTML and Word alike. A file
that is missing or empty leaves its section out. A file may start with ``# Egen rubrik`` to give the
section another heading. Other ``.md`` files become extra sections after the discussion, in the order
of their names (``README.md``, the folder's instructions, is not part of the report).

The text is published as written, so it is checked like the data: a personnummer or a participant's
code in it stops the report, naming the file and line (never the value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from .errors import DataError, Problem
from .labels import label
from .privacy import contains_personnummer, looks_like_personnummer
from .resources import TEXT_FOLDER

__all__ = ["TEXT_SECTIONS", "TextSection", "EvaluatorText", "load_texts", "TEXT_FOLDER"]



@dataclass(frozen=True)
class TextSection:
    """A section of the evaluator's text: file ``<key>.md``; ``place`` is where the report puts it:
    ``summary`` (after the generated summary), ``intro`` (before the figures), the key of a data
    section (at its start), or ``discussion`` (after the figures)."""

    key: str
    place: str


TEXT_SECTIONS: tuple[TextSection, ...] = (
    TextSection("sammanfattning", "summary"),
    TextSection("mal_syfte_metod", "intro"),
    TextSection("avvikelse", "intro"),
    TextSection("deltagare", "deltagare"),
    TextSection("utfall", "utfall"),
    TextSection("narvaro", "narvaro"),
    TextSection("progression", "progression"),
    TextSection("kartlaggning", "kartlaggning"),
    TextSection("ekonomi", "ekonomi"),
    TextSection("aktorernas_delaktighet", "discussion"),
    TextSection("andra_organisationer", "discussion"),
    TextSection("samverkan", "discussion"),
    TextSection("brukarmedverkan", "discussion"),
    TextSection("lardomar", "discussion"),
    TextSection("implementering", "discussion"),
)
_KNOWN = {s.key: s for s in TEXT_SECTIONS}


@dataclass(frozen=True)
class EvaluatorText:
    """One section's text: its heading (``None``: the data section's own heading is used), the
    Markdown body, where it goes and the file it came from."""

    key: str
    place: str
    heading: str | None
    body: str
    file: str


def _read(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise DataError.single(path.name, "filen är varken UTF-8 eller Windows-1252; spara den som UTF-8")


def _checked_codes(ids: set[str]) -> set[str]:
    """Participant codes worth looking for in prose: with a letter and a digit (UF001), or long."""
    return {i for i in ids if len(i) >= 5 or (re.search(r"\d", i) and re.search(r"[^\W\d]", i))}


def _check(text: str, file: str, codes: set[str]) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        words = set(re.findall(r"[\w-]+", line))
        if contains_personnummer(line) or any(looks_like_personnummer(w) for w in words if len(w) >= 10):
            problems.append(Problem(file, "raden innehåller något som ser ut som ett personnummer; "
                                          "texten publiceras och får inte innehålla det", number))
        elif words & codes:
            problems.append(Problem(file, "raden nämner en deltagares kod; texten publiceras och får "
                                          "inte peka ut deltagare", number))
    return problems


def load_texts(folder: Path, participant_ids: set[str], language: str = "sv") -> list[EvaluatorText]:
    """The evaluator's sections from ``folder/text/``, in the report's order; [] without the folder.

    Raises :class:`~evaltools.errors.DataError` naming the file and line for a personnummer or a
    participant code in the text, and for a file name that looks like a misspelt section name.
    """
    where = folder / TEXT_FOLDER
    if not where.is_dir():
        return []
    files = sorted(p for p in where.iterdir()
                   if p.suffix.lower() == ".md" and p.is_file() and p.stem.lower() != "readme")
    problems: list[Problem] = []
    found: dict[str, EvaluatorText] = {}
    extra: list[EvaluatorText] = []
    codes = _checked_codes(participant_ids)
    for path in files:
        name = f"{TEXT_FOLDER}/{path.name}"
        key = path.stem.lower()
        if key not in _KNOWN:
            guess = get_close_matches(key, list(_KNOWN), n=1, cutoff=0.8)
            if guess:
                problems.append(Problem(name, f"okänt avsnitt; menade du {guess[0]}.md? (avsnitten: "
                                              f"{', '.join(s + '.md' for s in _KNOWN)})"))
                continue
        text = _read(path).strip()
        if not text:
            continue
        problems += _check(text, name, codes)
        heading = None
        first, _, rest = text.partition("\n")
        if first.startswith("# "):
            heading, text = first[2:].strip(), rest.strip()
        if key in _KNOWN:
            section = _KNOWN[key]
            found[key] = EvaluatorText(key, section.place, heading or _default_heading(key, language),
                                       text, name)
        else:
            extra.append(EvaluatorText(key, "discussion", heading or path.stem.replace("_", " ").capitalize(),
                                       text, name))
    if problems:
        raise DataError(problems)
    ordered = [found[s.key] for s in TEXT_SECTIONS if s.key in found]
    return ordered + extra


def _default_heading(key: str, language: str) -> str | None:
    """Data sections keep their own heading (the text opens the section); the others have theirs."""
    if _KNOWN[key].place not in ("intro", "discussion"):
        return None
    return label("x_" + key, language)
