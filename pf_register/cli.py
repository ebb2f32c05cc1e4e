"""The command line: the same register core the desktop app uses.

Every error is one clear line on stderr and a non-zero exit, never a traceback. With no
subcommand the desktop app opens; it lives in ``ui/``, so the app's entry point passes itself
in as ``open_gui`` and this module never imports Qt.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO

from pf_register import __version__
from pf_register.clock import Obligation
from pf_register.dates import FIRST_REPORT_DAY, LAST_REPORT_DAY
from pf_register.errors import RegisterError
from pf_register.paths import ENV_VAR, default_register_path

OpenGui = Callable[[Path, bool, str], int]
DUE_FIELDS = ("case", "child", "rule", "title", "detail", "due", "status", "days")
# References only, never names: the list is of cases whose personal data is about to go, and
# a name written to a file or a scheduled task's log is a copy that the erase cannot reach.
RETENTION_FIELDS = ("case", "ended", "end_reason", "why_ended", "years_since_end", "review_from")


class CliError(Exception):
    """A mistake on the command line, reported as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def _positive(text: str) -> int:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("give 1 or more")
    return value


def _add_db(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        # A subcommand's default must not overwrite a --db given before the subcommand.
        default=None if top else argparse.SUPPRESS,
        help=f"the register file (default: {default_register_path()}, or ${ENV_VAR})",
    )


