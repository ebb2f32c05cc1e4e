"""The facts the clock reads: plain values loaded from the register (or built in tests), never
changed once made (``record``s: read-only to the type checker, frozen under the tests)."""

from __future__ import annotations

from dataclasses import field
from datetime import date

from pf_register.codes import CHILD_LIVING_THERE_KINDS
from pf_register.records import record


@record
class NotificationFact:
    kind: str
    received: date
    id: int = 0


@record
class VisitFact:
    visit_date: date
    child_seen: bool = True
    report_date: date | None = None
    id: int = 0


@record
class CheckFact:
    """A safeguarding check; ``person_id`` None means a check about the child (e.g. school)."""

    kind: str
    person_id: int | None
    requested: date | None = None
    returned: date | None = None
    outcome: str | None = None
    id: int = 0


@record
class DecisionFact:
    outcome: str
    decision_date: date
    letter_date: date | None = None
    id: int = 0


@record
class PersonFact:
    """The carer or a household member; ``joined``/``left`` bound a member's time there."""

    id: int
    name: str
    date_of_birth: date | None = None
    joined: date | None = None
    left: date | None = None


@record
class EnquiryFact:
    enquiry_date: date
    outcome: str
    outcome_date: date | None = None
    id: int = 0


@record
class CaseFacts:
    """Everything about one arrangement that a deadline can depend on."""

    arrangement_id: int = 0
    reference: str = ""
    child_name: str = ""
    child_dob: date | None = None
    child_disabled: bool | None = None
    start_date: date | None = None
    end_date: date | None = None
    intended_duration_days: int | None = None
    confirmed_date: date | None = None
    carer: PersonFact | None = None
    household: tuple[PersonFact, ...] = ()
    notifications: tuple[NotificationFact, ...] = ()
    visits: tuple[VisitFact, ...] = field(default=())
    checks: tuple[CheckFact, ...] = ()
    decisions: tuple[DecisionFact, ...] = ()

    @property
    def first_notified(self) -> date | None:
        """When the authority first knew of the arrangement (any notification)."""
        return min((n.received for n in self.notifications), default=None)

    @property
    def living_there_notified(self) -> date | None:
        """When the authority first knew the child was living there (Reg 5 or Reg 6 notice)."""
        return min(
            (n.received for n in self.notifications if n.kind in CHILD_LIVING_THERE_KINDS),
            default=None,
        )

    def first_notified_of(self, kind: str) -> date | None:
        return min((n.received for n in self.notifications if n.kind == kind), default=None)

    @property
    def age_limit_years(self) -> int:
        # Unknown disability counts as not disabled: the earlier limit is the safer warning.
        return 18 if self.child_disabled else 16
