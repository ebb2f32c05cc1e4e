"""A read of the register for another thread, on a read-only connection of its own.

A county's enquiry log holds hundreds of thousands of rows: choosing and ordering their ids
takes longer than a window may stop answering. The register makes a ``ReadWork`` on its own
thread (e.g. ``Register.enquiry_ids_work``); ``run()``, on any one thread, opens the file
read-only, reads and closes that connection, so no SQLite connection crosses threads (as
``DueWork`` does for the due list). The result is what the file held when it was read: the
caller decides whether it still holds (a change meanwhile asks for another read).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pf_register.database import Database
from pf_register.storage import open_database

T = TypeVar("T")


@dataclass
class ReadWork(Generic[T]):
    path: Path
    read: Callable[[Database], T]
    result: T | None = None
    error: Exception | None = None

    def run(self) -> None:
        try:
            db = open_database(self.path, create=False, read_only=True)
            try:
                self.result = self.read(db)
            finally:
                db.close()
        except Exception as exc:  # reported to the owner, on its own thread
            self.error = exc
