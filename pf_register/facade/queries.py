"""Reading the register: one case, the due list, the register list and its search, what
Schedule 1 still needs, the audit log. Nothing here writes the officer's records; only
``keep_due_lists`` writes, the derived due lists kept for the app's next start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pf_register import due_store
from pf_register import fields as F  # noqa: N812  (F.CHILD_FIELDS reads as a table of fields)
from pf_register.clock import CaseFacts, Obligation, case_obligations
from pf_register.clock.rules import required_checks
from pf_register.due_cache import (
    DueCache,
    DueWork,
    arrangements_touched,
    data_version,
    merged,
)
from pf_register.errors import NotFoundError
from pf_register.facade.base import RegisterBase
from pf_register.loading import (
    CaseRecord,
    IsoDates,
    Row,
    escape_like,
    full_name,
    load_case_facts,
    load_case_record,
    rows,
)


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


class QueriesMixin(RegisterBase):
    """Reading the register: cases, their facts and obligations, the due list, the register
    list and search, what a case is missing, and the audit log."""

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
            self.case_facts(arrangement_id), today or self.today(), self.calendar, self.settings
        )

    def due(self, today: date | None = None, within_days: int | None = None) -> list[Obligation]:
        """Every open obligation across the register, overdue first (pending enquiries'
        ENQUIRY_FOLLOW_UP included: reference the enquiry's, no child)."""
        today = today or self.today()
        # Read once here (each read asks whether another program changed the settings).
        settings, calendar = self.settings, self.calendar
        touched = self._writer.touched
        cache = self._due_cache
        if cache is None or not self.due_is_current(today):
            cache = DueCache.build(self.db, today, calendar, settings)
        else:
            cache.update(self.db, arrangements_touched(self.db, touched), calendar)
        touched.clear()
        self._due_cache = cache
        return self._with_enquiries(cache, today, within_days)

    def _with_enquiries(
        self, cache: DueCache, today: date, within_days: int | None = None
    ) -> list[Obligation]:
        # The cache's list is in order: the few pending enquiries are put in their places.
        return merged(cache.obligations(within_days), self.enquiry_obligations(today, within_days))

    def stored_due(self) -> list[Obligation] | None:
        """Today's due list as stored when the app last closed, if it is exactly what
        ``due()`` would judge now (see ``pf_register.due_store``); else None. It leaves
        ``due()`` to judge in full (``due_is_current()`` stays False): show this meanwhile."""
        return due_store.stored(self.db, self.today())

    def keep_due_lists(self) -> bool:
        """Store today's due list and the next working day's, for the app's next start (it
        calls this as it closes). Nothing is stored for a read-only register, nor if another
        program commits meanwhile; returns whether the lists were stored."""
        if self.read_only:
            return False
        judged_at = data_version(self.db)
        today = self.today()
        following = self.calendar.add_working_days(today, 1)
        lists = {
            today: self.due(today),
            following: self._with_enquiries(
                DueCache.build(self.db, following, self.calendar, self.settings), following
            ),
        }
        return due_store.store(self.db, lists, judged_at)

    def due_work(self) -> DueWork:
        """The due list's work for another thread (see ``DueWork``); ``adopt_due`` takes it."""
        return DueWork(self.path, self.today(), self.settings, data_version(self.db))

    def due_is_current(self, today: date | None = None) -> bool:
        """True if ``due()`` (on ``today``, default the register's day) answers from its
        cache, recomputing only the cases written here since; False if it would judge every
        open case again (none judged yet, another program's commit, a new day, changed
        settings): work for ``due_work``."""
        cache = self._due_cache
        return (
            cache is not None
            and cache.is_valid_for(self.db, today or self.today(), self._settings)
            and not any(table == "settings" for table, _, _ in self._writer.touched)
        )

    def adopt_due(self, work: DueWork) -> bool:
        """Take the cache ``work`` built on another thread, if it still holds: no list judged
        here meanwhile that still holds, the same day and settings, and no commit by another
        program since the work was made (SQLite's ``data_version`` of this connection). Writes
        made here meanwhile stay marked and are recomputed by the next ``due()``; a change of
        settings before the work was made is in it."""
        cache = work.cache
        if (
            cache is None
            or self.due_is_current()
            or cache.today != self.today()
            or cache.settings != self._settings
            or data_version(self.db) != work.data_version
        ):
            return False
        cache.data_version = work.data_version
        self._due_cache = cache
        touched = self._writer.touched
        touched.difference_update([t for t in touched if t[0] == "settings"])  # judged with them
        return True

    def required_checks(self, arrangement_id: int) -> list[Any]:
        return required_checks(self.case_facts(arrangement_id), self.settings)

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
    def _summaries(found: Iterable[tuple[Any, ...]]) -> list[CaseSummary]:
        """One register-list line per row of ``_SUMMARY_SQL``, read as tuples in its column
        order (a search at ten counties returns thousands: no dict per row)."""
        day = IsoDates()
        return [
            CaseSummary(
                aid,
                reference,
                f"{c_first} {c_last}".strip(),
                day[dob],
                f"{p_first} {p_last}".strip() if p_first else "",
                type_code,
                officer,
                day[start],
                day[end],
                day[first],
                address,
            )
            for (
                aid,
                reference,
                type_code,
                officer,
                start,
                end,
                address,
                c_first,
                c_last,
                dob,
                p_first,
                p_last,
                first,
            ) in found
        ]

    def cases(self) -> list[CaseSummary]:
        return self._summaries(self.db.execute(self._SUMMARY_SQL + " ORDER BY a.reference"))

    @staticmethod
    def _search(text: str) -> tuple[str, dict[str, str]]:
        """The SQL condition (on ``a``, ``c``, ``p``) and parameters of a search for ``text``."""
        text = text.strip()
        dob = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if dob:
            text = f"{int(dob[3]):04d}-{int(dob[2]):02d}-{int(dob[1]):02d}"
        escaped = escape_like(text)
        like = " LIKE :q ESCAPE '\\'"
        if " " in text:
            names = [f"({t}.first_name || ' ' || {t}.last_name){like}" for t in "cp"]
        else:
            # Text without a space cannot match across the space between two names: each
            # name on its own matches the same, without building a string for every row.
            names = [f"{t}.{name}{like}" for t in "cp" for name in ("first_name", "last_name")]
        where = (
            f"(a.reference{like} OR c.cms_reference{like} OR c.date_of_birth = :exact"
            f" OR {' OR '.join(names)})"
        )
        return where, {"q": f"%{escaped}%", "exact": text}

    def find(self, text: str) -> list[CaseSummary]:
        """Cases whose child or carer name, reference, case-management reference or child's
        date of birth (YYYY-MM-DD or DD/MM/YYYY) matches ``text``."""
        if not text.strip():
            return self.cases()
        where, params = self._search(text)
        return self._summaries(
            self.db.execute(self._SUMMARY_SQL + " WHERE " + where + _MATCHES_BY_REFERENCE, params)
        )

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
            sql = f"{self._SUMMARY_SQL} WHERE a.id IN ({marks})"
            for summary in self._summaries(self.db.execute(sql, chunk)):
                found[summary.arrangement_id] = summary
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


# Matches are sorted after the scan ("+" keeps SQLite from walking the reference index in
# order, which reads the arrangements in random order: at 50,000 cases a search spent
# ~150 ms of its ~200 ms fetching pages out of order; sorting a few thousand matches is
# nothing).
_MATCHES_BY_REFERENCE = " ORDER BY +a.reference"
