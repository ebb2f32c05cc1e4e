"""Visits, checks and decisions: the work the officer records on a case (Reg 7 and 8
visits, safeguarding checks, the decision and its letter), and their corrections.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pf_register import fields as F  # noqa: N812  (F.CHILD_FIELDS reads as a table of fields)
from pf_register.dates import from_iso
from pf_register.facade.base import RegisterBase, Values, _require
from pf_register.loading import Row, rows


class VisitsChecksDecisionsMixin(RegisterBase):
    """Safeguarding checks, visits and decisions recorded on a case, and their corrections."""

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
