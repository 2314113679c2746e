"""The ``evaltools`` command.

    evaltools rapport PATH/insats.yaml [...] [--ut DIR]   make the report of each insats (in parallel)
    evaltools kontrollera PATH/insats.yaml [...]          check the files without making a report
    evaltools ny-insats DIR [--fran OTHER/insats.yaml]    a new insats folder, ready to fill in
    evaltools oversikt PATH/insats.yaml [...] --ut DIR    the förbund's insatser side by side
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
                         help="sökväg till insats.yaml, mappen med den, en förbundsmapp med en insats "
                              "per undermapp, eller ett mönster som 'förbundet/*/insats.yaml'")
    rapport.add_argument("--ut", metavar="MAPP", type=Path,
                         help="utmapp (standard: <insats>/rapport/<rapportperiod>/); med flera insatser "
                              "får varje insats en undermapp med insatsmappens namn")
    rapport.add_argument("--tidsgrans", metavar="SEKUNDER", type=int, default=900,
                         help="längsta tid en cell i anteckningsboken får ta (standard 900)")
    rapport.add_argument("--mall", metavar="FIL.docx", type=Path,
                         help="förbundets Word-mall: Word-rapporten får mallens stilar, sidhuvud, sidfot "
                              "och logga")
    rapport.add_argument("--parallell", metavar="N", type=_positive, default=None,
                         help="hur många rapporter som görs samtidigt, var och en i en egen process "
                              "(standard: antalet processorkärnor)")
    rapport.add_argument("--kluster", metavar="ADRESS",
                         help="kör rapporterna på ett Dask-kluster, t.ex. tcp://värd:8786 (kräver "
                              "evaltools[kluster]; insatsmapparna ska nås med samma sökväg från klustret)")
    rapport.add_argument("--om", action="store_true",
                         help="gör om rapporten även när inget har ändrats sedan förra gången")
    rapport.add_argument("--debug", action="store_true", help=_DEBUG_HELP)

    check = commands.add_parser("kontrollera", help="kontrollera datafilerna utan att göra rapporten",
                                description="Läser och kontrollerar insats.yaml och datafilerna och visar "
                                            "varje problem i varje fil på en gång, fil för fil.")
    check.add_argument("insatser", nargs="+", metavar="INSATS",
                       help="insats.yaml, en mapp med en, en förbundsmapp med en insats per undermapp, eller ett "
                            "mönster (förbundet/*/insats.yaml)")
    check.add_argument("--debug", action="store_true", help=_DEBUG_HELP)

    example = commands.add_parser("exempel", help="kopiera exempelinsatsen till en ny mapp",
                                  description="Kopierar den syntetiska exempelinsatsen Ung Framtid; byt ut "
                                              "dess data mot egna och kör evaltools rapport.")
    example.add_argument("mapp", type=Path, metavar="MAPP", help="mappen att skapa")

    templates = commands.add_parser("mallar", help="kopiera de tomma datamallarna till en mapp",
                                    description="Kopierar datamallarna (CSV, Excel) och deras beskrivning.")
    templates.add_argument("mapp", type=Path, metavar="MAPP", help="mappen att skapa")

    new = commands.add_parser("ny-insats", help="skapa en ny insatsmapp med insats.yaml och tomma mallar",
                              description="Skapar MAPP med insats.yaml, tomma datamallar (CSV och Excel) i "
                                          "data/ och textmallar i text/. Med --fran kopieras mål, "
                                          "åldersgrupper, skala och inställningar från en annan insats av "
                                          "samma modell. Skriver aldrig över en befintlig mapp.")
    new.add_argument("mapp", type=Path, metavar="MAPP", help="mappen att skapa (ny eller tom)")
    new.add_argument("--fran", metavar="INSATS", type=Path,
                     help="en annan insats.yaml (eller mappen med den) att utgå från")
    new.add_argument("--namn", help="insatsens namn (standard: mappens namn)")
    new.add_argument("--kommun", action="append", metavar="KOMMUN",
                     help="en kommun som deltar; ange flera gånger för flera kommuner")
    new.add_argument("--forbund", metavar="NAMN", help="samordningsförbundet")
    new.add_argument("--start", metavar="ÅÅÅÅ-MM-DD", help="insatsperiodens första dag")
    new.add_argument("--slut", metavar="ÅÅÅÅ-MM-DD", help="insatsperiodens sista dag")
    new.add_argument("--rapportperiod", metavar="PERIOD",
                     help="rapportperioden: 2025, 2025-H1, 2025-T2 … (standard: första halvåret "
                          "insatsen pågår, eller den andra insatsens)")

    overview = commands.add_parser("oversikt", help="förbundsöversikt: flera insatser sida vid sida",
                                   description="Gör förbundsöversikten: insatsernas deltagare, nya och "
                                               "avslutade, utfall per SUS-grupp, måluppfyllelse, närvaro "
                                               "och kostnad per deltagare sida vid sida, med summor, som "
                                               "HTML och Word, figurer, tabeller och nyckeltal.json.")
    overview.add_argument("insatser", nargs="+", metavar="INSATS",
                          help="insats.yaml, mappar med en, en förbundsmapp eller ett mönster")
    overview.add_argument("--ut", metavar="MAPP", type=Path,
                          help="utmapp (krävs, utom för en enda förbundsmapp: då <mappen>/oversikt)")
    overview.add_argument("--tidsgrans", metavar="SEKUNDER", type=int, default=1800,
                          help="längsta tid en cell i anteckningsboken får ta (standard 1800)")
    overview.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' är inget heltal") from None
    if value < 1:
        raise argparse.ArgumentTypeError("ska vara minst 1")
    return value


_DEBUG_HELP = "visa Pythons felspårning (traceback) vid fel; för utvecklare"


def _unexpected(err: BaseException) -> str:
    """What a user is told about an error that is not one of evaltools' own: never its text, which
    may quote data."""
    from .batch import unexpected_message

    return unexpected_message(err)


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
    from .batch import Job, resolve_insatser

    paths = resolve_insatser(args.insatser)
    if args.kluster:  # the workers may run elsewhere, in another folder
        paths = [str(Path(p).expanduser().resolve()) for p in paths]
        args.ut = args.ut.expanduser().resolve() if args.ut else None
    try:
        outputs = _output_folders(paths, args.ut)
    except EvaltoolsError as err:
        print(f"evaltools: fel: {err}", file=sys.stderr)
        return 2
    template = None
    if args.mall is not None:
        from .run import _checked_template

        template = str(_checked_template(args.mall))  # once, before any insats
    jobs = [Job(path, str(output) if output else None, args.tidsgrans, template, args.om)
            for path, output in zip(paths, outputs)]
    if len(jobs) == 1 and not args.kluster:
        return _one_report(jobs[0], args.debug)
    return _batch(jobs, args)


def _one_report(job, debug: bool) -> int:
    """One insats, in this process, told as it goes."""
    from .batch import InlineExecutor, run_batch

    print(f"Gör rapporten för {job.path} …", flush=True)
    outcome = run_batch([job], InlineExecutor(), progress=False)[0]
    if outcome.failed:
        _print_failure(outcome, debug)
        return 1
    left_out = (f" {outcome.left_out_rows} rader lämnades utanför figurerna; se datakvalitet.csv."
                if outcome.left_out_rows else "")
    html = Path(outcome.html)
    if outcome.status == "oforandrad":
        print(f"Oförändrad: {outcome.insats} {outcome.period} – inget har ändrats sedan rapporten "
              f"gjordes; kör med --om för att göra om den.{left_out}")
    else:
        print(f"Klar: {outcome.insats} {outcome.period}.{left_out}")
    print(f"  Rapporten: {html}\n  Word: {html.with_suffix('.docx')}\n"
          f"  Figurer, tabeller och nyckeltal: {outcome.output}", flush=True)
    return 0


def _print_failure(outcome, debug: bool) -> None:
    print(f"FEL: {outcome.path}\n{outcome.error}\n", file=sys.stderr, flush=True)
    if debug and outcome.traceback:
        print(outcome.traceback, file=sys.stderr, flush=True)


def _batch(jobs: list, args: argparse.Namespace) -> int:
    """Several insatser: in parallel processes (or on a Dask cluster), a progress bar, a summary."""
    from tqdm import tqdm

    from .batch import cluster_executor, local_executor, run_batch, summary_table

    client = None
    if args.kluster:
        executor, client = cluster_executor(args.kluster)
        where = f"på klustret {args.kluster}"
    else:
        workers = min(args.parallell or _cores(), len(jobs))
        executor = local_executor(workers)
        where = f"{workers} åt gången" if workers > 1 else "en i taget"
    print(f"Gör rapporterna för {len(jobs)} insatser, {where} …", flush=True)

    def done(outcome, finished: int, total: int) -> None:
        if outcome.failed:
            tqdm.write(f"[{finished}/{total}] FEL: {outcome.path}", file=sys.stderr)
            return
        verb = "Klar" if outcome.status == "klar" else "Oförändrad"
        tqdm.write(f"[{finished}/{total}] {verb}: {outcome.insats} {outcome.period} ({outcome.output})",
                   file=sys.stdout)

    interrupted = True
    try:
        outcomes = run_batch(jobs, executor, on_done=done)
        interrupted = False
    finally:
        if client is not None:
            client.close()
        else:
            executor.shutdown(wait=not interrupted, cancel_futures=interrupted)
    sys.stdout.flush()
    failures = [o for o in outcomes if o.failed]
    for outcome in failures:
        _print_failure(outcome, args.debug)
    print(f"\nSammanfattning:\n{summary_table(outcomes)}", flush=True)
    if failures:
        print(f"{len(failures)} av {len(jobs)} insatser misslyckades: "
              f"{', '.join(o.path for o in failures)}", file=sys.stderr)
        return 1
    return 0


def _cores() -> int:
    """The processor cores this process may use."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _kontrollera(args: argparse.Namespace) -> int:
    from .batch import resolve_insatser
    from .insats import load_insats

    failed = 0
    paths = resolve_insatser(args.insatser)  # a förbund folder or a glob, as rapport takes them
    for path in paths:
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
        from .quality import kommun_warnings

        warned = kommun_warnings(c, {"deltagare": insats.deltagare, "ekonomi": insats.ekonomi})
        for row in warned.itertuples(index=False):  # counted, not left out: a value to check
            print(f"  varning: {row.fil}, rad {row.rad}, kolumn {row.kolumn}: {row.orsak}")
    if failed and len(paths) > 1:
        print(f"{failed} av {len(paths)} insatser har problem.", file=sys.stderr)
    return 1 if failed else 0


