"""What every area of the ``Register`` facade stands on: construction, opening and closing,
read-only handling, settings and the working calendar, transactions (``operation``,
``expecting``) and the validation helpers shared by the write operations.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

from pf_register import fields as F  # noqa: N812  (F.CHILD_FIELDS reads as a table of fields)
from pf_register.audit import AuditedWriter, current_user
from pf_register.clock import CaseFacts, Obligation
from pf_register.database import Database
from pf_register.dates import age_on, anniversary, from_iso
from pf_register.due_cache import DueCache, data_version
from pf_register.errors import ReadOnlyError, ValidationError
from pf_register.loading import CaseRecord, Row, rows
from pf_register.read_work import ReadWork
from pf_register.settings import Settings, from_storage, to_storage, validate_setting
from pf_register.storage import open_database, storage_failure
from pf_register.workdays import WorkingCalendar

Values = Mapping[str, object]
T = TypeVar("T")


def _require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise ValidationError(field, message)


class RegisterBase:
    """An open register file: the file, the user, the day, settings and transactions, and
    the validation helpers every area of ``Register`` shares. Package-private: use
    ``pf_register.register.Register``."""

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
        self._settings_version = data_version(db)  # another program's commit moves it
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
    ) -> Self:
        """Open the register at ``path``. ``create`` makes a new one if there is no file.

        ``today`` is injected so tests and ``--as-of`` can fix the day the register judges by.
        ``read_only`` opens it without ever writing: every change raises ``ReadOnlyError``.
        """
        path = Path(path).expanduser()
        db = open_database(path, create=create, read_only=read_only)
        return cls(
            db, path.resolve(), user=user or current_user(), today=today, read_only=read_only
        )

    def read_work(self, read: Callable[[Self], T]) -> ReadWork[T]:
        """``read`` as work for another thread (``ReadWork``): there it is given this register
        opened read-only, with a connection of its own, and judged on this register's day as
        it is now (a year's statistics take longer than a window may stop answering)."""
        path, user, day, cls = self.path, self.user, self.today(), type(self)
        return ReadWork(
            path, lambda db: read(cls(db, path, user=user, today=lambda: day, read_only=True))
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

    def __enter__(self) -> Self:
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

    def _reread_settings_if_changed(self) -> None:
        """Read the settings again if another program has committed since they were read
        (they may have changed there): the due list must not be judged by old timescales."""
        with suppress(sqlite3.Error):  # unreadable now, or closed: keep what was last read
            version = data_version(self.db)
            if version != self._settings_version:
                self._settings = self._load_settings()
                self._settings_version = version

    @property
    def settings(self) -> Settings:
        """The settings as they are in the file now: read again if another program (another
        officer's copy of the app, the command line) has committed since they were read, so
        a case's deadlines, a report's threshold or the backup folder never follow old ones."""
        self._reread_settings_if_changed()
        return self._settings

    @property
    def calendar(self) -> WorkingCalendar:
        """The working calendar for the current closure days (kept while they stay the same)."""
        closures = frozenset(self.settings.closure_days)
        if self._calendar is None or self._calendar.closure_days != closures:
            self._calendar = WorkingCalendar(closures)
        return self._calendar

    def update_settings(self, **changes: object) -> Settings:
        """Change settings; every deadline computed afterwards uses them."""
        cleaned = {name: validate_setting(name, value) for name, value in changes.items()}
        new = self.settings.replace(**cleaned)  # as in the file now, with these changes
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

    # ----------------------------------------------------------------- other areas' methods
    if TYPE_CHECKING:
        # Defined by the area mixins (queries, cases, awareness) and used across areas;
        # declared here so each mixin type-checks against this base alone.
        def arrangement(self, arrangement_id: int) -> Row: ...

        def case(self, arrangement_id: int) -> CaseRecord: ...

        def case_facts(self, arrangement_id: int) -> CaseFacts: ...

        def record_new_case(
            self,
            *,
            notification: Values,
            child: Values,
            carer: Values | None = None,
            arrangement: Values | None = None,
            household: Sequence[Values] = (),
            parents: Sequence[Values] = (),
        ) -> int: ...

        def enquiry_obligations(
            self, today: date | None = None, within_days: int | None = None
        ) -> list[Obligation]: ...

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
    def _check_age_at_start(
        child: Mapping[str, Any],
        start: date | None,
        field: str,
        *,
        start_field: str | None = None,
        start_is: str = "",
    ) -> None:
        """The child was born by the start (a mistake in ``start_field``, the field the start
        was read from, if given: the date of birth may be right) and was not past the age
        limit then (named against ``field``). ``start_is`` says where the start came from."""
        dob = from_iso(child.get("date_of_birth"))
        if dob is None or start is None:
            return
        _require(
            start >= dob,
            start_field or field,
            f"the arrangement starts on {start.isoformat()}{start_is}, before the child was "
            f"born on {dob.isoformat()}; check both dates",
        )
        disabled = bool(child.get("disabled"))
        limit = 18 if disabled else 16
        _require(
            age_on(dob, start) < limit,
            field,
            f"the child was already {limit} on {start.isoformat()}{start_is}, when the "
            f"arrangement started ({'disabled: ' if disabled else ''}private fostering ends "
            f"at {limit}; the {limit}th birthday was {anniversary(dob, limit).isoformat()}). "
            "Check the date of birth, or whether this is private fostering at all.",
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
