"""Cases and notifications: ``record_new_case``, further notifications and their
corrections, ending, reopening and confirming an arrangement, correcting its details.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pf_register import fields as F  # noqa: N812  (F.CHILD_FIELDS reads as a table of fields)
from pf_register.audit import ERASE_OPERATION
from pf_register.codes import CHILD_LIVING_THERE_KINDS, OPENING_KINDS
from pf_register.dates import from_iso
from pf_register.facade.base import RegisterBase, Values, _require
from pf_register.loading import Row, rows

# Notices that follow the one a case was opened with: the child has moved in (Reg 6, after
# a proposal), a change of circumstances (Reg 9).
_FOLLOWING_KINDS = frozenset({"moved_in", "change_of_circumstances"})


class CasesMixin(RegisterBase):
    """Opening a case and everything notified about it: further notifications, endings,
    reopening, confirming a short stay as private fostering, correcting the arrangement."""

    def _next_reference(self, received: str) -> str:
        year = received[:4]
        last = self.db.execute(
            "SELECT max(CAST(substr(reference, 9) AS INTEGER)) FROM arrangements"
            " WHERE reference >= ? AND reference < ?",  # a range: seeks the unique index
            [f"PF-{year}-", f"PF-{year}."],  # "." follows "-": every PF-{year}-… in between
        ).fetchone()[0]
        return f"PF-{year}-{(last or 0) + 1:04d}"

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
        # Where the start was read from: the field a mistake in it is shown beside.
        start_field, start_is = next(
            (key, words)
            for key, value, words in (
                ("arrangement.start_date", arr["start_date"], " (the move-in date)"),
                (
                    "notification.planned_start"
                    if note["planned_start"] == arr["planned_start"]
                    else "arrangement.planned_start",
                    arr["planned_start"],
                    " (the planned start)",
                ),
                ("notification.received", note["received"], " (the day the notice came)"),
            )
            if value
        )
        self._check_age_at_start(
            child_row,
            self._arrangement_start(arr, received),
            "child.date_of_birth",
            start_field=start_field,
            start_is=start_is,
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
        # (a notice not yet written: no id, so it is not the one the case was opened with)
        self._check_notice_order(
            {"arrangement_id": arrangement_id, "id": None, "kind": note["kind"]},
            note["received"],
        )
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
            self._check_notice_order(current, received)
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

    def _opening_notice(self, arrangement_id: int) -> Row | None:
        """The notification the case was opened with (the first entered)."""
        found = rows(
            self.db,
            "SELECT * FROM notifications WHERE arrangement_id = ? ORDER BY id LIMIT 1",
            [arrangement_id],
        )
        return found[0] if found else None

    def _check_notice_order(self, notice: Row, received: str) -> None:
        """A notice that the child has moved in, or of a change, follows the notice the case
        was opened with: a correction keeps them in that order."""
        opened = self._opening_notice(notice["arrangement_id"])
        if opened is None:
            return
        if opened["id"] == notice["id"]:
            later = self.db.execute(
                "SELECT min(received) FROM notifications WHERE arrangement_id = ? AND id != ?"
                f" AND kind IN ({', '.join('?' * len(_FOLLOWING_KINDS))})",
                [notice["arrangement_id"], notice["id"], *sorted(_FOLLOWING_KINDS)],
            ).fetchone()[0]
            _require(
                later is None or received <= later,
                "notification.received",
                f"{received} is after a later notice about this case ({later}): the case "
                "was opened with this one, so it came first: check the date",
            )
        elif notice["kind"] in _FOLLOWING_KINDS:
            _require(
                received >= opened["received"],
                "notification.received",
                f"{received} is before this case was first notified ({opened['received']}); "
                "a notice that the child has moved in, or of a change, comes after it: check "
                "the date",
            )

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
