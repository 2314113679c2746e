"""The ``evaltools`` command.

    evaltools rapport PATH/insats.yaml [...] [--ut DIR]   make the report of each insats
    evaltools kontrollera PATH/insats.yaml [...]          check the files without making a report
    evaltools exempel DIR                                 copy the bundled example insats to DIR
    evaltools mallar DIR                                  copy the empty data templates to DIR

Exit status: 0 when everything succeeded, 1 when any insats failed (each failure named), 2 for a
command line that cannot be understood, 130 when interrupted.

Users see Swedish messages only, never a Python traceback: ``--debug`` (rapport, kontrollera) adds
the traceback for developers.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import EvaltoolsError, by_file

__all__ = ["main"]

_TRANSLATIONS = {
    "the following arguments are required": "de här argumenten saknas",
    "unrecognized arguments": "okända argument",
    "invalid choice": "okänt kommando",
    "expected one argument": "väntade ett värde",
    "choose from": "välj bland",
}


class _Parser(argparse.ArgumentParser):
    """argparse with Swedish error messages."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, swedish in _TRANSLATIONS.items():
            message = message.replace(english, swedish)
        self.print_usage(sys.stderr)
        self.exit(2, f"evaltools: fel: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="evaltools", description="Figurer, tabeller och nyckeltal för följeforskning "
                                                   "av FINSAM-insatser.")
    parser.add_argument("--version", action="version", version=f"evaltools {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=_Parser)
    commands.required = True

    rapport = commands.add_parser("rapport", help="gör rapporten för en eller flera insatser",
                                  description="Kör rapportanteckningsboken för varje insats.yaml och skriver "
                                              "rapporten som HTML och Word, figurer, tabeller (CSV och Excel), "
                                              "nyckeltal.json och datakvalitet.csv.")
    rapport.add_argument("insatser", nargs="+", metavar="INSATS",
                         help="sökväg till insats.yaml (eller mappen med den)")
    rapport.add_argument("--ut", metavar="MAPP", type=Path,
                         help="utmapp (standard: <insats>/rapport/<rapportperiod>/); med flera insatser "
                              "får varje insats en undermapp med insatsmappens namn")
    rapport.add_argument("--tidsgrans", metavar="SEKUNDER", type=int, default=900,
                         help="längsta tid en cell i anteckningsboken får ta (standard 900)")
    rapport.add_argument("--mall", metavar="FIL.docx", type=Path,
                         help="förbundets Word-mall: Word-rapporten får mallens stilar, sidhuvud, sidfot "
                              "och logga")
    rapport.add_argument("--debug", action="store_true", help=_DEBUG_HELP)

    check = commands.add_parser("kontrollera", help="kontrollera datafilerna utan att göra rapporten",
                                description="Läser och kontrollerar insats.yaml och datafilerna och visar "
                                            "varje problem i varje fil på en gång, fil för fil.")
    check.add_argument("insatser", nargs="+", metavar="INSATS", help="sökväg till insats.yaml")
    check.add_argument("--debug", action="store_true", help=_DEBUG_HELP)

    example = commands.add_parser("exempel", help="kopiera exempelinsatsen till en ny mapp",
                                  description="Kopierar den syntetiska exempelinsatsen Ung Framtid; byt ut "
                                              "dess data mot egna och kör evaltools rapport.")
    example.add_argument("mapp", type=Path, metavar="MAPP", help="mappen att skapa")

    templates = commands.add_parser("mallar", help="kopiera de tomma datamallarna till en mapp",
                                    description="Kopierar datamallarna (CSV, Excel) och deras beskrivning.")
    templates.add_argument("mapp", type=Path, metavar="MAPP", help="mappen att skapa")
    return parser


_DEBUG_HELP = "visa Pythons felspårning (traceback) vid fel; för utvecklare"


def _unexpected(err: BaseException) -> str:
    """What a user is told about an error that is not one of evaltools' own: never its text, which
    may quote data."""
    return (f"ett oväntat fel inträffade i evaltools ({type(err).__name__}). Kör kommandot igen med "
            "--debug för detaljer och rapportera felet till utvecklarna.")


def _report_failure(path: str, err: BaseException, debug: bool, detail: str | None = None) -> None:
    """Print one insats's failure on stderr: the Swedish message, with --debug also the traceback."""
    if isinstance(err, EvaltoolsError):
        text = detail if detail is not None else str(err)
    else:
        text = _unexpected(err)
    print(f"FEL: {path}\n{text}\n", file=sys.stderr, flush=True)
    if debug:
        traceback.print_exception(err, file=sys.stderr)


def _grouped(err: EvaltoolsError) -> str:
    """Every problem of an error, grouped by file with a count per file (in row order), and the total."""
    if not err.problems:
        return str(err)
    groups = by_file(err.problems)
    lines = []
    for file, problems in groups.items():
        lines.append(f"{file} ({len(problems)} problem):")
        for problem in sorted(problems, key=lambda p: (p.row is not None, p.row or 0)):
            place = problem.place()
            lines.append(f"  {place + ': ' if place else ''}{problem.message}")
    total = len(err.problems)
    lines.append(f"Totalt {total} problem i {len(groups)} {'fil' if len(groups) == 1 else 'filer'}.")
    return "\n".join(lines)


def _output_folders(paths: Sequence[str], root: Path | None) -> list[Path | None]:
    """Where each insats's report goes; with several insatser, one subfolder per insats folder."""
    if root is None:
        return [None] * len(paths)
    if len(paths) == 1:
        return [root]
    names = []
    for path in paths:
        p = Path(path).expanduser().resolve()
        names.append((p if p.is_dir() else p.parent).name)
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    clashes = sorted(n for n, k in seen.items() if k > 1)
    if clashes:
        raise EvaltoolsError(f"flera insatser ligger i mappar med samma namn ({', '.join(clashes)}); "
                             "kör dem var för sig med egna --ut")
    return [root / name for name in names]


def _rapport(args: argparse.Namespace) -> int:
    from .run import run_report

    try:
        outputs = _output_folders(args.insatser, args.ut)
    except EvaltoolsError as err:
        print(f"evaltools: fel: {err}", file=sys.stderr)
        return 2
    failures = []
    for path, output in zip(args.insatser, outputs):
        print(f"Gör rapporten för {path} …", flush=True)
        try:
            result = run_report(path, output, timeout=args.tidsgrans, template=args.mall)
        except Exception as err:  # evaltools' own errors, and any other so that no traceback shows
            failures.append(path)
            _report_failure(path, err, args.debug)
            continue
        left_out = (f" {result.left_out_rows} rader lämnades utanför figurerna; se datakvalitet.csv."
                    if result.left_out_rows else "")
        print(f"Klar: {result.insats} {result.period}.{left_out}\n  Rapporten: {result.html}\n"
              f"  Word: {result.html.with_suffix('.docx')}\n"
              f"  Figurer, tabeller och nyckeltal: {result.output}", flush=True)
    if failures:
        print(f"{len(failures)} av {len(args.insatser)} insatser misslyckades: {', '.join(failures)}",
              file=sys.stderr)
        return 1
    return 0


def _kontrollera(args: argparse.Namespace) -> int:
    from .insats import load_insats

    failed = 0
    for path in args.insatser:
        try:
            insats = load_insats(path)
        except Exception as err:  # evaltools' own errors, and any other so that no traceback shows
            failed += 1
            _report_failure(path, err, args.debug,
                            _grouped(err) if isinstance(err, EvaltoolsError) else None)
            continue
        c = insats.config
        tables = ", ".join(sorted(c.data))
        print(f"OK: {c.insats} {c.period.label} ({len(insats.deltagare)} deltagare; filer: {tables})")
        for row in insats.kvalitet.itertuples(index=False):
            print(f"  lämnas utanför: {row.fil}, rad {row.rad}"
                  f"{', kolumn ' + row.kolumn if row.kolumn else ''}: {row.orsak}")
    if failed and len(args.insatser) > 1:
        print(f"{failed} av {len(args.insatser)} insatser har problem.", file=sys.stderr)
    return 1 if failed else 0


def _copy(source: Path, target: Path, what: str) -> int:
    if target.exists() and any(target.iterdir()):
        print(f"evaltools: fel: {target} finns redan och är inte tom; välj en ny mapp", file=sys.stderr)
        return 1
    shutil.copytree(source, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.py", "rapport"))
    print(f"{what} finns nu i {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("evaltools: avbrutet", file=sys.stderr)
        return 130
    except Exception as err:  # never a traceback for a user
        print(f"evaltools: fel: {err if isinstance(err, EvaltoolsError) else _unexpected(err)}",
              file=sys.stderr)
        if getattr(args, "debug", False):
            traceback.print_exception(err, file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "rapport":
        return _rapport(args)
    if args.command == "kontrollera":
        return _kontrollera(args)
    from .resources import example_dir, templates_dir

    if args.command == "exempel":
        code = _copy(example_dir(), args.mapp, "Exempelinsatsen")
        if code == 0:
            print(f"Gör rapporten med: evaltools rapport {args.mapp / 'insats.yaml'}")
        return code
    return _copy(templates_dir(), args.mapp, "Datamallarna")


if __name__ == "__main__":
    sys.exit(main())
