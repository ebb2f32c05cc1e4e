"""The open register as the front end sees it: one object, one ``changed`` signal.

Like Anki's ``aqt.operations``: a screen performs an operation through ``perform``; the register
validates and writes; ``changed`` tells every screen to refresh what it shows. Reads that several
screens need (the due list) are computed once per change and shared.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from pf_register.clock.obligation import Obligation
from pf_register.register import CaseSummary, Register, first_per_case

T = TypeVar("T")


class Session(QObject):
    """Owns the open ``Register`` for the window; emits ``changed(what)`` after every write."""

    changed = Signal(str)

    def __init__(self, register: Register, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self._due: list[Obligation] | None = None
        self._next_due: dict[int, Obligation] | None = None

    # ------------------------------------------------------------------ writes
    def perform(self, what: str, operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one register operation; on success, tell every screen. Errors propagate
        (a ``ValidationError`` is for the form that called, to show beside its field)."""
        result = operation(*args, **kwargs)
        self.invalidate()
        self.changed.emit(what)
        return result

    def invalidate(self) -> None:
        self._due = None
        self._next_due = None

    def refresh(self) -> None:
        """Re-read everything (F5): another program may have written the file."""
        self.invalidate()
        self.changed.emit("refresh")

    # ------------------------------------------------------------------ shared reads
    def today(self) -> date:
        return self.register.today()

    def due(self) -> list[Obligation]:
        """Every open obligation in the register, most urgent first (cached until a change)."""
        if self._due is None:
            self._due = self.register.due()
        return self._due

    def next_due(self) -> dict[int, Obligation]:
        """The most urgent open obligation of each arrangement."""
        if self._next_due is None:
            self._next_due = first_per_case(self.due())
        return self._next_due

    def cases(self, text: str = "") -> list[CaseSummary]:
        return self.register.find(text) if text.strip() else self.register.cases()
