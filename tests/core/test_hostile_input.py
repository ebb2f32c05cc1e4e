"""Hostile input: random sequences of register operations with random values (any unicode,
very long text, odd and impossible dates, wrong types). The register only ever raises its own
RegisterError subclasses; every refusal leaves the file as it was; the file stays sound."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pf_register.errors import RegisterError
from pf_register.register import Register
from tests.core.conftest import TYPICAL_CASE, snapshot

TODAY = date(2026, 6, 1)

ODD_DATES = [
    "2026-02-30",
    "2026-13-01",
    "31/12/2020",
    "0000-01-01",
    "9999-12-31",
    "2026-5-4",
    " 2026-05-04 ",
    "",
    "yesterday",
    "2026-05-04T10:00",
    "１９９９-０１-０１",
]
texts = st.one_of(
    st.text(max_size=40),
    st.text(min_size=1, max_size=5).map(lambda t: t * 3000),  # very long
    st.sampled_from(["\x00", "'; DROP TABLE children; --", "\u202e", "😀" * 50, " "]),
)
dates = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)).map(date.isoformat),
    st.sampled_from(ODD_DATES),
    st.dates(),
)
values = st.one_of(
    texts,
    dates,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.lists(st.integers(), max_size=2),
)
FIELDS = {
    "child": ["first_name", "last_name", "sex", "date_of_birth", "disabled", "notes", "school"],
    "carer": ["first_name", "last_name", "date_of_birth", "address", "phone"],
    "arrangement": [
        "type_code",
        "start_date",
        "planned_start",
        "intended_duration_days",
        "officer",
    ],
    "notification": ["kind", "received", "notifier_role", "notifier_name", "description"],
    "visit": ["visit_date", "kind", "child_seen", "seen_alone", "not_alone_reason", "report_date"],
    "check": ["kind", "requested", "returned", "outcome"],
    "ending": ["end_date", "end_reason", "end_notes"],
}
SETTINGS = [
    "authority_name",
    "closure_days",
    "decision_days",
    "due_soon_days",
    "backup_daily",
    "backup_folder",
    "retention_years",
    "dbs_age",
]


def _changes(data: st.DataObject, section: str) -> dict[str, Any]:
    names = data.draw(st.lists(st.sampled_from(FIELDS[section]), max_size=3, unique=True))
    return {n: data.draw(values) for n in names}


def _action(reg: Register, data: st.DataObject) -> None:
    ids = [c.arrangement_id for c in reg.cases()] or [1]
    case = data.draw(st.sampled_from([*ids, 999]))
    kind = data.draw(
        st.sampled_from(
            [
                "new",
                "new",
                "child",
                "arrangement",
                "visit",
                "check",
                "end",
                "settings",
                "note",
                "reopen",
                "person",
            ]
        )
    )
    if kind == "new":
        base: dict[str, Any] = {
            k: dict(v) if isinstance(v, dict) else v for k, v in TYPICAL_CASE.items()
        }
        for section in ("child", "carer", "arrangement", "notification"):
            base[section] = {**base[section], **_changes(data, section)}
        reg.record_new_case(**base)
    elif kind == "child":
        reg.update_child(reg.arrangement(case)["child_id"], _changes(data, "child"))
    elif kind == "person":
        reg.update_person(data.draw(st.integers(-1, 6)), _changes(data, "carer"))
    elif kind == "arrangement":
        reg.update_arrangement(case, _changes(data, "arrangement"))
    elif kind == "visit":
        reg.record_visit(
            case,
            {
                "visit_date": "2026-05-20",
                "kind": "statutory",
                "child_seen": True,
                "seen_alone": True,
                **_changes(data, "visit"),
            },
        )
    elif kind == "check":
        reg.record_check(
            case, {"kind": "dbs", "requested": "2026-05-06", **_changes(data, "check")}
        )
    elif kind == "end":
        reg.end_arrangement(
            case, {"end_date": "2026-05-30", "end_reason": "other", **_changes(data, "ending")}
        )
    elif kind == "reopen":
        reg.reopen_arrangement(case)
    elif kind == "note":
        reg.record_change_of_circumstances(
            case,
            received=data.draw(dates),
            notifier_role=data.draw(values),
            description=data.draw(texts),
        )
    else:
        name = data.draw(st.sampled_from(SETTINGS))
        reg.update_settings(**{name: data.draw(values)})


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_operations_never_crash_or_corrupt(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.db"
        with Register.open(path, create=True, user="fuzz", today=lambda: TODAY) as reg:
            for _ in range(data.draw(st.integers(1, 8))):
                before = snapshot(reg)
                refusal: RegisterError | None = None
                try:
                    _action(reg, data)
                except RegisterError as error:  # anything else fails the test
                    refusal = error
                if refusal is not None:
                    assert str(refusal).strip()
                    assert snapshot(reg) == before
                    assert not reg.db.conn.in_transaction
                # Whatever was accepted reads back and computes deadlines.
                for summary in reg.cases():
                    reg.case(summary.arrangement_id)
                    reg.obligations(summary.arrangement_id)
                reg.due()
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()
