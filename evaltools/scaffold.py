"""A new insats folder in one command: ``evaltools ny-insats MAPP``.

The folder gets ``insats.yaml`` (the commented template of ``data_templates/insats.yaml`` with the
given name, kommuner, förbund and period filled in), the empty data templates in ``data/`` (one CSV
file per table and the Excel workbook ``mallar.xlsx``, with their description) and the evaluator's
text templates in ``text/``.

With ``source`` (``--fran ANNAN/insats.yaml``, an insats of the same model, say in another kommun) the
new insats.yaml takes the other's goals, age bands, local outcome codes, progression scale,
secrecy, statistics and language settings, and its tables (a new insats has data for the same
tables); a goal entered by hand (``typ: antal``) starts again at 0. Names, kommuner and dates given
as options win over the other insats's.

Nothing existing is ever overwritten: the folder must be new or empty. The new insats.yaml is read
back with :func:`~evaltools.config.load_config` before the command says it is done.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import EvaltoolsError

__all__ = ["new_insats", "TABLES", "parse_day", "default_period"]

#: the data tables, in the order of insats.yaml's data block
TABLES = ("deltagare", "narvaro", "progression", "ekonomi", "kartlaggning")
#: settings taken from the other insats with ``--fran``, in the order insats.yaml lists them
_COPIED = ("aldersgrupper", "utfallskoder", "mal", "progression", "sekretess", "statistik", "sprak")
_EMPTY = {"utfallskoder": {}, "mal": []}


def parse_day(text: str, option: str) -> dt.date:
    """A date given on the command line, ``ÅÅÅÅ-MM-DD``; a Swedish error naming the option otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise EvaltoolsError(f"{option}: '{text}' är inget giltigt datum; skriv ÅÅÅÅ-MM-DD, "
                             "t.ex. 2025-01-01") from None


def default_period(start: dt.date) -> str:
    """The first report period of an insats that starts on ``start``: the half-year it starts in."""
    return f"{start.year}-H{1 if start.month <= 6 else 2}"


class _Flow(dict):
    """A mapping written on one line: ``insatsperiod: {start: 2025-01-01, slut: 2026-12-31}``."""


