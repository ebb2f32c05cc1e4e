"""An obligation: one thing the authority must do by a date, and where it stands on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pf_register.records import record


class Status(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"
    # The arrangement ended with this undone after it fell due: late for good, never open again.
    MISSED = "missed"

    @property
    def is_open(self) -> bool:
        return self in _OPEN

    @property
    def label(self) -> str:
        return _LABELS[self]


_OPEN = frozenset({Status.DUE_TODAY, Status.OVERDUE, Status.DUE_SOON, Status.UPCOMING})
_LABELS = {
    Status.DONE_ON_TIME: "Done on time",
    Status.DONE_LATE: "Done late",
    Status.DUE_TODAY: "Due today",
    Status.OVERDUE: "Overdue",
    Status.DUE_SOON: "Due soon",
    Status.UPCOMING: "Upcoming",
    Status.MISSED: "Missed",
}
# Open obligations sort most urgent first.
URGENCY = {
    Status.OVERDUE: 0,
    Status.DUE_TODAY: 1,
    Status.DUE_SOON: 2,
    Status.UPCOMING: 3,
    Status.MISSED: 4,
    Status.DONE_LATE: 5,
    Status.DONE_ON_TIME: 6,
}


def status_on(due: date, done: date | None, today: date, soon_days: int) -> Status:
    """Where an obligation stands on ``today``: due that day is not yet overdue."""
    if done is not None:
        return Status.DONE_ON_TIME if done <= due else Status.DONE_LATE
    if today == due:
        return Status.DUE_TODAY
    if today > due:
        return Status.OVERDUE
    if (due - today).days <= soon_days:
        return Status.DUE_SOON
    return Status.UPCOMING


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    title: str
    basis: str
    statute: bool

    @property
    def kind(self) -> str:
        return "statute" if self.statute else "practice"

    @property
    def heading(self) -> str:
        """The rule in plain words with its legal basis, as the officer reads it."""
        return f"{self.title} — {self.basis}"


@record
class Obligation:
    rule: RuleInfo
    due: date
    done: date | None
    status: Status
    days: int  # due minus today: negative when overdue
    detail: str = ""
    arrangement_id: int = 0
    reference: str = ""
    child: str = ""
    # What the obligation is about, for the UI to link to (a person, visit or check id).
    subject_id: int | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    def sort_key(self) -> tuple[int, date, str, str]:
        return (URGENCY[self.status], self.due, self.reference, self.rule.code)