def _oversikt(args: argparse.Namespace) -> int:
    from .batch import resolve_insatser
    from .run import run_overview

    output = args.ut
    if output is None:
        folder = Path(args.insatser[0]).expanduser()
        if len(args.insatser) > 1 or not folder.is_dir() or (folder / "insats.yaml").is_file():
            print("evaltools: fel: ange utmappen med --ut (bara för en förbundsmapp blir den "
                  "<förbundsmappen>/oversikt)", file=sys.stderr)
            return 2
        output = folder / "oversikt"
    paths = resolve_insatser(args.insatser)
    print(f"Gör förbundsöversikten för {len(paths)} insatser …", flush=True)
    try:
        result = run_overview(paths, output, timeout=args.tidsgrans)
    except Exception as err:  # evaltools' own errors, and any other so that no traceback shows
        _report_failure(", ".join(args.insatser), err, args.debug)
        if args.debug and getattr(err, "detail", None):
            print(f"I anteckningsboken:\n{err.detail}", file=sys.stderr)
        return 1
    print(f"Klar: förbundsöversikten över {', '.join(result.insatser)}.\n  Översikten: {result.html}\n"
          f"  Word: {result.html.with_suffix('.docx')}\n  Figurer, tabeller och nyckeltal: {result.output}")
    return 0


