"""The register's schema, one migration a step. Never edit a migration that has shipped: add one.

``SCHEMA_VERSION`` is the number of migrations this program knows; it is written to
``PRAGMA user_version`` so a newer file can be recognised and refused before anything is read.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "pf_register"
migrations = Migrations(MIGRATION_SET)

_INITIAL = """
CREATE TABLE children (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    sex TEXT,
    date_of_birth TEXT,
    place_of_birth TEXT,
    ethnicity TEXT,
    religion TEXT,
    language TEXT,
    nationality TEXT,
    country_of_origin TEXT,
    disabled INTEGER,
    school TEXT,
    gp TEXT,
    cms_reference TEXT,
    notes TEXT
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    date_of_birth TEXT,
    sex TEXT,
    address TEXT,
    previous_addresses TEXT,
    phone TEXT,
    email TEXT,
    notes TEXT
);
CREATE TABLE arrangements (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE RESTRICT,
    carer_id INTEGER REFERENCES people(id) ON DELETE RESTRICT,
    type_code TEXT,
    officer TEXT,
    address TEXT,
    planned_start TEXT,
    start_date TEXT,
    intended_duration_days INTEGER,
    confirmed_date TEXT,
    end_date TEXT,
    end_reason TEXT,
    end_notes TEXT
);
CREATE TABLE household_members (
    id INTEGER PRIMARY KEY,
    arrangement_id INTEGER NOT NULL REFERENCES arrangements(id) ON DELETE RESTRICT,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
    relationship TEXT,
    joined TEXT,
    "left" TEXT
);
CREATE TABLE parents (
    id INTEGER PRIMARY KEY,
    arrangement_id INTEGER NOT NULL REFERENCES arrangements(id) ON DELETE RESTRICT,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
    relationship TEXT NOT NULL,
    has_parental_responsibility INTEGER
);
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    arrangement_id INTEGER NOT NULL REFERENCES arrangements(id) ON DELETE RESTRICT,
    kind TEXT NOT NULL,
    received TEXT NOT NULL,
    notifier_role TEXT NOT NULL,
    notifier_name TEXT,
    planned_start TEXT,
    description TEXT
);
CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    arrangement_id INTEGER NOT NULL REFERENCES arrangements(id) ON DELETE RESTRICT,
    visit_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    child_seen INTEGER NOT NULL,
    seen_alone INTEGER,
    not_alone_reason TEXT,
    report_date TEXT,
    officer TEXT,
    notes TEXT
);
CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    arrangement_id INTEGER NOT NULL REFERENCES arrangements(id) ON DELETE RESTRICT,
    person_id INTEGER REFERENCES people(id) ON DELETE RESTRICT,
    kind TEXT NOT NULL,
    requested TEXT,
    returned TEXT,
    outcome TEXT,
    notes TEXT
);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    arrangement_id INTEGER NOT NULL REFERENCES arrangements(id) ON DELETE RESTRICT,
    outcome TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    letter_date TEXT,
    notes TEXT
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    operation TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before TEXT,
    after TEXT
);
CREATE INDEX idx_arrangements_child ON arrangements(child_id);
CREATE INDEX idx_arrangements_carer ON arrangements(carer_id);
CREATE INDEX idx_household_arrangement ON household_members(arrangement_id);
CREATE INDEX idx_parents_arrangement ON parents(arrangement_id);
CREATE INDEX idx_notifications_arrangement ON notifications(arrangement_id);
CREATE INDEX idx_visits_arrangement ON visits(arrangement_id);
CREATE INDEX idx_checks_arrangement ON checks(arrangement_id);
CREATE INDEX idx_decisions_arrangement ON decisions(arrangement_id);
CREATE INDEX idx_audit_row ON audit_log(table_name, row_id);
-- Case records are closed, never deleted: the audit log and the arrangements stay.
CREATE TRIGGER arrangements_no_delete BEFORE DELETE ON arrangements
BEGIN SELECT RAISE(ABORT, 'arrangements are ended, never deleted'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
"""


def m001_initial(db: Database) -> None:
    # Statements end with ";" and a newline; the ";" inside a trigger body is followed by a space.
    for statement in _INITIAL.split(";\n"):
        if statement.strip():
            db.execute(statement)


_AWARENESS = """
CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    activity_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    audience_sector TEXT NOT NULL,
    area TEXT,
    reached INTEGER,
    title TEXT,
    officer TEXT,
    notes TEXT
);
CREATE TABLE enquiries (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    enquiry_date TEXT NOT NULL,
    source_sector TEXT NOT NULL,
    channel TEXT NOT NULL,
    area TEXT,
    activity_id INTEGER REFERENCES activities(id) ON DELETE RESTRICT,
    heard_from TEXT,
    enquirer_name TEXT,
    contact TEXT,
    child_name TEXT,
    carer_name TEXT,
    about TEXT,
    outcome TEXT NOT NULL,
    outcome_date TEXT,
    not_pf_reason TEXT,
    referred_to TEXT,
    officer TEXT,
    arrangement_id INTEGER REFERENCES arrangements(id) ON DELETE RESTRICT
);
CREATE INDEX idx_activities_date ON activities(activity_date);
CREATE INDEX idx_enquiries_date ON enquiries(enquiry_date);
CREATE INDEX idx_enquiries_activity ON enquiries(activity_id);
CREATE INDEX idx_enquiries_arrangement ON enquiries(arrangement_id);
CREATE INDEX idx_enquiries_outcome ON enquiries(outcome);
"""


def m002_awareness(db: Database) -> None:
    """The enquiry log and the awareness activity log (issue 4)."""
    for statement in _AWARENESS.split(";\n"):
        if statement.strip():
            db.execute(statement)


def due_store_triggers(table: str) -> list[str]:
    """The triggers that empty ``due_store`` whenever ``table`` changes: every table whose
    rows can change a due list has them, so a migration that adds one adds these too."""
    return [
        f"CREATE TRIGGER {table}_{action.lower()}_due_store AFTER {action} ON {table}"
        " BEGIN DELETE FROM due_store; END"
        for action in ("INSERT", "UPDATE", "DELETE")
    ]


def m003_due_store(db: Database) -> None:
    """Due lists kept between runs (``pf_register.due_store``), emptied in the same
    transaction as any change to the data they were judged from."""
    db.execute(
        "CREATE TABLE due_store ("
        "day TEXT PRIMARY KEY, stamp TEXT NOT NULL, obligations BLOB NOT NULL)"
    )
    for table in (
        "children",
        "people",
        "arrangements",
        "household_members",
        "parents",
        "notifications",
        "visits",
        "checks",
        "decisions",
        "settings",
        "activities",
        "enquiries",
    ):
        for statement in due_store_triggers(table):
            db.execute(statement)


STEPS = (m001_initial, m002_awareness, m003_due_store)
for _step in STEPS:
    migrations()(_step)

SCHEMA_VERSION = len(STEPS)
KNOWN_MIGRATIONS = frozenset(step.__name__ for step in STEPS)
