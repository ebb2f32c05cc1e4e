"""The register facade: one object that owns the file and performs what an officer does.

Every write operation validates all its input first, then writes inside one transaction with an
audit row per change, so a refused or failed operation leaves the file exactly as it was. The
desktop app and the command line both go through this class; neither touches SQL.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlite_utils import Database

from pf_register import fields as F  # noqa: N812  (F.CHILD_FIELDS reads as a table of fields)
from pf_register.audit import ERASE_OPERATION, AuditedWriter, current_user
from pf_register.clock import CaseFacts, Obligation, case_obligations
from pf_register.clock.facts import EnquiryFact
from pf_register.clock.rules import enquiry_follow_up, required_checks
from pf_register.codes import (
    CHILD_LIVING_THERE_KINDS,
    ENQUIRY_CHANNELS,
    ENQUIRY_SOURCES,
    NOTIFIER_ROLES,
    OPENING_KINDS,
)
from pf_register.dates import age_on, anniversary, from_iso
from pf_register.due_cache import DueCache, DueWork, arrangements_touched, data_version
from pf_register.errors import NotFoundError, ReadOnlyError, ValidationError
from pf_register.loading import CaseRecord, Row, full_name, load_case_facts, load_case_record, rows
from pf_register.settings import Settings, from_storage, to_storage, validate_setting
from pf_register.storage import open_database, storage_failure
from pf_register.workdays import WorkingCalendar

Values = Mapping[str, object]


def first_per_case(due: Iterable[Obligation]) -> dict[int, Obligation]:
    """The first (most urgent) obligation of each arrangement in a due list."""
    found: dict[int, Obligation] = {}
    for obligation in due:
        if obligation.arrangement_id:  # 0: not about an arrangement (an enquiry follow-up)
            found.setdefault(obligation.arrangement_id, obligation)
    return found


@dataclass(frozen=True)
class CaseSummary:
    """One line of the register list or of a search result."""

    arrangement_id: int
    reference: str
    child: str
    child_dob: date | None
    carer: str
    type_code: str | None
    officer: str | None
    start_date: date | None
    end_date: date | None
    first_notified: date | None
    address: str | None = None  # where the child lives

    @property
    def is_open(self) -> bool:
        return self.end_date is None


@dataclass(frozen=True)
class MissingItem:
    """Something Schedule 1 (or the clock) needs that the officer has not recorded yet."""

    field: str
    label: str


def _require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise ValidationError(field, message)


class Register:
    """An open register file. Use as a context manager, or call ``close()``."""

    def __init__(
        self,
        db: Database,
        path: Path,
        *,
        user: str,
        today: Callable[[], date],
        read_only: bool = False,
    ) -> None:
        self.db = db
        self.path = path
        self.user = user
        # Why changes are refused (None: the register can be changed). See ``set_read_only``.
        self.read_only_reason: str | None = (
            "this register was opened read-only; close it and open it again to make changes"
            if read_only
            else None
        )
        self._on_close: list[Callable[[], None]] = []
        self._today = today
        self._writer = AuditedWriter(db, user)
        self._settings = self._load_settings()
        self._calendar: WorkingCalendar | None = None
        self._due_cache: DueCache | None = None

    # ----------------------------------------------------------------- opening and closing
    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = False,
        user: str | None = None,
        today: Callable[[], date] = date.today,
        read_only: bool = False,
    ) -> Register:
        """Open the register at ``path``. ``create`` makes a new one if there is no file.

        ``today`` is injected so tests and ``--as-of`` can fix the day the register judges by.
        ``read_only`` opens it without ever writing: every change raises ``ReadOnlyError``.
        """
        path = Path(path).expanduser()
        db = open_database(path, create=create, read_only=read_only)
        return cls(
            db, path.resolve(), user=user or current_user(), today=today, read_only=read_only
        )

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def set_read_only(self, reason: str) -> None:
        """Refuse every change from now on, saying ``reason`` (e.g. who has the file open)."""
        self.read_only_reason = reason

    def on_close(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` when the register is closed (e.g. to release the presence file)."""
        self._on_close.append(callback)

    def close(self) -> None:
        self.db.close()
        callbacks, self._on_close = self._on_close, []
        for callback in callbacks:
            callback()

    def __enter__(self) -> Register:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def today(self) -> date:
        return self._today()

    # ----------------------------------------------------------------- settings and calendar
    def _load_settings(self) -> Settings:
        stored = {r["key"]: r["value"] for r in rows(self.db, "SELECT key, value FROM settings")}
        return from_storage(stored)

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def calendar(self) -> WorkingCalendar:
        """The working calendar for the current closure days (kept while they stay the same)."""
        closures = frozenset(self._settings.closure_days)
        if self._calendar is None or self._calendar.closure_days != closures:
            self._calendar = WorkingCalendar(closures)
        return self._calendar

    def update_settings(self, **changes: object) -> Settings:
        """Change settings; every deadline computed afterwards uses them."""
        cleaned = {name: validate_setting(name, value) for name, value in changes.items()}
        new = self._settings.replace(**cleaned)
        stored = to_storage(new)
        with self.operation("update settings"):
            for name in cleaned:
                self._writer.put_setting(name, stored[name])
        self._settings = new
        return new

    # ----------------------------------------------------------------- transactions
    @contextmanager
    def operation(self, name: str) -> Iterator[AuditedWriter]:
        """One officer action: one transaction, its audit rows named after it.

        The facade's own methods use it; bulk loaders (import) use it to write rows they have
        already validated. Nested operations become savepoints of the outer one.
        """
        if self.read_only_reason is not None:
            raise ReadOnlyError(f"Nothing was saved: {self.read_only_reason}.")
        outer = self._writer.operation
        try:
            with self.db.atomic():
                # Inside another operation (an import), rows are logged under the outer name.
                self._writer.operation = name if outer == "unnamed" else outer
                yield self._writer
        except sqlite3.IntegrityError:  # a broken reference: the caller words it (import)
            self._reload_settings_after_rollback()
            raise
        except sqlite3.Error as exc:
            # Locked, full, read-only or damaged: the officer's words, not SQLite's.
            self._reload_settings_after_rollback()
            raise storage_failure(exc, self.path) from exc
        except BaseException:
            self._reload_settings_after_rollback()  # a rolled-back settings change
            raise
        finally:
            self._writer.operation = outer

    def _reload_settings_after_rollback(self) -> None:
        with suppress(sqlite3.Error):  # the file cannot be read now: keep what was last read
            self._settings = self._load_settings()

    @contextmanager
    def expecting(self, loaded: Mapping[tuple[str, str], Mapping[str, Any]]) -> Iterator[None]:
        """Inside this block, an update of a row that differs from how the officer loaded it
        (``loaded``: (table, id) → row, e.g. ``locking.case_snapshot``) is refused with
        ``ConflictError`` and nothing is written: someone else changed it meanwhile."""
        previous = self._writer.expected
        self._writer.expected = {key: dict(row) for key, row in loaded.items()}
        try:
            yield
        finally:
            self._writer.expected = previous

    # ----------------------------------------------------------------- reading
    def arrangement(self, arrangement_id: int) -> Row:
        found = rows(self.db, "SELECT * FROM arrangements WHERE id = ?", [arrangement_id])
        if not found:
            raise NotFoundError(f"No arrangement with id {arrangement_id} in this register")
        return found[0]

    def arrangement_id_for(self, reference: str) -> int:
        found = rows(self.db, "SELECT id FROM arrangements WHERE reference = ?", [reference])
        if not found:
            raise NotFoundError(f"No arrangement with reference {reference} in this register")
        return int(found[0]["id"])

    def case(self, arrangement_id: int) -> CaseRecord:
        record = load_case_record(self.db, arrangement_id)
        if record is None:
            raise NotFoundError(f"No arrangement with id {arrangement_id} in this register")
        return record

    def case_facts(self, arrangement_id: int) -> CaseFacts:
        found = load_case_facts(self.db, [arrangement_id])
        if not found:
            raise NotFoundError(f"No arrangement with id {arrangement_id} in this register")
        return found[0]

    def all_case_facts(self) -> list[CaseFacts]:
        return load_case_facts(self.db)

    def obligations(self, arrangement_id: int, today: date | None = None) -> list[Obligation]:
        """Every obligation of one arrangement (done and open), most urgent first."""
        return case_obligations(
            self.case_facts(arrangement_id), today or self.today(), self.calendar, self._settings
        )

    def due(self, today: date | None = None, within_days: int | None = None) -> list[Obligation]:
        """Every open obligation across the register, overdue first (pending enquiries'
        ENQUIRY_FOLLOW_UP included: reference the enquiry's, no child)."""
        today = today or self.today()
        touched = self._writer.touched
        cache = self._due_cache
        if (
            cache is None
            or not cache.is_valid_for(self.db, today, self._settings)
            or any(table == "settings" for table, _, _ in touched)
        ):
            cache = DueCache.build(self.db, today, self.calendar, self._settings)
        else:
            cache.update(self.db, arrangements_touched(self.db, touched), self.calendar)
        touched.clear()
        self._due_cache = cache
        result = cache.obligations(within_days)
        result += self.enquiry_obligations(today, within_days)
        result.sort(key=Obligation.sort_key)
        return result

    def due_work(self) -> DueWork:
        """The due list's work for another thread (see ``DueWork``); ``adopt_due`` takes it."""
        return DueWork(self.path, self.today(), self._settings, data_version(self.db))

    def adopt_due(self, work: DueWork) -> bool:
        """Take the cache ``work`` built on another thread, if it still holds: none built here
        meanwhile, the same day and settings, and no commit by another program since the work
        was made (SQLite's ``data_version`` of this connection). Writes made here meanwhile
        stay marked and are recomputed by the next ``due()``."""
        cache = work.cache
        if (
            cache is None
            or self._due_cache is not None
            or cache.today != self.today()
            or cache.settings != self._settings
            or data_version(self.db) != work.data_version
        ):
            return False
        cache.data_version = work.data_version
        self._due_cache = cache
        return True

    def required_checks(self, arrangement_id: int) -> list[Any]:
        return required_checks(self.case_facts(arrangement_id), self._settings)

    def case_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM arrangements").fetchone()[0])

    _SUMMARY_SQL = (
        "SELECT a.id, a.reference, a.type_code, a.officer, a.start_date, a.end_date, a.address,"
        " c.first_name AS c_first_name, c.last_name AS c_last_name, c.date_of_birth,"
        " p.first_name AS p_first_name, p.last_name AS p_last_name,"
        " (SELECT min(received) FROM notifications n WHERE n.arrangement_id = a.id) AS first"
        " FROM arrangements a JOIN children c ON c.id = a.child_id"
        " LEFT JOIN people p ON p.id = a.carer_id"
    )

    @staticmethod
    def _summary(row: Row) -> CaseSummary:
        return CaseSummary(
            arrangement_id=row["id"],
            reference=row["reference"],
            child=full_name(row, "c_"),
            child_dob=from_iso(row["date_of_birth"]),
            carer=full_name(row, "p_") if row["p_first_name"] else "",
            type_code=row["type_code"],
            officer=row["officer"],
            start_date=from_iso(row["start_date"]),
            end_date=from_iso(row["end_date"]),
            first_notified=from_iso(row["first"]),
            address=row["address"],
        )

    def cases(self) -> list[CaseSummary]:
        return [
            self._summary(r) for r in rows(self.db, self._SUMMARY_SQL + " ORDER BY a.reference")
        ]

    @staticmethod
    def _search(text: str) -> tuple[str, dict[str, str]]:
        """The SQL condition (on ``a``, ``c``, ``p``) and parameters of a search for ``text``."""
        text = text.strip()
        dob = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if dob:
            text = f"{int(dob[3]):04d}-{int(dob[2]):02d}-{int(dob[1]):02d}"
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where = (
            "(a.reference LIKE :q ESCAPE '\\' OR c.cms_reference LIKE :q ESCAPE '\\'"
            " OR c.date_of_birth = :exact"
            " OR (c.first_name || ' ' || c.last_name) LIKE :q ESCAPE '\\'"
            " OR (p.first_name || ' ' || p.last_name) LIKE :q ESCAPE '\\')"
        )
        return where, {"q": f"%{escaped}%", "exact": text}

    def find(self, text: str) -> list[CaseSummary]:
        """Cases whose child or carer name, reference, case-management reference or child's
        date of birth (YYYY-MM-DD or DD/MM/YYYY) matches ``text``."""
        if not text.strip():
            return self.cases()
        where, params = self._search(text)
        cursor = self.db.execute(
            self._SUMMARY_SQL + " WHERE " + where + _MATCHES_BY_REFERENCE, params
        )
        columns = [c[0] for c in cursor.description]
        return [self._summary(dict(zip(columns, r, strict=True))) for r in cursor.fetchall()]

    # Reads for long lists: ids chosen in SQL, details fetched only for the rows on screen.
    def case_ids(
        self,
        *,
        state: str = "all",
        type_code: str | None = None,
        officer: str | None = None,
        text: str = "",
    ) -> list[int]:
        """Ids of the arrangements that match, in reference order. ``state`` is ``open``,
        ``ended`` or ``all``; ``text`` searches as ``find`` does."""
        if state not in ("open", "ended", "all"):
            raise ValueError(f"state must be open, ended or all, not {state!r}")
        clauses: list[str] = []
        params: dict[str, object] = {}
        if state == "open":
            clauses.append("a.end_date IS NULL")
        elif state == "ended":
            clauses.append("a.end_date IS NOT NULL")
        if type_code is not None:
            clauses.append("a.type_code = :type_code")
            params["type_code"] = type_code
        if officer is not None:
            clauses.append("a.officer = :officer")
            params["officer"] = officer
        sql = "SELECT a.id FROM arrangements a"
        if text.strip():
            where, search = self._search(text)
            sql += " JOIN children c ON c.id = a.child_id LEFT JOIN people p ON p.id = a.carer_id"
            clauses.append(where)
            params.update(search)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses) + _MATCHES_BY_REFERENCE
        else:
            sql += " ORDER BY a.reference"
        return [int(r[0]) for r in self.db.execute(sql, params)]

    def summaries(self, ids: Iterable[int]) -> dict[int, CaseSummary]:
        """The register-list line of each arrangement in ``ids`` (unknown ids are left out)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, CaseSummary] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in rows(self.db, f"{self._SUMMARY_SQL} WHERE a.id IN ({marks})", chunk):
                found[row["id"]] = self._summary(row)
        return found

    def officers(self) -> list[str]:
        """The officers named on any arrangement, in alphabetical order."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT officer FROM arrangements WHERE officer IS NOT NULL"
                " ORDER BY officer"
            )
        ]

    def next_deadlines(self, today: date | None = None) -> dict[int, Obligation]:
        """The most urgent open obligation of each arrangement that has one (open cases
        only), computed in one pass over the register."""
        return first_per_case(self.due(today))

    def missing(self, arrangement_id: int) -> list[MissingItem]:
        """What Schedule 1 asks for that this case does not record yet."""
        record = self.case(arrangement_id)
        items: list[MissingItem] = []
        for name, spec in F.CHILD_FIELDS.items():
            if spec.wanted and record.child[name] is None:
                items.append(MissingItem(f"child.{name}", f"Child: {spec.label}"))
        for name, spec in F.ARRANGEMENT_FIELDS.items():
            if spec.wanted and record.arrangement[name] is None:
                items.append(MissingItem(f"arrangement.{name}", spec.label))
        if record.carer is None:
            items.append(MissingItem("carer", "The carer"))
        else:
            for name in F.CARER_WANTED:
                if record.carer[name] is None:
                    label = F.PERSON_FIELDS[name].label.lower()
                    items.append(MissingItem(f"carer.{name}", f"Carer's {label}"))
        if not record.parents:
            items.append(
                MissingItem("parents", "The child's parents or people with parental responsibility")
            )
        for member in record.household:
            if member["date_of_birth"] is None:
                items.append(
                    MissingItem(
                        f"household.{member['id']}.date_of_birth",
                        f"Date of birth of {full_name(member)} (decides which checks they need)",
                    )
                )
        if record.arrangement["end_date"] is None and record.arrangement["start_date"] is None:
            kinds = {n["kind"] for n in record.notifications}
            if kinds & {"already_in_place", "moved_in"}:
                items.append(MissingItem("arrangement.start_date", "Date the child moved in"))
        return items

    def audit_log(self, table: str | None = None, row_id: object = None) -> list[Row]:
        sql = "SELECT * FROM audit_log"
        params: list[object] = []
        if table is not None:
            sql += " WHERE table_name = ?"
            params.append(table)
            if row_id is not None:
                sql += " AND row_id = ?"
                params.append(str(row_id))
        return rows(self.db, sql + " ORDER BY id", params)

    # ----------------------------------------------------------------- validation helpers
    def _clean(
        self, specs: Mapping[str, F.Field], values: Values, prefix: str = "", partial: bool = False
    ) -> dict[str, Any]:
        return F.clean(specs, values, self.today(), prefix=prefix, partial=partial)

    def _open_arrangement(self, arrangement_id: int, field: str = "arrangement") -> Row:
        arrangement = self.arrangement(arrangement_id)
        _require(
            arrangement["end_date"] is None,
            field,
            f"{arrangement['reference']} ended on {arrangement['end_date']}; it can no longer be "
            "changed this way. Reopen it first if the ending was recorded by mistake.",
        )
        return arrangement

    def _first_notified(self, arrangement_id: int) -> date | None:
        value = self.db.execute(
            "SELECT min(received) FROM notifications WHERE arrangement_id = ?", [arrangement_id]
        ).fetchone()[0]
        return from_iso(value)

    @staticmethod
    def _check_age_at_start(child: Mapping[str, Any], start: date | None, field: str) -> None:
        dob = from_iso(child.get("date_of_birth"))
        if dob is None or start is None:
            return
        _require(
            start >= dob,
            field,
            f"the arrangement starts on {start.isoformat()}, before the child was born on "
            f"{dob.isoformat()}; check both dates",
        )
        disabled = bool(child.get("disabled"))
        limit = 18 if disabled else 16
        _require(
            age_on(dob, start) < limit,
            field,
            f"the child was already {limit} on {start.isoformat()}, when the arrangement "
            f"started ({'disabled: ' if disabled else ''}private fostering ends at {limit}; "
            f"the {limit}th birthday was {anniversary(dob, limit).isoformat()}). Check the date "
            "of birth, or whether this is private fostering at all.",
        )

    @staticmethod
    def _arrangement_start(
        arrangement: Mapping[str, Any], first_notified: date | None
    ) -> date | None:
        return (
            from_iso(arrangement.get("start_date"))
            or from_iso(arrangement.get("planned_start"))
            or first_notified
        )

    def _next_reference(self, received: str) -> str:
        year = received[:4]
        last = self.db.execute(
            "SELECT max(CAST(substr(reference, 9) AS INTEGER)) FROM arrangements"
            " WHERE reference >= ? AND reference < ?",  # a range: seeks the unique index
            [f"PF-{year}-", f"PF-{year}."],  # "." follows "-": every PF-{year}-… in between
        ).fetchone()[0]
        return f"PF-{year}-{(last or 0) + 1:04d}"

    def _clean_people(
        self, specs: Mapping[str, F.Field], items: Sequence[Values], prefix: str
    ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Split each item into person fields and link fields (relationship, dates)."""
        cleaned = []
        for index, item in enumerate(items):
            where = f"{prefix}[{index}]"
            person = {k: v for k, v in item.items() if k not in specs}
            link = {k: v for k, v in item.items() if k in specs}
            cleaned.append(
                (
                    self._clean(F.PERSON_FIELDS, person, where),
                    self._clean(specs, link, where),
                )
            )
        return cleaned

    @staticmethod
    def _check_household_dates(link: Mapping[str, Any], where: str) -> None:
        joined, left = from_iso(link.get("joined")), from_iso(link.get("left"))
        if joined and left:
            _require(
                left >= joined,
                f"{where}.left",
                f"{left.isoformat()} is before they joined on {joined.isoformat()}",
            )

    # ----------------------------------------------------------------- notifications
    def record_new_case(
        self,
        *,
        notification: Values,
        child: Values,
        carer: Values | None = None,
        arrangement: Values | None = None,
        household: Sequence[Values] = (),
        parents: Sequence[Values] = (),
    ) -> int:
        """Record the notification that opens a case, creating the child, carer, household,
        parents and arrangement. Returns the new arrangement's id.

        ``household`` and ``parents`` items hold person fields plus their link fields
        (``relationship``, ``joined``, ``left``; ``has_parental_responsibility``).
        """
        note = self._clean(F.NOTIFICATION_FIELDS, notification, "notification")
        _require(
            note["kind"] in OPENING_KINDS,
            "notification.kind",
            "a new case starts with a proposal, an arrangement already in place or a child who "
            "has moved in; record a change of circumstances or an ending on the existing case",
        )
        child_row = self._clean(F.CHILD_FIELDS, child, "child")
        carer_row = None if carer is None else self._clean(F.PERSON_FIELDS, carer, "carer")
        arr = self._clean(F.ARRANGEMENT_FIELDS, arrangement or {}, "arrangement")
        if note["planned_start"] and not arr["planned_start"]:
            arr["planned_start"] = note["planned_start"]
        if note["kind"] == "proposal":
            _require(
                arr["start_date"] is None,
                "arrangement.start_date",
                "a proposal is about a child who has not moved in yet; leave the move-in date "
                "blank and record it later as a 'child has moved in' notification",
            )
        received = from_iso(note["received"])
        if arr["start_date"] and note["kind"] in CHILD_LIVING_THERE_KINDS:
            # Both notices say the child already lives there, so the move came first.
            _require(
                from_iso(arr["start_date"]) <= received,  # type: ignore[operator]
                "arrangement.start_date",
                f"{arr['start_date']} is after the notice was received ({note['received']}); "
                "the notice says the child already lives there, so the move came first",
            )
        self._check_age_at_start(
            child_row, self._arrangement_start(arr, received), "child.date_of_birth"
        )
        members = self._clean_people(F.HOUSEHOLD_FIELDS, household, "household")
        for index, (_, link) in enumerate(members):
            self._check_household_dates(link, f"household[{index}]")
        parent_rows = self._clean_people(F.PARENT_FIELDS, parents, "parents")

        with self.operation("record new case") as w:
            child_id = w.insert("children", child_row)
            carer_id = None if carer_row is None else w.insert("people", carer_row)
            arrangement_id = w.insert(
                "arrangements",
                {
                    **arr,
                    "reference": self._next_reference(note["received"]),
                    "child_id": child_id,
                    "carer_id": carer_id,
                },
            )
            w.insert("notifications", {**note, "arrangement_id": arrangement_id})
            for table, items in (("household_members", members), ("parents", parent_rows)):
                for person, link in items:
                    person_id = w.insert("people", person)
                    w.insert(
                        table, {**link, "arrangement_id": arrangement_id, "person_id": person_id}
                    )
        return arrangement_id

    def record_notification(
        self, arrangement_id: int, notification: Values, *, start_date: object = None
    ) -> int:
        """A further notification about an open case: another proposal notice, the child has
        moved in (``start_date``: the day they moved in, default the day received), or a
        change of circumstances. Endings go through ``end_arrangement``."""
        arrangement = self._open_arrangement(arrangement_id)
        note = self._clean(F.NOTIFICATION_FIELDS, notification, "notification")
        _require(
            note["kind"] != "ended",
            "notification.kind",
            "record an ending with 'end the arrangement', which asks for the date and reason",
        )
        if note["kind"] == "change_of_circumstances":
            _require(bool(note["description"]), "notification.description", "say what has changed")
        received = from_iso(note["received"])
        assert received is not None
        changes: dict[str, Any] = {}
        if note["kind"] == "moved_in" and arrangement["start_date"] is None:
            moved = self._clean(
                F.ARRANGEMENT_FIELDS, {"start_date": start_date}, "arrangement", partial=True
            )["start_date"]
            moved_on = from_iso(moved) or received
            _require(
                moved_on <= received,
                "arrangement.start_date",
                f"{moved_on.isoformat()} is after the notice of the move was received "
                f"({received.isoformat()}); a move is notified after it happens",
            )
            child = self.case(arrangement_id).child
            self._check_age_at_start(child, moved_on, "arrangement.start_date")
            changes["start_date"] = moved_on.isoformat()
        with self.operation(f"record notification: {note['kind']}") as w:
            note_id = w.insert("notifications", {**note, "arrangement_id": arrangement_id})
            if changes:
                w.update("arrangements", arrangement_id, changes)
        return note_id

    def record_change_of_circumstances(
        self,
        arrangement_id: int,
        *,
        received: object,
        notifier_role: object,
        description: object,
        notifier_name: object = None,
    ) -> int:
        return self.record_notification(
            arrangement_id,
            {
                "kind": "change_of_circumstances",
                "received": received,
                "notifier_role": notifier_role,
                "notifier_name": notifier_name,
                "description": description,
            },
        )

    def update_notification(self, notification_id: int, values: Values) -> None:
        """Correct a notification: who sent it, when it arrived, what it said. Every deadline
        counted from it moves with it. Its kind cannot change: record the right one instead."""
        current = self._writer.get("notifications", notification_id)
        _require(
            "kind" not in values or values["kind"] == current["kind"],
            "notification.kind",
            "the kind of a notification cannot be changed; record a new notification of the "
            "right kind",
        )
        changes = self._clean(F.NOTIFICATION_FIELDS, values, "notification", partial=True)
        changes.pop("kind", None)
        received = changes.get("received")
        if received is not None:
            arrangement_id = current["arrangement_id"]
            others = self.db.execute(
                "SELECT min(received) FROM notifications WHERE arrangement_id = ? AND id != ?",
                [arrangement_id, notification_id],
            ).fetchone()[0]
            first = min(received, others) if others else received
            earliest = self.db.execute(
                "SELECT min(d) FROM (SELECT min(visit_date) AS d FROM visits"
                " WHERE arrangement_id = ? UNION ALL SELECT min(decision_date) FROM decisions"
                " WHERE arrangement_id = ?)",
                [arrangement_id, arrangement_id],
            ).fetchone()[0]
            if earliest is not None:
                _require(
                    first <= earliest,
                    "notification.received",
                    f"{received} is after the visit or decision on {earliest}; the authority "
                    "knew of the arrangement by then",
                )
        with self.operation("correct notification") as w:
            w.update("notifications", notification_id, changes)

    def end_arrangement(
        self, arrangement_id: int, ending: Values, notification: Values | None = None
    ) -> None:
        """End an arrangement (it is closed, never deleted). ``ending`` holds ``end_date``,
        ``end_reason`` and optional ``end_notes``; ``notification`` records the carer's Reg 10
        notice (``received``, ``notifier_role``, ``notifier_name``) if there was one."""
        arrangement = self._open_arrangement(arrangement_id)
        end = self._clean(F.END_FIELDS, ending, "ending")
        self._check_end(arrangement, end)
        note = None
        if notification is not None:
            note = self._clean(
                F.NOTIFICATION_FIELDS, {**notification, "kind": "ended"}, "notification"
            )
        with self.operation("end arrangement") as w:
            w.update("arrangements", arrangement_id, end)
            if note is not None:
                w.insert("notifications", {**note, "arrangement_id": arrangement_id})

    def _check_end(self, arrangement: Row, ending: Mapping[str, Any]) -> None:
        end_date = from_iso(ending["end_date"])
        assert end_date is not None
        started = from_iso(arrangement["start_date"])
        first = self._first_notified(arrangement["id"])
        if started is not None:
            _require(
                end_date >= started,
                "ending.end_date",
                f"{end_date.isoformat()} is before the arrangement started on "
                f"{started.isoformat()}",
            )
        elif first is not None:  # a proposal that never went ahead ends after it was made
            _require(
                end_date >= first,
                "ending.end_date",
                f"{end_date.isoformat()} is before the authority was first told of the "
                f"arrangement on {first.isoformat()}",
            )
        visits = self.db.execute(
            "SELECT max(visit_date) FROM visits WHERE arrangement_id = ?", [arrangement["id"]]
        ).fetchone()[0]
        if visits is not None:
            _require(
                end_date >= date.fromisoformat(visits),
                "ending.end_date",
                f"{end_date.isoformat()} is before the last recorded visit on {visits}",
            )

    def _ended_arrangement(self, arrangement_id: int) -> Row:
        arrangement = self.arrangement(arrangement_id)
        _require(
            arrangement["end_date"] is not None,
            "ending",
            f"{arrangement['reference']} has not ended; end it first",
        )
        erased = self.db.execute(
            "SELECT 1 FROM audit_log WHERE table_name = 'arrangements' AND row_id = ?"
            " AND operation = ? LIMIT 1",
            [str(arrangement_id), ERASE_OPERATION],
        ).fetchone()
        _require(
            erased is None,
            "ending",
            f"{arrangement['reference']} had its personal data erased; it stays closed",
        )
        return arrangement

    def update_ending(self, arrangement_id: int, values: Values) -> None:
        """Correct the date, reason or notes of an ending."""
        arrangement = self._ended_arrangement(arrangement_id)
        changes = self._clean(F.END_FIELDS, values, "ending", partial=True)
        self._check_end(arrangement, {**arrangement, **changes})
        with self.operation("correct ending") as w:
            w.update("arrangements", arrangement_id, changes)

    def reopen_arrangement(self, arrangement_id: int) -> None:
        """Undo an ending recorded by mistake; the audit log keeps what it said."""
        self._ended_arrangement(arrangement_id)
        with self.operation("reopen arrangement") as w:
            w.update(
                "arrangements",
                arrangement_id,
                {"end_date": None, "end_reason": None, "end_notes": None},
            )

    def confirm_private_fostering(self, arrangement_id: int, confirmed_date: object) -> None:
        """A stay meant to be short has lasted 28 days or more: it is private fostering."""
        arrangement = self._open_arrangement(arrangement_id)
        values = self._clean(
            F.ARRANGEMENT_FIELDS, {"confirmed_date": confirmed_date}, "arrangement", partial=True
        )
        _require(
            values["confirmed_date"] is not None,
            "arrangement.confirmed_date",
            "enter the date it was confirmed as private fostering",
        )
        intended = arrangement["intended_duration_days"]
        _require(
            intended is not None and intended < 28,
            "arrangement.confirmed_date",
            "only a stay intended to last under 28 days needs confirming; this one is private "
            "fostering already",
        )
        start = from_iso(arrangement["start_date"])
        if start is not None:
            _require(
                values["confirmed_date"] >= start.isoformat(),
                "arrangement.confirmed_date",
                f"{values['confirmed_date']} is before the child moved in on {start.isoformat()}",
            )
        with self.operation("confirm private fostering") as w:
            w.update("arrangements", arrangement_id, values)

    # ----------------------------------------------------------------- corrections
    def update_child(self, child_id: int, values: Values) -> None:
        changes = self._clean(F.CHILD_FIELDS, values, "child", partial=True)
        current = self._writer.get("children", child_id)
        merged = {**current, **changes}
        for a in rows(self.db, "SELECT * FROM arrangements WHERE child_id = ?", [child_id]):
            start = self._arrangement_start(a, self._first_notified(a["id"]))
            self._check_age_at_start(merged, start, "child.date_of_birth")
        with self.operation("correct child") as w:
            w.update("children", child_id, changes)

    def update_person(self, person_id: int, values: Values) -> None:
        changes = self._clean(F.PERSON_FIELDS, values, "person", partial=True)
        self._writer.get("people", person_id)
        with self.operation("correct person") as w:
            w.update("people", person_id, changes)

    def update_arrangement(self, arrangement_id: int, values: Values) -> None:
        current = self.arrangement(arrangement_id)
        changes = self._clean(F.ARRANGEMENT_FIELDS, values, "arrangement", partial=True)
        merged = {**current, **changes}
        first = self._first_notified(arrangement_id)
        child = self.case(arrangement_id).child
        self._check_age_at_start(
            child, self._arrangement_start(merged, first), "arrangement.start_date"
        )
        end, start = from_iso(merged["end_date"]), from_iso(merged["start_date"])
        if end is not None and start is not None:
            _require(
                end >= start,
                "arrangement.start_date",
                f"{start.isoformat()} is after the arrangement ended on {end.isoformat()}",
            )
        if start is not None and changes.get("start_date"):
            # The visits run from the notice that the child lives there, not from this date.
            living = self.case_facts(arrangement_id).living_there_notified
            _require(
                living is not None,
                "arrangement.start_date",
                "no notice says the child has moved in yet; record a 'child has moved in' "
                "notification, which sets this date and starts the Reg 7 visit",
            )
            assert living is not None
            _require(
                start <= living,
                "arrangement.start_date",
                f"{start.isoformat()} is after the notice that the child lives there "
                f"({living.isoformat()}); the move came first",
            )
        with self.operation("correct arrangement") as w:
            w.update("arrangements", arrangement_id, changes)

    def add_household_member(self, arrangement_id: int, member: Values) -> int:
        """Add someone to the carer's household; returns the household member's id."""
        self._open_arrangement(arrangement_id)
        ((person, link),) = self._clean_people(F.HOUSEHOLD_FIELDS, [member], "household")
        self._check_household_dates(link, "household[0]")
        with self.operation("add household member") as w:
            person_id = w.insert("people", person)
            return w.insert(
                "household_members",
                {**link, "arrangement_id": arrangement_id, "person_id": person_id},
            )

    def update_household_member(self, member_id: int, values: Values) -> None:
        """Correct a member's relationship or dates; ``left`` records that they moved out."""
        current = self._writer.get("household_members", member_id)
        changes = self._clean(F.HOUSEHOLD_FIELDS, values, "household", partial=True)
        self._check_household_dates({**current, **changes}, "household")
        with self.operation("correct household member") as w:
            w.update("household_members", member_id, changes)

    def add_carer(self, arrangement_id: int, carer: Values) -> int:
        """Record the carer of a case notified before the carer was known; returns the
        person's id. A carer already recorded is corrected with ``update_person``."""
        arrangement = self._open_arrangement(arrangement_id)
        _require(
            arrangement["carer_id"] is None,
            "carer",
            f"{arrangement['reference']} already has a carer; correct their details instead",
        )
        person = self._clean(F.PERSON_FIELDS, carer, "carer")
        with self.operation("add carer") as w:
            person_id = w.insert("people", person)
            w.update("arrangements", arrangement_id, {"carer_id": person_id})
        return person_id

    def add_parent(self, arrangement_id: int, parent: Values) -> int:
        self.arrangement(arrangement_id)
        ((person, link),) = self._clean_people(F.PARENT_FIELDS, [parent], "parents")
        with self.operation("add parent") as w:
            person_id = w.insert("people", person)
            return w.insert(
                "parents", {**link, "arrangement_id": arrangement_id, "person_id": person_id}
            )

    def update_parent(self, parent_id: int, values: Values) -> None:
        """Correct a parent's relationship to the child or whether they have parental
        responsibility; their own details are corrected with ``update_person``."""
        self._writer.get("parents", parent_id)
        changes = self._clean(F.PARENT_FIELDS, values, "parents", partial=True)
        with self.operation("correct parent") as w:
            w.update("parents", parent_id, changes)

    # ----------------------------------------------------------------- checks
    def _check_subject(self, arrangement_id: int, person_id: int | None) -> None:
        if person_id is None:
            return
        arrangement = self.arrangement(arrangement_id)
        members = {
            r["person_id"]
            for r in rows(
                self.db,
                "SELECT person_id FROM household_members WHERE arrangement_id = ?",
                [arrangement_id],
            )
        }
        _require(
            person_id == arrangement["carer_id"] or person_id in members,
            "check.person_id",
            f"person {person_id} is neither the carer nor in the household of "
            f"{arrangement['reference']}",
        )

    @staticmethod
    def _check_check_dates(check: Mapping[str, Any]) -> None:
        requested, returned = from_iso(check.get("requested")), from_iso(check.get("returned"))
        if requested and returned:
            _require(
                returned >= requested,
                "check.returned",
                f"{returned.isoformat()} is before the check was requested on "
                f"{requested.isoformat()}",
            )
        if returned is not None:
            _require(
                check.get("outcome") is not None,
                "check.outcome",
                "record the outcome of a returned check",
            )
        if check.get("outcome") is not None:
            _require(
                returned is not None,
                "check.returned",
                "an outcome needs the date the check came back",
            )

    def record_check(
        self, arrangement_id: int, check: Values, *, person_id: int | None = None
    ) -> int:
        """Record a safeguarding check requested (and, if known, returned with its outcome)
        about the carer or a household member (``person_id``) or the child (None)."""
        self._open_arrangement(arrangement_id)
        values = self._clean(F.CHECK_FIELDS, check, "check")
        self._check_subject(arrangement_id, person_id)
        self._check_check_dates(values)
        with self.operation("record check") as w:
            return w.insert(
                "checks", {**values, "arrangement_id": arrangement_id, "person_id": person_id}
            )

    def record_check_returned(
        self, check_id: int, *, returned: object, outcome: object, notes: object = None
    ) -> None:
        current = self._writer.get("checks", check_id)
        given: dict[str, object] = {"returned": returned, "outcome": outcome}
        if notes is not None:
            given["notes"] = notes
        changes = self._clean(F.CHECK_FIELDS, given, "check", partial=True)
        _require(
            changes["returned"] is not None,
            "check.returned",
            "Returned is required; enter the date the check came back",
        )
        self._check_check_dates({**current, **changes})
        with self.operation("record check returned") as w:
            w.update("checks", check_id, changes)

    def update_check(self, check_id: int, values: Values) -> None:
        current = self._writer.get("checks", check_id)
        changes = self._clean(F.CHECK_FIELDS, values, "check", partial=True)
        self._check_check_dates({**current, **changes})
        with self.operation("correct check") as w:
            w.update("checks", check_id, changes)

    # ----------------------------------------------------------------- visits
    def _check_visit(self, arrangement: Row, visit: Mapping[str, Any]) -> None:
        day = from_iso(visit["visit_date"])
        assert day is not None
        first = self._first_notified(arrangement["id"])
        if first is not None:
            _require(
                day >= first,
                "visit.visit_date",
                f"{day.isoformat()} is before the authority knew of the arrangement "
                f"(first notified {first.isoformat()})",
            )
        end = from_iso(arrangement["end_date"])
        if end is not None:
            _require(
                day <= end,
                "visit.visit_date",
                f"{day.isoformat()} is after the arrangement ended on {end.isoformat()}",
            )
        report = from_iso(visit.get("report_date"))
        if report is not None:
            _require(
                report >= day,
                "visit.report_date",
                f"{report.isoformat()} is before the visit on {day.isoformat()}",
            )
        if visit["child_seen"]:
            _require(
                visit.get("seen_alone") is not None,
                "visit.seen_alone",
                "say whether the child was seen alone (Reg 8(3))",
            )
            _require(
                bool(visit.get("seen_alone")) or bool(visit.get("not_alone_reason")),
                "visit.not_alone_reason",
                "give the reason the child was not seen alone (Reg 8(3))",
            )
        else:
            _require(
                not visit.get("seen_alone"),
                "visit.seen_alone",
                "the child was not seen, so cannot have been seen alone",
            )

    def record_visit(self, arrangement_id: int, visit: Values) -> int:
        """Record a visit. ``child_seen`` decides whether it counts for Reg 7 and Reg 8;
        ``seen_alone`` (and the reason if not) is required when the child was seen."""
        arrangement = self.arrangement(arrangement_id)
        values = self._clean(F.VISIT_FIELDS, visit, "visit")
        self._check_visit(arrangement, values)
        with self.operation("record visit") as w:
            return w.insert("visits", {**values, "arrangement_id": arrangement_id})

    def update_visit(self, visit_id: int, values: Values) -> None:
        """Correct a visit, or add its report date."""
        current = self._writer.get("visits", visit_id)
        changes = self._clean(F.VISIT_FIELDS, values, "visit", partial=True)
        self._check_visit(self.arrangement(current["arrangement_id"]), {**current, **changes})
        with self.operation("correct visit") as w:
            w.update("visits", visit_id, changes)

    def record_visit_report(self, visit_id: int, report_date: object) -> None:
        self.update_visit(visit_id, {"report_date": report_date})

    # ----------------------------------------------------------------- decisions
    def _check_decision(self, arrangement_id: int, decision: Mapping[str, Any]) -> None:
        day = from_iso(decision["decision_date"])
        assert day is not None
        first = self._first_notified(arrangement_id)
        if first is not None:
            _require(
                day >= first,
                "decision.decision_date",
                f"{day.isoformat()} is before the authority knew of the arrangement "
                f"(first notified {first.isoformat()})",
            )
        letter = from_iso(decision.get("letter_date"))
        if letter is not None:
            _require(
                letter >= day,
                "decision.letter_date",
                f"{letter.isoformat()} is before the decision on {day.isoformat()}",
            )

    def record_decision(self, arrangement_id: int, decision: Values) -> int:
        self.arrangement(arrangement_id)
        values = self._clean(F.DECISION_FIELDS, decision, "decision")
        self._check_decision(arrangement_id, values)
        with self.operation("record decision") as w:
            return w.insert("decisions", {**values, "arrangement_id": arrangement_id})

    def update_decision(self, decision_id: int, values: Values) -> None:
        """Correct a decision, or record the date its letter was sent."""
        current = self._writer.get("decisions", decision_id)
        changes = self._clean(F.DECISION_FIELDS, values, "decision", partial=True)
        self._check_decision(current["arrangement_id"], {**current, **changes})
        with self.operation("correct decision") as w:
            w.update("decisions", decision_id, changes)

    # ----------------------------------------------------------------- enquiries and activities
    _ENQUIRY_SQL = (
        "SELECT e.*, a.title AS activity_title, a.activity_date AS activity_date,"
        " r.reference AS arrangement_reference"
        " FROM enquiries e LEFT JOIN activities a ON a.id = e.activity_id"
        " LEFT JOIN arrangements r ON r.id = e.arrangement_id"
    )

    def enquiry(self, enquiry_id: int) -> Row:
        found = rows(self.db, self._ENQUIRY_SQL + " WHERE e.id = ?", [enquiry_id])
        if not found:
            raise NotFoundError(f"No enquiry with id {enquiry_id} in this register")
        return found[0]

    def enquiries(self, text: str = "") -> list[Row]:
        """The enquiry log, newest first; ``text`` searches the reference, area, names, what it
        was about, how they heard, the officer, the activity and the linked case's reference."""
        where, params = self._enquiry_search(text)
        return rows(
            self.db, self._ENQUIRY_SQL + where + " ORDER BY e.enquiry_date DESC, e.id DESC", params
        )

    def enquiry_ids(self, text: str = "") -> list[int]:
        """The ids of ``enquiries(text)``, in its order, without reading the rows (a county's
        log holds tens of thousands: a list reads the rows it shows, ``enquiries_by_id``)."""
        where, params = self._enquiry_search(text)
        sql = "SELECT e.id FROM enquiries e"
        if where:  # the search reaches into the activity and the linked case
            sql += (
                " LEFT JOIN activities a ON a.id = e.activity_id"
                " LEFT JOIN arrangements r ON r.id = e.arrangement_id"
            )
        order = " ORDER BY e.enquiry_date DESC, e.id DESC"
        return [int(r[0]) for r in self.db.execute(sql + where + order, params)]

    def enquiries_by_id(self, enquiry_ids: Sequence[int]) -> dict[int, Row]:
        """The rows of ``enquiries`` for the given ids (those that exist)."""
        found: dict[int, Row] = {}
        ids = list(enquiry_ids)
        for start in range(0, len(ids), 500):  # within SQLite's limit on parameters
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in rows(self.db, self._ENQUIRY_SQL + f" WHERE e.id IN ({marks})", chunk):
                found[int(row["id"])] = row
        return found

    def _enquiry_search(self, text: str) -> tuple[str, list[Any]]:
        return _search_clause(
            text,
            [
                "e.reference",
                "e.area",
                "e.enquirer_name",
                "e.child_name",
                "e.carer_name",
                "e.about",
                "e.heard_from",
                "e.officer",
                "e.not_pf_reason",
                "e.referred_to",
                "a.title",
                "r.reference",
            ],
            "e.enquiry_date",
        )

    def activity(self, activity_id: int) -> Row:
        found = rows(self.db, "SELECT * FROM activities WHERE id = ?", [activity_id])
        if not found:
            raise NotFoundError(f"No awareness activity with id {activity_id} in this register")
        return found[0]

    def activities(self, text: str = "") -> list[Row]:
        """The awareness activity log, newest first, each with ``enquiries``: how many enquiries
        were traced to it. ``text`` searches what it was, the area, notes and the officer."""
        where, params = _search_clause(
            text, ["a.title", "a.area", "a.notes", "a.officer"], "a.activity_date"
        )
        return rows(
            self.db,
            "SELECT a.*, (SELECT count(*) FROM enquiries e WHERE e.activity_id = a.id)"
            " AS enquiries FROM activities a" + where + " ORDER BY a.activity_date DESC, a.id DESC",
            params,
        )

    def _check_enquiry(self, values: Mapping[str, Any]) -> None:
        """Rules across an enquiry's fields (``values``: the whole row as it would be stored)."""
        outcome = values["outcome"]
        day = from_iso(values["enquiry_date"])
        assert day is not None
        if outcome == "not_pf":
            _require(
                bool(values.get("not_pf_reason")),
                "enquiry.not_pf_reason",
                "say why it is not private fostering",
            )
        else:
            _require(
                not values.get("not_pf_reason"),
                "enquiry.not_pf_reason",
                "only a 'not private fostering' outcome has a reason; clear it or change the "
                "outcome",
            )
        if outcome != "referred_on":
            _require(
                not values.get("referred_to"),
                "enquiry.referred_to",
                "only a 'referred on' outcome says where to; clear it or change the outcome",
            )
        if values.get("arrangement_id") is not None:
            _require(
                outcome == "confirmed_pf",
                "enquiry.outcome",
                "this enquiry became a case, so its outcome is 'confirmed private fostering'",
            )
        outcome_date = from_iso(values.get("outcome_date"))
        if outcome == "pending":
            _require(
                outcome_date is None,
                "enquiry.outcome_date",
                "a pending enquiry has no outcome yet; leave the date blank",
            )
        elif outcome_date is not None:
            _require(
                outcome_date >= day,
                "enquiry.outcome_date",
                f"{outcome_date.isoformat()} is before the enquiry on {day.isoformat()}",
            )
        activity_id = values.get("activity_id")
        if activity_id is not None:
            found = rows(
                self.db, "SELECT activity_date FROM activities WHERE id = ?", [activity_id]
            )
            _require(
                bool(found), "enquiry.activity_id", f"there is no awareness activity {activity_id}"
            )
            held = date.fromisoformat(found[0]["activity_date"])
            _require(
                held <= day,
                "enquiry.activity_id",
                f"that activity was on {held.isoformat()}, after the enquiry on "
                f"{day.isoformat()}; choose one held before",
            )

    def _next_enquiry_reference(self, enquiry_date: str) -> str:
        year = enquiry_date[:4]
        last = self.db.execute(
            "SELECT max(CAST(substr(reference, 10) AS INTEGER)) FROM enquiries"
            " WHERE reference >= ? AND reference < ?",  # a range: seeks the unique index
            [f"ENQ-{year}-", f"ENQ-{year}."],  # LIKE scanned every enquiry
        ).fetchone()[0]
        return f"ENQ-{year}-{(last or 0) + 1:04d}"

    def record_enquiry(self, enquiry: Values) -> int:
        """Log an enquiry; returns its id. Defaults: today's date, the ``officer_name``
        setting, outcome "pending" (which puts ENQUIRY_FOLLOW_UP on the due list). An outcome
        given at once is dated the day of the enquiry unless ``outcome_date`` says otherwise."""
        given = dict(enquiry)
        for name, default in (
            ("enquiry_date", self.today()),
            ("officer", self._settings.officer_name or None),
            ("outcome", "pending"),
        ):
            if given.get(name) in (None, ""):
                given[name] = default
        values = self._clean(F.ENQUIRY_FIELDS, given, "enquiry")
        if values["outcome"] != "pending" and values["outcome_date"] is None:
            values["outcome_date"] = values["enquiry_date"]
        self._check_enquiry(values)
        with self.operation("record enquiry") as w:
            return w.insert(
                "enquiries",
                {**values, "reference": self._next_enquiry_reference(values["enquiry_date"])},
            )

    def update_enquiry(self, enquiry_id: int, values: Values) -> None:
        """Correct an enquiry or record its outcome. Recording the outcome of a pending enquiry
        dates it today unless ``outcome_date`` is given; making it pending again clears it."""
        current = self._writer.get("enquiries", enquiry_id)
        changes = self._clean(F.ENQUIRY_FIELDS, values, "enquiry", partial=True)
        outcome = changes.get("outcome", current["outcome"])
        kept = None if current["outcome"] == "pending" else current["outcome_date"]
        if outcome == "pending":
            changes.setdefault("outcome_date", None)
        elif changes.get("outcome_date", kept) is None:
            changes["outcome_date"] = self.today().isoformat()
        self._check_enquiry({**current, **changes})
        with self.operation("correct enquiry") as w:
            w.update("enquiries", enquiry_id, changes)

    def link_enquiry(self, enquiry_id: int, arrangement_id: int | None) -> None:
        """Record the arrangement an enquiry became (its outcome becomes "confirmed private
        fostering"), or with None remove a link made by mistake."""
        current = self._writer.get("enquiries", enquiry_id)
        changes: dict[str, Any] = {"arrangement_id": arrangement_id}
        if arrangement_id is not None:
            arrangement = self.arrangement(arrangement_id)
            linked = current["arrangement_id"]
            _require(
                linked is None or linked == arrangement_id,
                "enquiry.arrangement_id",
                f"{current['reference']} is already linked to another case; remove that link first",
            )
            first = self._first_notified(arrangement_id)
            _require(
                first is None or first.isoformat() >= current["enquiry_date"],
                "enquiry.arrangement_id",
                f"{arrangement['reference']} was notified on {first}, before the enquiry of "
                f"{current['enquiry_date']}, so it cannot be what the enquiry became",
            )
            changes["outcome"] = "confirmed_pf"
            changes["not_pf_reason"] = None
            changes["referred_to"] = None
            if current["outcome"] == "pending" or current["outcome_date"] is None:
                changes["outcome_date"] = first.isoformat() if first else self.today().isoformat()
        with self.operation("link enquiry to case") as w:
            w.update("enquiries", enquiry_id, changes)

    def record_case_from_enquiry(self, enquiry_id: int, **case: Any) -> int:
        """Open a case from a confirmed enquiry (``case``: ``record_new_case``'s arguments)
        and link the two, in one transaction. Returns the new arrangement's id."""
        self._writer.get("enquiries", enquiry_id)
        with self.operation("record new case from enquiry"):
            arrangement_id = self.record_new_case(**case)
            self.link_enquiry(enquiry_id, arrangement_id)
        return arrangement_id

    def enquiry_case_prefill(self, enquiry_id: int) -> dict[str, Any]:
        """What an enquiry already knows, shaped as ``record_new_case`` arguments: the
        notification (received the day of the enquiry, from the enquirer's sector), the child's
        and carer's names if given, and the officer. Unknown values are left out."""
        e = self.enquiry(enquiry_id)
        notification = {
            "received": e["enquiry_date"],
            "notifier_role": e["source_sector"] if e["source_sector"] in NOTIFIER_ROLES else None,
            "notifier_name": e["enquirer_name"],
            "description": e["about"],
        }
        result: dict[str, Any] = {
            "notification": {k: v for k, v in notification.items() if v},
            "child": _split_name(e["child_name"]),
            "carer": _split_name(e["carer_name"]) or None,
            "arrangement": {"officer": e["officer"]} if e["officer"] else {},
        }
        return result

    def enquiry_obligations(
        self, today: date | None = None, within_days: int | None = None
    ) -> list[Obligation]:
        """ENQUIRY_FOLLOW_UP for every pending enquiry: ``reference`` is the enquiry's, the
        child is blank and the detail names who enquired and when."""
        today = today or self.today()
        result = []
        for e in rows(
            self.db,
            "SELECT id, reference, enquiry_date, source_sector, channel FROM enquiries"
            " WHERE outcome = 'pending' AND enquiry_date <= ?",
            [today.isoformat()],
        ):
            day = date.fromisoformat(e["enquiry_date"])
            fact = EnquiryFact(day, "pending", None, e["id"])
            for o in enquiry_follow_up(fact, today, self.calendar, self._settings):
                if within_days is not None and o.days > within_days:
                    continue
                who = ENQUIRY_SOURCES.label(e["source_sector"])
                how = ENQUIRY_CHANNELS.label(e["channel"]).lower()
                detail = f"{who}: enquiry by {how} on {day:%a} {day.day} {day:%b %Y}"
                result.append(dataclasses.replace(o, reference=e["reference"], detail=detail))
        return result

    def _check_activity(self, activity_id: int | None, values: Mapping[str, Any]) -> None:
        if activity_id is None:
            return
        earliest = self.db.execute(
            "SELECT min(enquiry_date) FROM enquiries WHERE activity_id = ?", [activity_id]
        ).fetchone()[0]
        if earliest is not None:
            _require(
                values["activity_date"] <= earliest,
                "activity.activity_date",
                f"an enquiry of {earliest} heard of private fostering from this activity, so "
                "it was held on or before that day",
            )

    def record_activity(self, activity: Values) -> int:
        """Log an awareness activity; returns its id. The officer defaults to the setting."""
        given = dict(activity)
        if given.get("officer") in (None, ""):
            given["officer"] = self._settings.officer_name or None
        values = self._clean(F.ACTIVITY_FIELDS, given, "activity")
        with self.operation("record activity") as w:
            return w.insert("activities", values)

    def update_activity(self, activity_id: int, values: Values) -> None:
        current = self._writer.get("activities", activity_id)
        changes = self._clean(F.ACTIVITY_FIELDS, values, "activity", partial=True)
        self._check_activity(activity_id, {**current, **changes})
        with self.operation("correct activity") as w:
            w.update("activities", activity_id, changes)


# Matches are sorted after the scan ("+" keeps SQLite from walking the reference index in
# order, which reads the arrangements in random order: at 50,000 cases a search spent
# ~150 ms of its ~200 ms fetching pages out of order; sorting a few thousand matches is
# nothing).
_MATCHES_BY_REFERENCE = " ORDER BY +a.reference"


def _search_clause(text: str, columns: Sequence[str], date_column: str) -> tuple[str, list[Any]]:
    """A WHERE clause matching ``text`` in any of ``columns`` (or a date exactly)."""
    text = text.strip()
    if not text:
        return "", []
    day = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    exact = f"{int(day[3]):04d}-{int(day[2]):02d}-{int(day[1]):02d}" if day else text
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns)
    return f" WHERE {like} OR {date_column} = ?", [*[f"%{escaped}%"] * len(columns), exact]


def _split_name(name: str | None) -> dict[str, str]:
    """'Amy Jo Bell' -> first 'Amy Jo', last 'Bell'; one word is a first name only."""
    parts = (name or "").split()
    if not parts:
        return {}
    if len(parts) == 1:
        return {"first_name": parts[0]}
    return {"first_name": " ".join(parts[:-1]), "last_name": parts[-1]}


__all__ = ["CaseRecord", "CaseSummary", "MissingItem", "Register"]