def _ny_insats(args: argparse.Namespace) -> int:
    from .scaffold import new_insats, parse_day

    start = parse_day(args.start, "--start") if args.start else None
    slut = parse_day(args.slut, "--slut") if args.slut else None
    written = new_insats(args.mapp, name=args.namn, kommuner=args.kommun, forbund=args.forbund,
                         start=start, slut=slut, rapportperiod=args.rapportperiod, source=args.fran)
    config = written[0]
    print(f"Den nya insatsen finns i {args.mapp}:\n"
          f"  {config.name}: insatsens parametrar{' (efter ' + str(args.fran) + ')' if args.fran else ''}; "
          "läs igenom och ändra mål och inställningar\n"
          "  data/: tomma datamallar (CSV och Excel) att fylla i; README.md beskriver kolumnerna\n"
          "  text/: din egen text till rapportens avsnitt\n"
          f"Kontrollera filerna med: evaltools kontrollera {config}\n"
          f"Gör rapporten med: evaltools rapport {config}")
    return 0


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
    if args.command == "ny-insats":
        return _ny_insats(args)
    if args.command == "oversikt":
        return _oversikt(args)
    from .resources import example_dir, templates_dir

    if args.command == "exempel":
        code = _copy(example_dir(), args.mapp, "Exempelinsatsen")
        if code == 0:
            print(f"Gör rapporten med: evaltools rapport {args.mapp / 'insats.yaml'}")
        return code
    return _copy(templates_dir(), args.mapp, "Datamallarna")


if __name__ == "__main__":
    sys.exit(main())
