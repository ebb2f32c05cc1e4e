"""Export the whole register as JSON and import it into a new one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pf_register.demo import build_demo
from pf_register.errors import RegisterError, RegisterNotEmptyError, ValidationError
from pf_register.exchange import TABLES, export_register, import_register, read_export
from pf_register.register import Register

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exchange") / "demo.db"
    build_demo(path, seed=3, cases=25, as_of=AS_OF)
    with Register.open(path, today=lambda: AS_OF) as reg:
        reg.update_settings(closure_days=["2026-12-24"], dbs_age=18)
    return path


@pytest.fixture(scope="module")
def demo_document(demo_path: Path) -> dict[str, object]:
    with Register.open(demo_path, today=lambda: AS_OF) as reg:
        return export_register(reg)


def _due(path: Path) -> list[tuple[str, str, str, date, str]]:
    with Register.open(path, today=lambda: AS_OF) as reg:
        return [(o.reference, o.code, o.detail, o.due, o.status.value) for o in reg.due()]


def _import(path: Path, document: dict[str, object]) -> dict[str, int]:
    with Register.open(path, create=True, today=lambda: AS_OF, user="importer") as reg:
        return import_register(reg, document, source="test.json")


def test_export_import_export_is_identical(demo_document: dict[str, object], tmp_path: Path):
    counts = _import(tmp_path / "copy.db", demo_document)
    assert counts["arrangements"] == 25
    with Register.open(tmp_path / "copy.db", today=lambda: AS_OF) as reg:
        again = export_register(reg)
    assert json.dumps(again, sort_keys=False) == json.dumps(demo_document, sort_keys=False)


def test_import_keeps_settings_and_deadlines(
    demo_path: Path, demo_document: dict[str, object], tmp_path: Path
) -> None:
    _import(tmp_path / "copy.db", demo_document)
    with Register.open(tmp_path / "copy.db", today=lambda: AS_OF) as reg:
        assert reg.settings.dbs_age == 18
        assert reg.settings.closure_days == (date(2026, 12, 24),)
    original = _due(demo_path)
    assert original
    assert _due(tmp_path / "copy.db") == original


def test_import_writes_an_audit_row_for_every_record(
    demo_document: dict[str, object], tmp_path: Path
) -> None:
    _import(tmp_path / "copy.db", demo_document)
    with Register.open(tmp_path / "copy.db", today=lambda: AS_OF) as reg:
        log = reg.audit_log()
    inserted = [r for r in log if r["operation"] == "import test.json" and r["action"] == "insert"]
    records = sum(len(demo_document[t]) for t in TABLES)  # type: ignore[arg-type]
    assert len([r for r in inserted if r["table_name"] != "settings"]) == records
    assert {r["user"] for r in inserted} == {"importer"}


def test_import_into_a_register_with_cases_is_refused(
    demo_document: dict[str, object], tmp_path: Path
) -> None:
    _import(tmp_path / "copy.db", demo_document)
    before = (tmp_path / "copy.db").read_bytes()
    with pytest.raises(RegisterNotEmptyError, match="already holds 25 cases"):
        _import(tmp_path / "copy.db", demo_document)
    assert (tmp_path / "copy.db").read_bytes() == before


def test_an_unknown_code_is_refused_naming_the_row(
    demo_document: dict[str, object], tmp_path: Path
) -> None:
    document = json.loads(json.dumps(demo_document))
    document["arrangements"][2]["type_code"] = "8G"
    with pytest.raises(ValidationError) as info:
        _import(tmp_path / "bad.db", document)
    assert info.value.field == "arrangements[2].type_code"
    assert "8G" in info.value.message
    with Register.open(tmp_path / "bad.db") as reg:
        assert reg.case_count() == 0
        assert reg.audit_log() == []


def test_a_broken_reference_lands_nothing(demo_document: dict[str, object], tmp_path: Path):
    document = json.loads(json.dumps(demo_document))
    document["visits"][-1]["arrangement_id"] = 99999
    with pytest.raises(ValidationError) as info:
        _import(tmp_path / "bad.db", document)
    assert info.value.field == f"visits[{len(document['visits']) - 1}].arrangement_id"
    assert "refers to arrangements id 99999, which the file does not hold" in info.value.message
    with Register.open(tmp_path / "bad.db") as reg:
        assert reg.case_count() == 0
        assert reg.audit_log() == []
        assert reg.settings.dbs_age == 16  # the settings change rolled back too


def test_a_newer_export_is_refused(demo_document: dict[str, object], tmp_path: Path) -> None:
    document = dict(demo_document, schema_version=999)
    with pytest.raises(RegisterError, match="newer pf-register"):
        _import(tmp_path / "bad.db", document)


@pytest.mark.parametrize(
    ("value", "message"),
    [({}, "is not text, a number or null"), ([1, 2], "is not text"), (2**70, "too large")],
)
def test_values_of_the_wrong_json_type_are_refused_by_name(
    demo_document: dict[str, object], tmp_path: Path, value: object, message: str
) -> None:
    document = json.loads(json.dumps(demo_document))
    document["children"][0]["first_name"] = value
    with pytest.raises(ValidationError) as info:
        _import(tmp_path / "bad.db", document)
    assert info.value.field == "children[0].first_name"
    assert message in info.value.message


def test_read_export_explains_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="No file"):
        read_export(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RegisterError, match="not valid JSON"):
        read_export(bad)
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(RegisterError, match="not a pf-register export"):
        read_export(other)
