"""People and households: correcting the child or a person, adding the carer, household
members and parents, and correcting their links to the case.
"""

from __future__ import annotations

from pf_register import fields as F  # noqa: N812  (F.CHILD_FIELDS reads as a table of fields)
from pf_register.facade.base import RegisterBase, Values, _require
from pf_register.loading import rows


class PeopleMixin(RegisterBase):
    """The child, the carer, the carer's household and the child's parents."""

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