def _add_as_of(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD", help=help_text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pf-register",
        description="The private fostering register. With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"pf-register {__version__}")
    _add_db(parser, top=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a fresh copy of the demo register in a temporary folder",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    due = commands.add_parser("due", help="list every open obligation, overdue first")
    _add_db(due)
    _add_as_of(due, "judge as on this day (default: today)")
    due.add_argument(
        "--within",
        type=_non_negative,
        metavar="DAYS",
        help="only overdue items and those due within DAYS days",
    )
    due.add_argument("--format", choices=("table", "json", "csv"), default="table")

    demo = commands.add_parser("demo", help="fill a new register with fictional demo cases")
    _add_db(demo)
    demo.add_argument("--seed", type=int, default=1, help="same seed and date, same register")
    demo.add_argument("--cases", type=_positive, default=60, metavar="N")
    _add_as_of(demo, "anchor the demo's dates on this day (default: today)")

    export = commands.add_parser("export", help="write the register out")
    export.add_argument("what", choices=("register",), help="what to export")
    _add_db(export)
    export.add_argument("--format", choices=("json",), default="json")
    export.add_argument("--out", type=Path, metavar="FILE", help="default: standard output")

    imp = commands.add_parser("import", help="load an exported register into a new or empty one")
    imp.add_argument("file", type=Path, metavar="FILE.json")
    _add_db(imp)

    check = commands.add_parser("check", help="check the register file's integrity")
    _add_db(check)

    backup = commands.add_parser("backup", help="back the register up now (into its backups)")
    _add_db(backup)

    restore = commands.add_parser(
        "restore", help="replace the register with a backup (after checking it)"
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    _add_db(restore)

    retention = commands.add_parser(
        "retention",
        help="list ended cases past the retention period, for review (references, no names)",
    )
    _add_db(retention)
    _add_as_of(retention, "judge as on this day (default: today)")
    retention.add_argument("--format", choices=("table", "json", "csv"), default="table")

    erase = commands.add_parser(
        "erase",
        help="erase the personal data of an ended case (audited; cannot be undone)",
        description="Erase the personal data of the ended case REFERENCE in one audited "
        "transaction: names, contact details and free text become [erased], dates of birth "
        "keep only the month; dates, codes and the audit trail's who and when stay, so the "
        "statistics do not change (docs/reliability.md, section 6).",
    )
    erase.add_argument("reference", metavar="REFERENCE", help="the case, e.g. PF-2020-0012")
    erase.add_argument(
        "--reason", required=True, metavar="TEXT", help="why, e.g. 'retention review 2032'"
    )
    _add_db(erase)
    erase.add_argument(
        "--yes",
        action="store_true",
        help="do not ask for confirmation (needed when not run at a terminal)",
    )

    _add_stats(commands)
    return parser


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year; give e.g. 2026") from None
    if not FIRST_REPORT_DAY.year <= year <= LAST_REPORT_DAY.year:
        raise argparse.ArgumentTypeError(f"{year} is not a year the register can hold")
    return year


def _report_date(text: str) -> date:
    """A date for a statistics command: one the register can hold (a date far off would
    overflow the calendar arithmetic of the weeks and periods around it)."""
    day = _iso_date(text)
    if not FIRST_REPORT_DAY <= day <= LAST_REPORT_DAY:
        raise argparse.ArgumentTypeError(
            f"{day.isoformat()} is not a date the register can report on; give one from "
            f"{FIRST_REPORT_DAY.isoformat()} to {LAST_REPORT_DAY.isoformat()}"
        )
    return day


def _weeks(text: str) -> int:
    from pf_register.settings import _INT_BOUNDS  # the setting's own range

    low, high = _INT_BOUNDS["awareness_weeks"]
    value = _positive(text)
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{value} weeks is too many; give {low} to {high}")
    return value


def _add_stats(commands: argparse._SubParsersAction[_Parser]) -> None:
    """The ``stats`` group. To add a subcommand, add a parser to ``groups`` here and give it
    ``set_defaults(stats_handler=cmd_stats_<name>)``: ``cmd_stats`` runs that handler."""
    stats = commands.add_parser("stats", help="statistics for a period, written to a file")
    _add_db(stats)
    groups = stats.add_subparsers(
        dest="stats_command", parser_class=_Parser, metavar="STATISTICS", required=True
    )
    annual = groups.add_parser(
        "annual",
        help="the annual report pack for a financial year (or one quarter of it)",
        description="Write the annual report: every figure and chart for financial year YEAR "
        "(YEAR 2026 = 1 April 2026 to 31 March 2027). Small counts are hidden by the "
        "register's suppression threshold. --with-child-list also writes the child-level "
        "list, to a separate restricted file.",
    )
    _add_db(annual)
    annual.add_argument("--year", type=_year, required=True, help="financial year, e.g. 2026")
    annual.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="only this quarter")
    annual.add_argument("--format", choices=("xlsx", "pdf", "csv"), required=True)
    annual.add_argument("--out", type=Path, metavar="FILE", required=True)
    annual.add_argument(
        "--as-of",
        type=_report_date,
        metavar="YYYY-MM-DD",
        help="judge deadlines as on this day (default: today)",
    )
    annual.add_argument(
        "--with-child-list",
        action="store_true",
        help="also write the child-level list (one row per child, not suppressed) to a "
        "separate file beside FILE named ...-child-level-RESTRICTED (XLSX, or CSV for csv): "
        "for the authority's own use, not for sharing",
    )
    # The list used to be in by default; it is now left out unless asked for.
    annual.add_argument("--without-child-list", action="store_true", help=argparse.SUPPRESS)
    annual.set_defaults(stats_handler=cmd_stats_annual)
    enquiries = groups.add_parser(
        "enquiries",
        help="awareness raising: enquiries, activities and notifications between two dates",
        description="Write the awareness-raising statistics (docs/statistics-awareness.md) for "
        "the days FROM to TO, both included: enquiries and notifications by month, sector, "
        "area, channel and outcome, activities and what followed them, notice timeliness and "
        "where to target next. Small counts are hidden by the suppression threshold.",
    )
    _add_db(enquiries)
    enquiries.add_argument(
        "--from", dest="start", type=_report_date, required=True, metavar="YYYY-MM-DD"
    )
    enquiries.add_argument(
        "--to", dest="end", type=_report_date, required=True, metavar="YYYY-MM-DD"
    )
    enquiries.add_argument("--format", choices=("csv", "xlsx", "pdf"), required=True)
    enquiries.add_argument("--out", type=Path, metavar="FILE", required=True)
    enquiries.add_argument(
        "--weeks",
        type=_weeks,
        metavar="N",
        help="weeks before and after each activity to compare (default: the setting)",
    )
    enquiries.add_argument(
        "--as-of",
        type=_report_date,
        metavar="YYYY-MM-DD",
        help="judge as on this day (default: today)",
    )
    enquiries.set_defaults(stats_handler=cmd_stats_enquiries)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_register_path()


# ---------------------------------------------------------------------------- due
def due_item(obligation: Obligation) -> dict[str, object]:
    return {
        "case": obligation.reference,
        "child": obligation.child,
        "rule": obligation.code,
        "title": obligation.rule.heading,
        "detail": obligation.detail,
        "due": obligation.due.isoformat(),
        "status": obligation.status.value,
        "days": obligation.days,
    }


def _print_table(items: list[dict[str, object]], out: TextIO) -> None:
    headers = ("Case", "Child", "Rule", "Due", "Status", "Days", "What")
    table = [
        (
            str(i["case"]),
            str(i["child"]),
            str(i["rule"]),
            f"{date.fromisoformat(str(i['due'])):%a} {i['due']}",
            str(i["status"]).replace("_", " "),
            str(i["days"]),
            f"{i['what']}: {i['detail']}" if i["detail"] else str(i["what"]),
        )
        for i in items
    ]
    widths = [max([len(h)] + [len(row[n]) for row in table]) for n, h in enumerate(headers)]
    for row in [headers, tuple("-" * w for w in widths), *table]:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")


def cmd_due(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.register import Register

    with Register.open(_db_path(args)) as register:
        as_of = args.as_of or register.today()
        obligations = register.due(as_of, within_days=args.within)
        items = [due_item(o) for o in obligations]
        where = str(register.path)
    if args.format == "json":
        json.dump(
            {"register": where, "as_of": as_of.isoformat(), "items": items},
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    elif args.format == "csv":
        err.write(f"Register: {where}\n")
        writer = csv.DictWriter(out, fieldnames=DUE_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(items)
    else:
        overdue = sum(1 for i in items if i["status"] == "overdue")
        out.write(
            f"Register: {where}\nAs of {as_of:%A %d %B %Y}: {len(items)} open, "
            f"{overdue} overdue\n\n"
        )
        if items:
            rows = [{**i, "what": o.rule.title} for i, o in zip(items, obligations, strict=True)]
            _print_table(rows, out)
        else:
            out.write("Nothing is due.\n")
    return 0


# ---------------------------------------------------------------------------- demo
def cmd_demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.demo import build_demo

    if args.db is None:
        raise CliError(
            "give the new register's file with --db PATH (the demo never fills your "
            "default register)"
        )
    path = _db_path(args)
    as_of = args.as_of or date.today()
    build_demo(path, seed=args.seed, cases=args.cases, as_of=as_of)
    out.write(
        f"Demo register with {args.cases} fictional cases written to {path.resolve()} "
        f"(as of {as_of.isoformat()}, seed {args.seed})\n"
    )
    return 0


# ---------------------------------------------------------------------------- export / import
def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.exchange import export_register
    from pf_register.register import Register

    with Register.open(_db_path(args)) as register:
        document = export_register(register)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        out.write(text)
    else:
        from pf_register.stats.exporting import write_atomically

        # Whole or not at all, and readable by its owner only: it names children.
        write_atomically(args.out, text.encode("utf-8"))
        err.write(
            f"Exported {len(document['arrangements'])} arrangements from {_db_path(args)} "
            f"to {args.out}\n"
        )
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.exchange import import_register, read_export
    from pf_register.register import Register

    document = read_export(args.file)
    path = _db_path(args)
    existed = path.exists()
    try:
        with Register.open(path, create=True) as register:
            counts = import_register(register, document, source=str(args.file))
    except BaseException:
        if not existed:  # a refused import leaves no empty register behind
            path.unlink(missing_ok=True)
        raise
    out.write(f"Imported {counts['arrangements']} arrangements into {path.resolve()}\n")
    return 0


# ---------------------------------------------------------------------------- check
def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.integrity import check_register

    report = check_register(_db_path(args))
    for line in report.lines:
        out.write(line + "\n")
    return 0 if report.ok else 1


# ---------------------------------------------------------------------------- backup / restore
def cmd_backup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.backup import make_backup
    from pf_register.register import Register

    with Register.open(_db_path(args)) as register:
        made = make_backup(register)
    out.write(f"Backed up {register.path} to {made.path}\n")
    return 0


def cmd_restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.backup import backup_folder, restore_backup
    from pf_register.register import Register

    path = _db_path(args)
    folder = None
    try:  # the register's own backup folder setting, if the file can still be read
        with Register.open(path, read_only=True) as register:
            folder = backup_folder(register)
    except RegisterError:
        pass
    result = restore_backup(args.file, path, backups=folder)
    kept = (
        f"; the file it replaced is kept as {result.replaced_copy}" if result.replaced_copy else ""
    )
    out.write(f"Restored {result.register} from {result.restored_from}{kept}\n")
    for line in result.erasure_lines():
        out.write(f"{line}\n")
    return 0


# ---------------------------------------------------------------------------- retention / erase
def cmd_retention(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.codes import END_REASONS
    from pf_register.privacy import due_for_review
    from pf_register.register import Register

    with Register.open(_db_path(args), read_only=True) as register:
        as_of = args.as_of or register.today()
        review = due_for_review(register, as_of)
        years = register.settings.retention_years
        where = str(register.path)
    items: list[dict[str, object]] = [
        {
            "case": i.reference,
            "ended": i.end_date.isoformat(),
            "end_reason": i.end_reason,
            "why_ended": END_REASONS.label(i.end_reason) if i.end_reason else "",
            "years_since_end": i.years_since_end(as_of),
            "review_from": i.review_from.isoformat(),
        }
        for i in review
    ]
    if args.format == "json":
        document = {
            "register": where,
            "as_of": as_of.isoformat(),
            "retention_years": years,
            "items": items,
        }
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "csv":
        err.write(f"Register: {where}\n")
        writer = csv.DictWriter(out, fieldnames=RETENTION_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(items)
    else:
        out.write(
            f"Register: {where}\nAs of {as_of:%A %d %B %Y}: "
            f"{len(items)} ended case{'' if len(items) == 1 else 's'} past the retention "
            f"period ({years} years) to review\n\n"
        )
        if not items:
            out.write("Nothing to review.\n")
            return 0
        headers = ("Case", "Ended", "Years", "Why it ended")
        table = [
            (str(i["case"]), str(i["ended"]), str(i["years_since_end"]), str(i["why_ended"]))
            for i in items
        ]
        widths = [max([len(h)] + [len(r[n]) for r in table]) for n, h in enumerate(headers)]
        for row in [headers, tuple("-" * w for w in widths), *table]:
            cells = zip(row, widths, strict=True)
            out.write("  ".join(cell.ljust(w) for cell, w in cells).rstrip() + "\n")
        out.write(
            "\nOpen a case in the app to review it; erase its personal data with "
            "'pf-register erase REFERENCE --reason TEXT'.\n"
        )
    return 0


def _confirm(question: str, err: TextIO) -> bool:
    """Ask at the terminal; only 'yes' (or 'y') goes ahead."""
    err.write(question)
    err.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in {"y", "yes"}


def cmd_erase(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.loading import full_name
    from pf_register.locking import holder
    from pf_register.privacy import check_erasable, erase_case
    from pf_register.register import Register

    path = _db_path(args)
    # Someone with the case on screen would go on seeing, and could save over, what is erased.
    other = holder(path)
    if other is not None:
        raise CliError(
            f"{other.describe()} has {path.name} open; ask them to close it, then erase "
            "again. Nothing was erased."
        )
    with Register.open(path) as register:
        arrangement_id = register.arrangement_id_for(args.reference)
        reason = check_erasable(register, arrangement_id, args.reason)
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError(
                    f"refusing to erase {args.reference} without --yes when not run at a terminal"
                )
            record = register.case(arrangement_id)
            ended = record.arrangement["end_date"]
            if not _confirm(
                f"Erase the personal data of {args.reference} ({full_name(record.child)}, "
                f"ended {ended})? Names, contact details and notes become [erased]; this "
                "cannot be undone. Type yes to erase: ",
                err,
            ):
                err.write("Nothing was erased.\n")
                return 1
        result = erase_case(register, arrangement_id, reason)
    kept = f"; kept for another case: {'; '.join(result.kept_shared)}" if result.kept_shared else ""
    out.write(
        f"Erased the personal data of {args.reference} in {register.path} "
        f"({result.rows_erased} records, {result.audit_rows_redacted} audit rows redacted{kept})."
        " Backups made before now still hold it until they age out.\n"
    )
    return 0


# ---------------------------------------------------------------------------- stats
def cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.stats_handler
    return handler(args, out, err)


def cmd_stats_annual(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.register import Register
    from pf_register.stats.annual import annual_report
    from pf_register.stats.exporting import write_report
    from pf_register.stats.period import financial_year, quarter

    period = financial_year(args.year) if args.quarter is None else quarter(args.year, args.quarter)
    with_list = args.with_child_list and not args.without_child_list
    with Register.open(_db_path(args), read_only=True) as register:
        today = args.as_of or register.today()
        report = annual_report(register, period, today=today, with_child_list=with_list)
        threshold = register.settings.suppression_threshold
        where = register.path
    written = write_report(report, args.out, args.format, threshold=threshold)
    out.write(
        f"Wrote the {period.label} report ({period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}) "
        f"from {where} to {written[0]} ({_hidden_words(threshold)})\n"
    )
    for listing in written[1:]:
        out.write(
            f"Wrote the child-level list to {listing}: RESTRICTED, one row per child and not "
            "suppressed; for the authority's own use, not for sharing\n"
        )
    return 0


def _hidden_words(threshold: int) -> str:
    if threshold <= 1:
        return "suppression off: no counts hidden"
    return f"counts below {threshold} hidden"


def cmd_stats_enquiries(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.register import Register
    from pf_register.stats.awareness import awareness_report
    from pf_register.stats.exporting import write_report
    from pf_register.stats.period import Period

    if args.end < args.start:
        raise CliError(f"--to {args.end.isoformat()} is before --from {args.start.isoformat()}")
    period = Period.custom(args.start, args.end)
    with Register.open(_db_path(args), read_only=True) as register:
        today = args.as_of or register.today()
        report = awareness_report(register, period, weeks=args.weeks, today=today)
        threshold = register.settings.suppression_threshold
        where = register.path
    write_report(report, args.out, args.format, threshold=threshold)
    out.write(
        f"Wrote the awareness statistics for {period.label} from {where} to {args.out} "
        f"({_hidden_words(threshold)})\n"
    )
    return 0


COMMANDS = {
    "due": cmd_due,
    "demo": cmd_demo,
    "export": cmd_export,
    "import": cmd_import,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "stats": cmd_stats,
    "retention": cmd_retention,
    "erase": cmd_erase,
}


def _open_app(args: argparse.Namespace, open_gui: OpenGui | None) -> int:
    if open_gui is None:
        raise CliError("the desktop app is not available here; use a command such as 'due'")
    if args.demo:
        from pf_register.demo import build_demo

        folder = Path(tempfile.mkdtemp(prefix="pf-register-demo-"))
        path = folder / "demo-register.db"
        build_demo(path, as_of=date.today())
        return open_gui(path, False, "demo copy")
    return open_gui(_db_path(args), True, "")


def main(
    argv: Sequence[str] | None = None,
    *,
    open_gui: OpenGui | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return _open_app(args, open_gui)
        return COMMANDS[args.command](args, out, err)
    except (CliError, RegisterError) as exc:
        err.write(f"pf-register: {exc}\n")
        return 2 if isinstance(exc, CliError) else 1
    except sqlite3.Error as exc:  # a damaged or locked file found while reading it
        from pf_register.storage import storage_failure

        failure = storage_failure(exc, _db_path(args) if "args" in locals() else Path("register"))
        err.write(f"pf-register: {failure}\n")
        return 1
    except BrokenPipeError:  # the reader (e.g. `head`) stopped reading: nothing to report
        sys.stdout = None  # keep Python quiet as it exits
        return 0
    except OSError as exc:  # after BrokenPipeError, which is one
        err.write(
            f"pf-register: {exc.strerror or exc}: {exc.filename or ''}\n".replace(": \n", "\n")
        )
        return 1
    except KeyboardInterrupt:
        err.write("pf-register: interrupted\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
