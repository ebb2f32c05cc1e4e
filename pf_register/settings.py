"""The authority's local settings: practice timescales and closure days.

Statute fixes some timescales (7 working days, 6 and 12 weeks); everything the rules document
marks [practice] is a setting here, with the rules document's default.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from pf_register.dates import parse_date
from pf_register.errors import ValidationError


@dataclass(frozen=True)
class Settings:
    authority_name: str = ""
    closure_days: tuple[date, ...] = ()
    # Working days after a visit by which its written report is due (Reg 8(5) timescale).
    visit_report_days: int = 5
    # Working days after the first notification by which each safeguarding check is requested.
    check_request_days: int = 5
    # Calendar days after the first notification by which each check is returned.
    check_return_days: int = 42
    # Calendar days after the first notification by which the suitability decision is made.
    decision_days: int = 42
    # Days before the 16th (18th) birthday that the age limit starts to show as due soon.
    age_warn_days: int = 28
    # Household members this old or older need an enhanced DBS check (some authorities use 18).
    dbs_age: int = 16
    # Obligations due within this many days show as "due soon".
    due_soon_days: int = 7
    # Working days after an enquiry left "pending" by which its outcome is recorded.
    enquiry_follow_up_days: int = 5
    # Aggregate exports hide counts below this number as "<N".
    suppression_threshold: int = 5
    # The officer using this register: the default officer of a new enquiry.
    officer_name: str = ""
    # Weeks before and after an awareness activity that its impact statistics compare.
    awareness_weeks: int = 8
    # Where backups go: a folder name beside the register file, or an absolute path.
    backup_folder: str = "backups"
    # Backups kept: the latest of each of this many days, and of this many months.
    backup_daily: int = 7
    backup_monthly: int = 12
    # Years after a case ended before it is listed for review under the retention schedule.
    retention_years: int = 6

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


# Bounds that keep a mistyped setting from silently hiding every deadline.
_INT_BOUNDS: dict[str, tuple[int, int]] = {
    "visit_report_days": (1, 60),
    "check_request_days": (1, 60),
    "check_return_days": (1, 365),
    "decision_days": (1, 365),
    "age_warn_days": (0, 365),
    "dbs_age": (10, 18),
    "due_soon_days": (0, 90),
    "enquiry_follow_up_days": (1, 60),
    "suppression_threshold": (0, 100),
    "awareness_weeks": (1, 52),
    "backup_daily": (1, 366),
    "backup_monthly": (0, 240),
    "retention_years": (1, 100),
}

SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Settings))


def validate_setting(name: str, value: Any) -> Any:
    """Return ``value`` in the type the setting holds, or raise naming what is wrong."""
    if name not in SETTING_NAMES:
        raise ValidationError(name, f"is not a setting; known settings: {', '.join(SETTING_NAMES)}")
    if name in ("authority_name", "officer_name"):
        return str(value or "").strip()
    if name == "backup_folder":
        folder = str(value or "").strip() or "backups"
        if "\x00" in folder or len(folder) > 1000:
            raise ValidationError(name, "is not a usable folder name")
        return folder
    if name == "closure_days":
        days: list[date] = []
        if value is not None and not isinstance(value, str | list | tuple | set | frozenset):
            raise ValidationError(name, "must be a list of dates (YYYY-MM-DD)")
        items = value.split(",") if isinstance(value, str) else list(value or ())
        for item in items:
            if isinstance(item, date):
                days.append(item)
                continue
            text = str(item).strip()
            if not text:
                continue
            day = parse_date(text, name)
            assert day is not None
            days.append(day)
        return tuple(sorted(set(days)))
    low, high = _INT_BOUNDS[name]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(name, f"'{value}' is not a whole number") from None
    if isinstance(value, float) and value != number:
        raise ValidationError(name, f"'{value}' is not a whole number")
    if not low <= number <= high:
        raise ValidationError(name, f"{number} is out of range; use {low} to {high}")
    return number


def to_storage(settings: Settings) -> dict[str, str]:
    """Each setting as JSON text, for the key/value settings table."""
    values = dataclasses.asdict(settings)
    values["closure_days"] = [d.isoformat() for d in settings.closure_days]
    return {name: json.dumps(values[name]) for name in SETTING_NAMES}


def from_storage(rows: dict[str, str]) -> Settings:
    """Settings from stored JSON text; missing keys keep their defaults."""
    values = {
        name: validate_setting(name, json.loads(text))
        for name, text in rows.items()
        if name in SETTING_NAMES
    }
    return Settings(**values)


DEFAULTS = Settings()
__all__ = [
    "DEFAULTS",
    "SETTING_NAMES",
    "Settings",
    "from_storage",
    "to_storage",
    "validate_setting",
]
