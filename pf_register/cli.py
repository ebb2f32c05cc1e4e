"""The command line: the same register core the desktop app uses.

Every error is one clear line on stderr and a non-zero exit, never a traceback. With no
subcommand the desktop app opens; it lives in ``ui/``, so the app's entry point passes itself
in as ``open_gui`` and this module never imports Qt.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO

from pf_register import __version__
from pf_register.clock import Obligation
from pf_register.errors import RegisterError
from pf_register.paths import ENV_VAR, default_register_path

OpenGui = Callable[[Path, bool, str], int]
DUE_FIELDS = ("case", "child", "rule", "title", "detail", "due", "status", "days")


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
    due.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="judge as on this day (default: today)",
    )
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
    demo.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="anchor the demo's dates on this day (default: today)",
    )

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
    return parser


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
        args.out.write_text(text, encoding="utf-8")
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
    with Register.open(path, create=True) as register:
        counts = import_register(register, document, source=str(args.file))
    out.write(f"Imported {counts['arrangements']} arrangements into {path.resolve()}\n")
    return 0


# ---------------------------------------------------------------------------- check
def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pf_register.integrity import check_register

    report = check_register(_db_path(args))
    for line in report.lines:
        out.write(line + "\n")
    return 0 if report.ok else 1


COMMANDS = {
    "due": cmd_due,
    "demo": cmd_demo,
    "export": cmd_export,
    "import": cmd_import,
    "check": cmd_check,
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
    except OSError as exc:
        err.write(
            f"pf-register: {exc.strerror or exc}: {exc.filename or ''}\n".replace(": \n", "\n")
        )
        return 1
    except BrokenPipeError:  # the reader (e.g. `head`) stopped reading: nothing to report
        sys.stdout = None  # keep Python quiet as it exits
        return 0
    except KeyboardInterrupt:
        err.write("pf-register: interrupted\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