def _dumper() -> type:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Mappings as indented blocks, lists of plain values on one line, list items indented."""

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            return super().increase_indent(flow, False)

        def represent_sequence(self, tag: str, sequence: Any, flow_style: Any = None) -> Any:
            plain = all(not isinstance(item, (list, dict)) for item in sequence)
            return super().represent_sequence(tag, sequence, flow_style=plain)

    Dumper.add_representer(_Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data,
                                                                        flow_style=True))
    return Dumper


def _dump(key: str, value: Any) -> str:
    """One top-level key of insats.yaml as YAML text."""
    import yaml

    return yaml.dump({key: value}, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def _block(text: str, key: str) -> tuple[int, int] | None:
    """Where the top-level ``key:`` block of ``text`` starts and ends (its line and the indented lines
    after it), or None."""
    match = re.search(rf"^{re.escape(key)}:.*\n(?:[ \t]+.*\n)*", text, flags=re.MULTILINE)
    return (match.start(), match.end()) if match else None


def _set(text: str, key: str, block: str | None) -> str:
    """Replace the ``key`` block with ``block`` (None: comment it out); append it when absent."""
    where = _block(text, key)
    if where is None:
        return text if block is None else f"{text.rstrip()}\n\n{block}"
    start, end = where
    if block is None:
        block = "".join(f"# {line}\n" for line in text[start:end].splitlines())
    return text[:start] + block + text[end:]


def _name_from(folder: Path) -> str:
    words = re.sub(r"[_\-]+", " ", folder.name).strip()
    return (words[:1].upper() + words[1:]) if words else "Ny insats"


def _refuse_existing(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise EvaltoolsError(f"{folder} finns redan och är inte tom; ny-insats skriver aldrig över något, "
                             "välj en ny mapp")


def new_insats(folder: str | Path, *, name: str | None = None, kommuner: Sequence[str] | None = None,
               forbund: str | None = None, start: dt.date | None = None, slut: dt.date | None = None,
               rapportperiod: str | None = None, source: str | Path | None = None) -> list[Path]:
    """Create a new insats folder; return the files written (insats.yaml first).

    Raises :class:`~evaltools.errors.EvaltoolsError` (a Swedish message) when the folder is not new or
    empty, the dates are missing or reversed, or ``source`` is not a valid insats.yaml; in the last
    case the message names the key, as ``evaltools kontrollera`` would.
    """
    from .config import load_config
    from .resources import templates_dir
    from .yamlfile import read_yaml

    folder = Path(folder).expanduser()
    _refuse_existing(folder)
    raw: dict[str, Any] = {}
    tables: tuple[str, ...] = TABLES
    if source is not None:
        other = load_config(source)  # a broken source is told as kontrollera tells it
        raw = read_yaml(other.path)
        tables = tuple(t for t in TABLES if t in other.data)
    if (start is None) != (slut is None) and not raw:
        raise EvaltoolsError("ange både --start och --slut (insatsperiodens första och sista dag)")
    period = dict(raw.get("insatsperiod", {}))
    if start is not None:
        period["start"] = start
    if slut is not None:
        period["slut"] = slut
    if "start" not in period or "slut" not in period:
        raise EvaltoolsError("ange insatsperioden med --start och --slut (eller utgå från en annan insats "
                             "med --fran)")
    first, last = (_as_day(period["start"]), _as_day(period["slut"]))
    if last < first:
        raise EvaltoolsError(f"--slut ({last}) är före --start ({first})")
    if rapportperiod is None:
        same_dates = start is None and slut is None and "rapportperiod" in raw
        rapportperiod = raw["rapportperiod"] if same_dates else default_period(first)

    templates = templates_dir()
    text = (templates / "insats.yaml").read_text(encoding="utf-8")
    text = _set(text, "insats", _dump("insats", name or _name_from(folder)))
    given_forbund = forbund or raw.get("samordningsforbund")
    text = _set(text, "samordningsforbund", _dump("samordningsforbund", given_forbund) if given_forbund else None)
    text = _set(text, "insatsagare", None)  # the other insats's owner is seldom this one's
    given_kommuner = list(kommuner) if kommuner else raw.get("kommuner")
    text = _set(text, "kommuner", _dump("kommuner", list(given_kommuner)) if given_kommuner else None)
    text = _set(text, "insatsperiod", _dump("insatsperiod", _Flow(start=first, slut=last)))
    text = _set(text, "rapportperiod", _dump("rapportperiod", rapportperiod))
    text = _set(text, "data", _dump("data", {t: f"data/{t}.csv" for t in tables}))
    if source is not None:
        for key in _COPIED:
            if key in raw:
                text = _set(text, key, _dump(key, _fresh(key, raw[key])))
            elif key in _EMPTY:
                text = _set(text, key, _dump(key, _EMPTY[key]))
            else:
                text = _set(text, key, None)
        text = text.replace("# insats.yaml – parametrar för en insats. Mall:",
                            f"# insats.yaml – parametrar för en insats, efter {Path(other.path).parent.name}. Mall:", 1)

    folder.mkdir(parents=True, exist_ok=True)
    try:
        written = _write(folder, text, tables, templates)
        load_config(folder / "insats.yaml")  # what was written must be a valid insats.yaml
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return written


def _as_day(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return parse_day(str(value), "insatsperiod")


def _fresh(key: str, value: Any) -> Any:
    """A setting of the other insats as the new one starts it: hand-entered goal figures at 0."""
    if key == "mal" and isinstance(value, list):
        return [{**goal, "utfall": 0} if isinstance(goal, dict) and goal.get("typ") == "antal" else goal
                for goal in value]
    return value


def _write(folder: Path, text: str, tables: Sequence[str], templates: Path) -> list[Path]:
    written = [folder / "insats.yaml"]
    written[0].write_text(text, encoding="utf-8")
    data = folder / "data"
    data.mkdir()
    for table in tables:
        target = data / f"{table}.csv"
        shutil.copyfile(templates / f"{table}.csv", target)
        written.append(target)
    for name in ("mallar.xlsx", "README.md"):
        shutil.copyfile(templates / name, data / name)
        written.append(data / name)
    text_folder = folder / "text"
    shutil.copytree(templates / "text", text_folder)
    written += sorted(text_folder.iterdir())
    return written
