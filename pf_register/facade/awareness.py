"""Awareness: the enquiry log (recording, correcting, linking an enquiry to the case it
became, its follow-up obligation) and the awareness activities enquiries are traced to.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import partial
from typing import Any

from pf_register import fields as F  # noqa: N812  (F.CHILD_FIELDS reads as a table of fields)
from pf_register.clock import Obligation
from pf_register.clock.facts import EnquiryFact
from pf_register.clock.rules import enquiry_follow_up
from pf_register.codes import (
    ACTIVITY_AUDIENCES,
    ACTIVITY_KINDS,
    ENQUIRY_CHANNELS,
    ENQUIRY_OUTCOMES,
    ENQUIRY_SOURCES,
    NOTIFIER_ROLES,
    CodeList,
)
from pf_register.database import Database
from pf_register.dates import from_iso, in_words
from pf_register.errors import NotFoundError, ReadOnlyError, ValidationError
from pf_register.facade.base import RegisterBase, Values, _require
from pf_register.loading import Row, escape_like, rows
from pf_register.read_work import ReadWork


class AwarenessMixin(RegisterBase):
    """The enquiry log and the awareness activity log."""

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
        where, params = _enquiry_search(text)
        return rows(
            self.db, self._ENQUIRY_SQL + where + " ORDER BY e.enquiry_date DESC, e.id DESC", params
        )

    def enquiry_ids(
        self, text: str = "", order: str | None = None, descending: bool = False
    ) -> list[int]:
        """The ids of ``enquiries(text)``, in its order (newest first), or ordered by one of
        ``ENQUIRY_ORDERS`` (blanks last, then newest first), without reading the rows (a
        county's log holds hundreds of thousands: a list reads the rows it shows,
        ``enquiries_by_id``, and chooses the ids off its GUI thread, ``enquiry_ids_work``)."""
        _check_order(order, ENQUIRY_ORDERS)
        return _enquiry_ids(self.db, text, order, descending)

    def enquiry_ids_work(
        self, text: str = "", order: str | None = None, descending: bool = False
    ) -> ReadWork[list[int]]:
        """``enquiry_ids`` as work for another thread, on its own connection (``ReadWork``)."""
        _check_order(order, ENQUIRY_ORDERS)
        return ReadWork(
            self.path, partial(_enquiry_ids, text=text, order=order, descending=descending)
        )

    def enquiries_by_id(self, enquiry_ids: Sequence[int]) -> dict[int, Row]:
        """The rows of ``enquiries`` for the given ids (those that exist)."""
        return _by_id(self.db, self._ENQUIRY_SQL + " WHERE e.id IN ({})", enquiry_ids)

    def activity(self, activity_id: int) -> Row:
        found = rows(self.db, "SELECT * FROM activities WHERE id = ?", [activity_id])
        if not found:
            raise NotFoundError(f"No awareness activity with id {activity_id} in this register")
        return found[0]

    _ACTIVITY_SQL = (
        "SELECT a.*, (SELECT count(*) FROM enquiries e WHERE e.activity_id = a.id)"
        " AS enquiries FROM activities a"
    )

    def activities(self, text: str = "") -> list[Row]:
        """The awareness activity log, newest first, each with ``enquiries``: how many enquiries
        were traced to it. ``text`` searches what it was, the area, notes and the officer."""
        where, params = _activity_search(text)
        return rows(
            self.db,
            self._ACTIVITY_SQL + where + " ORDER BY a.activity_date DESC, a.id DESC",
            params,
        )

    def activity_ids(
        self, text: str = "", order: str | None = None, descending: bool = False
    ) -> list[int]:
        """The ids of ``activities(text)``, in its order (newest first), or ordered by one of
        ``ACTIVITY_ORDERS`` (blanks last, then newest first); ``activities_by_id`` reads the
        rows a list shows."""
        _check_order(order, ACTIVITY_ORDERS)
        where, params = _activity_search(text)
        sql = "SELECT a.id FROM activities a" + where
        if order is not None:
            sql += _order_by(ACTIVITY_ORDERS[order], descending, "a.activity_date DESC, a.id DESC")
        else:  # a search scans the table in its own order and sorts what it found
            sql += f" ORDER BY {'+' if where else ''}a.activity_date DESC, a.id DESC"
        return [int(r[0]) for r in self.db.execute(sql, params)]

    def activities_by_id(self, activity_ids: Sequence[int]) -> dict[int, Row]:
        """The rows of ``activities`` for the given ids (those that exist)."""
        return _by_id(self.db, self._ACTIVITY_SQL + " WHERE a.id IN ({})", activity_ids)

    def activity_choices(self, text: str = "", limit: int | None = None) -> list[tuple[int, str]]:
        """The activities an enquirer may have heard from, newest first, as the enquiry form
        offers them: (id, "YYYY-MM-DD: what it was": the title, or else the kind). ``text``
        keeps those whose words contain it (in any case); ``limit``: at most that many."""
        sql = f"SELECT a.id, {_ACTIVITY_LABEL} FROM activities a"
        params: list[Any] = []
        if text.strip():
            sql += f" WHERE {_ACTIVITY_LABEL} LIKE ? ESCAPE '\\'"
            params.append(f"%{escape_like(text.strip())}%")
        sql += " ORDER BY a.activity_date DESC, a.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [(int(r[0]), str(r[1])) for r in self.db.execute(sql, params)]

    def activity_choice(self, activity_id: int) -> str:
        """The words ``activity_choices`` shows for one activity."""
        found = self.db.execute(
            f"SELECT {_ACTIVITY_LABEL} FROM activities a WHERE a.id = ?", [activity_id]
        ).fetchone()
        if found is None:
            raise NotFoundError(f"No awareness activity with id {activity_id} in this register")
        return str(found[0])

    def activity_for_choice(self, words: str) -> int | None:
        """The activity ``activity_choices`` shows as ``words`` (in any case; the newest if
        several read the same), or None."""
        words = words.strip()
        found = self.db.execute(
            f"SELECT a.id FROM activities a WHERE a.activity_date = ?"
            f" AND {_ACTIVITY_LABEL} = ? COLLATE NOCASE ORDER BY a.id DESC LIMIT 1",
            [words[:10], words],  # the words begin with the date: its index finds them
        ).fetchone()
        return None if found is None else int(found[0])

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
        """The year's next ``ENQ-YYYY-NNNN``, never one a deleted enquiry had: its reference
        is in the audit log and may have been quoted to the enquirer."""
        year = enquiry_date[:4]
        last = self.db.execute(
            "SELECT id, CAST(substr(reference, 10) AS INTEGER) FROM enquiries"
            " WHERE reference >= ? AND reference < ?"  # a range: seeks the unique index
            " ORDER BY reference DESC LIMIT 1",  # (LIKE scanned every enquiry)
            [f"ENQ-{year}-", f"ENQ-{year}."],
        ).fetchone()
        after_id, number = (int(last[0]), int(last[1])) if last else (0, 0)
        number = max(number, self._deleted_enquiry_number(year, after_id))
        return f"ENQ-{year}-{number + 1:04d}"

    def _deleted_enquiry_number(self, year: str, after_id: int) -> int:
        """The highest number of ``year`` among enquiries deleted after id ``after_id``. Ids
        are never reused and only a delete leaves a gap, so a later reference that is gone
        belongs to a missing id above ``after_id``: only those ids' audit rows are read."""
        present = [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM enquiries WHERE id > ? ORDER BY id", [after_id]
            )
        ]
        missing: list[int] = []
        expected = after_id + 1
        for row_id in present:
            missing.extend(range(expected, row_id))
            expected = row_id + 1
        best = 0
        row_id = expected
        while True:  # the gaps, then past the last row while deleted ids follow
            if missing:
                candidate = missing.pop()
            else:
                candidate, row_id = row_id, row_id + 1
            found = self.db.execute(
                "SELECT before FROM audit_log WHERE table_name = 'enquiries' AND row_id = ?"
                " AND action = 'delete'",
                [str(candidate)],
            ).fetchone()
            if found is None:
                if candidate >= expected:
                    return best  # no deleted id beyond the last row any more
                continue
            reference = str(json.loads(found[0]).get("reference") or "")
            if reference.startswith(f"ENQ-{year}-") and reference[9:].isdigit():
                best = max(best, int(reference[9:]))

    def record_enquiry(self, enquiry: Values) -> int:
        """Log an enquiry; returns its id. Defaults: today's date, the ``officer_name``
        setting, outcome "pending" (which puts ENQUIRY_FOLLOW_UP on the due list). An outcome
        given at once is dated the day of the enquiry unless ``outcome_date`` says otherwise."""
        given = dict(enquiry)
        for name, default in (
            ("enquiry_date", self.today()),
            ("officer", self.settings.officer_name or None),
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
                f"{current['reference']} is already linked to another case; open the enquiry "
                "and choose Remove this link first",
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
        calendar, settings = self.calendar, self.settings
        result = []
        for e in rows(
            self.db,
            "SELECT id, reference, enquiry_date, source_sector, channel FROM enquiries"
            " WHERE outcome = 'pending' AND enquiry_date <= ?",
            [today.isoformat()],
        ):
            day = date.fromisoformat(e["enquiry_date"])
            fact = EnquiryFact(day, "pending", None, e["id"])
            for o in enquiry_follow_up(fact, today, calendar, settings):
                if within_days is not None and o.days > within_days:
                    continue
                who = ENQUIRY_SOURCES.label(e["source_sector"])
                how = ENQUIRY_CHANNELS.label(e["channel"]).lower()
                detail = f"{who}: enquiry by {how} on {in_words(day)}"
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
            given["officer"] = self.settings.officer_name or None
        values = self._clean(F.ACTIVITY_FIELDS, given, "activity")
        with self.operation("record activity") as w:
            return w.insert("activities", values)

    def update_activity(self, activity_id: int, values: Values) -> None:
        current = self._writer.get("activities", activity_id)
        changes = self._clean(F.ACTIVITY_FIELDS, values, "activity", partial=True)
        self._check_activity(activity_id, {**current, **changes})
        with self.operation("correct activity") as w:
            w.update("activities", activity_id, changes)

    # ----------------------------------------------------------------- deleting a mistake
    # An enquiry or activity logged by mistake (a duplicate, the wrong form, a test entry) is
    # deleted with a reason, in one audited transaction: the audit row keeps the whole row and
    # the reason; the log, the due list and the statistics no longer hold it. Under
    # ``expecting`` a row changed since the officer loaded it is refused (``ConflictError``).

    def check_enquiry_deletable(self, enquiry_id: int) -> Row:
        """The enquiry (as ``enquiry`` reads it) if ``delete_enquiry`` with a reason would
        delete it; else ``ReadOnlyError``, ``NotFoundError`` or a ``ValidationError`` that says
        why not and what to do instead. So the officer is asked only about a delete that can
        go ahead."""
        self._refuse_deleting_if_read_only()
        found = self.enquiry(enquiry_id)
        _refuse_linked(found)
        return found

    def delete_enquiry(self, enquiry_id: int, reason: object) -> None:
        """Delete an enquiry logged by mistake, saying why (``reason``, required): its
        ENQUIRY_FOLLOW_UP leaves the due list and it is no longer counted. Refused for an
        enquiry linked to a case: it is the evidence that the enquiry led to that
        notification."""
        text = _deletion_reason(reason, "enquiry")
        with self.operation("delete enquiry") as w:
            _refuse_linked(self.enquiry(enquiry_id))
            w.delete("enquiries", enquiry_id, text)

    def check_activity_deletable(self, activity_id: int) -> Row:
        """The activity (as ``activity`` reads it) if ``delete_activity`` with a reason would
        delete it; else ``ReadOnlyError``, ``NotFoundError`` or a ``ValidationError`` that says
        why not and what to do instead."""
        self._refuse_deleting_if_read_only()
        found = self.activity(activity_id)
        self._refuse_activity_in_use(activity_id)
        return found

    def delete_activity(self, activity_id: int, reason: object) -> None:
        """Delete an awareness activity logged by mistake, saying why (``reason``, required).
        Refused while enquiries say they heard of private fostering from it: they are
        corrected first (to the right activity, or none), so no enquiry loses where it heard
        of private fostering without the officer choosing."""
        text = _deletion_reason(reason, "activity")
        with self.operation("delete activity") as w:
            self.activity(activity_id)  # its own words if it is not there
            self._refuse_activity_in_use(activity_id)
            w.delete("activities", activity_id, text)

    def _refuse_deleting_if_read_only(self) -> None:
        if self.read_only_reason is not None:
            raise ReadOnlyError(f"Nothing can be deleted: {self.read_only_reason}.")

    def _refuse_activity_in_use(self, activity_id: int) -> None:
        traced = [
            str(r[0])
            for r in self.db.execute(
                "SELECT reference FROM enquiries WHERE activity_id = ?"
                " ORDER BY enquiry_date, reference",
                [activity_id],
            )
        ]
        if not traced:
            return
        n = len(traced)
        named = ", ".join(traced[:_NAMED]) + (f" and {n - _NAMED} more" if n > _NAMED else "")
        raise ValidationError(
            "activity.enquiries",
            f"{n} enquir{'y' if n == 1 else 'ies'} ({named}) heard of private fostering from "
            f"this activity. Correct {'it' if n == 1 else 'them'} first (choose the right "
            "activity, or none), then delete this one.",
        )


_NAMED = 5  # enquiries named when an activity they heard from cannot be deleted


def _deletion_reason(reason: object, record: str) -> str:
    text = str(reason or "").strip()
    _require(bool(text), f"{record}.reason", f"say why this {record} is deleted (e.g. a duplicate)")
    _require(len(text) <= 500, f"{record}.reason", "is too long; keep it under 500 characters")
    return text


def _refuse_linked(enquiry: Row) -> None:
    """An enquiry that became a case stays: it is the evidence that it led to the notice."""
    case = enquiry["arrangement_reference"]
    _require(
        enquiry["arrangement_id"] is None,
        "enquiry.arrangement_id",
        f"{enquiry['reference']} is linked to {case}: it is the record that this enquiry led "
        "to that notification, so it is kept. If it was logged twice, delete the other copy; "
        "if the link itself is the mistake, open the enquiry and choose Remove this link "
        "first.",
    )


def _search_clause(text: str, columns: Sequence[str], date_column: str) -> tuple[str, list[Any]]:
    """A WHERE clause matching ``text`` in any of ``columns`` (or a date exactly)."""
    text = text.strip()
    if not text:
        return "", []
    day = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    exact = f"{int(day[3]):04d}-{int(day[2]):02d}-{int(day[1]):02d}" if day else text
    escaped = escape_like(text)
    like = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns)
    return f" WHERE {like} OR {date_column} = ?", [*[f"%{escaped}%"] * len(columns), exact]


