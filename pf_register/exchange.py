"""The whole register as one JSON document, and back. The format is in docs/export-format.md.

Export then import into an empty file then export again gives identical output: rows keep
their ids, tables and rows come in a fixed order, and the audit log (the history of one file,
which stays with that file) is not part of the document. Import writes an audit row for every
record it inserts, under the operation "import".
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pf_register import fields as F  # noqa: N812
from pf_register.errors import RegisterError, RegisterNotEmptyError, ValidationError
from pf_register.loading import rows
from pf_register.register import Register
from pf_register.schema import SCHEMA_VERSION
from pf_register.settings import SETTING_NAMES, to_storage, validate_setting

FORMAT_NAME = "pf-register"
FORMAT_VERSION = 1

# Tables in an order where every row's references come before it.
TABLES = (
    "children",
    "people",
    "arrangements",
    "household_members",
    "parents",
    "notifications",
    "visits",
    "checks",
    "decisions",
    "activities",
    "enquiries",
)

_END_FIELD_NAMES = frozenset(F.END_FIELDS)


def _columns(register: Register, table: str) -> list[str]:
    return [c[0] for c in register.db.execute(f"SELECT * FROM [{table}] LIMIT 0").description]


def export_register(register: Register) -> dict[str, Any]:
    """The register's settings and every case record, as plain JSON-ready values."""
    settings = {name: json.loads(text) for name, text in to_storage(register.settings).items()}
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "settings": settings,
    }
    for table in TABLES:
        document[table] = rows(register.db, f"SELECT * FROM [{table}] ORDER BY id")
    return document


def read_export(path: Path) -> dict[str, Any]:
    """Read an export file, or say clearly why it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegisterError(f"No file at {path}") from None
    except UnicodeDecodeError:
        raise RegisterError(f"{path} is not a pf-register JSON export (not UTF-8 text)") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RegisterError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise RegisterError(f'{path} is not a pf-register export (no "format": "{FORMAT_NAME}")')
    return document


def _check_header(document: Mapping[str, Any]) -> None:
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise RegisterError(
            f"export format version {version!r} is not one this program reads "
            f"(it reads version {FORMAT_VERSION}); update pf-register"
        )
    schema = document.get("schema_version")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise RegisterError(
            f"the export was written by a newer pf-register (schema {schema}); update pf-register"
        )


_SQLITE_INT = range(-(2**63), 2**63)


def _check_json_type(where: str, value: object) -> None:
    """Only the plain values a register stores: text, whole numbers SQLite can hold, or null."""
    if value is None or isinstance(value, str | float):
        return
    if isinstance(value, int) and not isinstance(value, bool):
        if value not in _SQLITE_INT:
            raise ValidationError(where, f"{value} is too large a number")
        return
    raise ValidationError(where, f"{json.dumps(value)} is not text, a number or null")


def _check_references(register: Register, tables: Mapping[str, list[dict[str, Any]]]) -> None:
    """Every reference points at a row the file holds, named before anything is written."""
    ids = {table: {row["id"] for row in rows_} for table, rows_ in tables.items()}
    for table, rows_ in tables.items():
        links = register.db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall()
        for link in links:
            target, column = link[2], link[3]
            known = ids.get(target, set())
            for index, row in enumerate(rows_):
                value = row.get(column)
                if value is not None and value not in known:
                    raise ValidationError(
                        f"{table}[{index}].{column}",
                        f"refers to {target} id {value}, which the file does not hold",
                    )
        duplicates = len(rows_) - len(ids[table])
        if duplicates:
            raise ValidationError(table, f"holds {duplicates} rows with an id used twice")


def _clean_row(table: str, index: int, row: object, columns: list[str]) -> dict[str, Any]:
    where = f"{table}[{index}]"
    if not isinstance(row, dict):
        raise ValidationError(where, "is not an object")
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise ValidationError(f"{where}.{unknown[0]}", f"is not a column of {table}")
    for name, value in row.items():
        _check_json_type(f"{where}.{name}", value)
    if not isinstance(row.get("id"), int):
        raise ValidationError(f"{where}.id", "must be a whole number")
    specs = F.TABLE_FIELDS[table]
    entered = {k: v for k, v in row.items() if k in specs}
    if table == "arrangements" and not any(row.get(k) for k in _END_FIELD_NAMES):
        specs = F.ARRANGEMENT_FIELDS  # an open arrangement has no end to check
        entered = {k: v for k, v in entered.items() if k not in _END_FIELD_NAMES}
    # date.max: an export made on a later "today" (a demo's --as-of) is still a valid file.
    cleaned = F.clean(specs, entered, date.max, prefix=where, partial=True)
    return {**row, **cleaned}


def import_register(
    register: Register, document: Mapping[str, Any], *, source: str = "file"
) -> dict[str, int]:
    """Load an export into a register that holds no cases. All of it lands, or none of it."""
    if register.case_count():
        raise RegisterNotEmptyError(
            f"{register.path} already holds {register.case_count()} cases; import only into a "
            "new or empty register (give a new file with --db)"
        )
    _check_header(document)
    settings = document.get("settings") or {}
    if not isinstance(settings, dict):
        raise ValidationError("settings", "is not an object")
    cleaned_settings = {
        name: validate_setting(name, value)
        for name, value in settings.items()
        if name in SETTING_NAMES
    }
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        items = document.get(table, [])
        if not isinstance(items, list):
            raise ValidationError(table, "is not a list")
        columns = _columns(register, table)
        tables[table] = [_clean_row(table, i, row, columns) for i, row in enumerate(items)]
    _check_references(register, tables)
    counts = {table: len(items) for table, items in tables.items()}
    try:
        with register.operation(f"import {source}") as writer:
            if cleaned_settings:
                register.update_settings(**cleaned_settings)
            for table in TABLES:
                for row in tables[table]:
                    writer.insert(table, row)
    except sqlite3.IntegrityError as exc:
        # A broken reference (a visit of an arrangement the file does not hold) or a duplicate.
        raise RegisterError(f"the export is inconsistent and was not imported: {exc}") from None
    return counts
