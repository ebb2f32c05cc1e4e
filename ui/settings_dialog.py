"""Settings: the authority's name, closure days and local timescales."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from pf_register.fields import Field
from ui.forms import FieldGroup, FormDialog
from ui.session import Session

SETTING_FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("authority_name", "Authority's name"),
        Field("closure_days", "Closure days (DD/MM/YYYY, separated by commas)"),
        Field("visit_report_days", "Visit report due (working days after the visit)", "int"),
        Field("check_request_days", "Checks requested within (working days)", "int"),
        Field("check_return_days", "Checks returned within (days)", "int"),
        Field("decision_days", "Suitability decision within (days)", "int"),
        Field("age_warn_days", "Warn before the age limit (days)", "int"),
        Field("dbs_age", "Household members need a DBS check from age", "int"),
        Field("due_soon_days", "Show as due soon within (days)", "int"),
        Field("enquiry_follow_up_days", "Enquiry follow-up (working days)", "int"),
        Field("suppression_threshold", "Hide counts below (exports)", "int"),
        Field("officer_name", "Officer using this register (new enquiries)"),
        Field("awareness_weeks", "Weeks before and after an activity (statistics)", "int"),
    )
}


def _shown(name: str, value: object) -> str:
    if name == "closure_days":
        return ", ".join(f"{d:%d/%m/%Y}" for d in value)  # type: ignore[attr-defined]
    return str(value)


def settings_dialog(parent: QWidget, session: Session) -> FormDialog:
    """A change applies at once: every deadline on screen is recomputed when it is saved."""
    settings = session.register.settings
    current = {name: _shown(name, getattr(settings, name)) for name in SETTING_FIELDS}
    dialog = FormDialog(
        "Settings",
        parent,
        intro="Local timescales the rules mark as practice. Statutory timescales (7 working "
        "days, 6 and 12 weeks) are fixed by law and not set here.",
    )
    group = dialog.add_group(
        FieldGroup("This authority", "", SETTING_FIELDS, dialog, values=current)
    )
    # Wide enough to read a council's name and a few closure days whole.
    chars = group.fontMetrics().averageCharWidth()
    for name in ("authority_name", "closure_days", "officer_name"):
        group.inputs[name].widget.setMinimumWidth(chars * 48)

    def submit() -> None:
        changes = {
            name: "" if value is None else value
            for name, value in group.values().items()
            if ("" if value is None else value) != current[name]
        }
        if changes:
            session.perform("settings", session.register.update_settings, **changes)

    dialog.submit = submit
    return dialog