def _enquiry_search(text: str) -> tuple[str, list[Any]]:
    """The reference, area, names, what it was about, how they heard, the officer, the
    activity (``a``) and the linked case's reference (``r``), or the date exactly."""
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


def _activity_search(text: str) -> tuple[str, list[Any]]:
    return _search_clause(text, ["a.title", "a.area", "a.notes", "a.officer"], "a.activity_date")


def _labels(column: str, codes: CodeList) -> str:
    """SQL for the words of a coded column, to order by what the officer reads."""

    def quoted(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    cases = " ".join(f"WHEN {quoted(code)} THEN {quoted(label)}" for code, label in codes.entries)
    return f"CASE {column} {cases} ELSE {column} END"


# What a list of enquiries or activities can be ordered by: the SQL for each column's value.
ENQUIRY_ORDERS: dict[str, str] = {
    "reference": "e.reference",
    "date": "e.enquiry_date",
    "source": _labels("e.source_sector", ENQUIRY_SOURCES),
    "channel": _labels("e.channel", ENQUIRY_CHANNELS),
    "area": "e.area",
    "outcome": _labels("e.outcome", ENQUIRY_OUTCOMES),
    "case": "r.reference",
    "heard_from": "coalesce(a.title, e.heard_from)",
    "about": "e.about",
}
ACTIVITY_ORDERS: dict[str, str] = {
    "date": "a.activity_date",
    "kind": _labels("a.kind", ACTIVITY_KINDS),
    "audience": _labels("a.audience_sector", ACTIVITY_AUDIENCES),
    "area": "coalesce(a.area, 'Whole authority')",
    "reached": "a.reached",
    "enquiries": "(SELECT count(*) FROM enquiries e WHERE e.activity_id = a.id)",
    "title": "a.title",
    "officer": "a.officer",
}
# An activity as the enquiry form offers it: "YYYY-MM-DD: " and its title, or else its kind.
_ACTIVITY_LABEL = (
    f"a.activity_date || ': ' || coalesce(nullif(a.title, ''), {_labels('a.kind', ACTIVITY_KINDS)})"
)


def _check_order(order: str | None, orders: Mapping[str, str]) -> None:
    if order is not None and order not in orders:
        raise ValueError(f"cannot order by {order!r}; one of {', '.join(orders)}")


def _order_by(value: str, descending: bool, then: str) -> str:
    """Blank values last either way; text in any case; ties as the list's own order."""
    way = " DESC" if descending else ""
    return f" ORDER BY coalesce({value}, '') = '', ({value}) COLLATE NOCASE{way}, {then}"


def _enquiry_ids(
    db: Database, text: str = "", order: str | None = None, descending: bool = False
) -> list[int]:
    where, params = _enquiry_search(text)
    sql = "SELECT e.id FROM enquiries e"
    if where or order in ("case", "heard_from"):  # these reach the activity and the case
        sql += (
            " LEFT JOIN activities a ON a.id = e.activity_id"
            " LEFT JOIN arrangements r ON r.id = e.arrangement_id"
        )
    sql += where
    if order is not None:
        sql += _order_by(ENQUIRY_ORDERS[order], descending, "e.enquiry_date DESC, e.id DESC")
    else:
        # Without a search the date index gives the order. A search scans the table in its
        # own order and sorts what it found: walking the index in date order fetched the
        # rows out of order (at 500,000 enquiries ~2 s against ~0.4 s).
        sql += f" ORDER BY {'+' if where else ''}e.enquiry_date DESC, e.id DESC"
    return [int(r[0]) for r in db.execute(sql, params)]


def _by_id(db: Database, sql: str, ids: Sequence[int]) -> dict[int, Row]:
    """The rows ``sql`` (with ``IN ({})`` for the ids) gives for ``ids``, by id."""
    found: dict[int, Row] = {}
    wanted = list(ids)
    for start in range(0, len(wanted), 500):  # within SQLite's limit on parameters
        chunk = wanted[start : start + 500]
        for row in rows(db, sql.format(", ".join("?" for _ in chunk)), chunk):
            found[int(row["id"])] = row
    return found


def _split_name(name: str | None) -> dict[str, str]:
    """'Amy Jo Bell' -> first 'Amy Jo', last 'Bell'; one word is a first name only."""
    parts = (name or "").split()
    if not parts:
        return {}
    if len(parts) == 1:
        return {"first_name": parts[0]}
    return {"first_name": " ".join(parts[:-1]), "last_name": parts[-1]}
