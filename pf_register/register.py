"""The register facade: one object that owns the file and performs what an officer does.

Every write operation validates all its input first, then writes inside one transaction with an
audit row per change, so a refused or failed operation leaves the file exactly as it was. The
desktop app and the command line both go through this class; neither touches SQL.

``Register`` is assembled from one mixin per area of the work, in ``pf_register/facade/``:

- ``base.py``: opening and closing, read-only, settings and the working calendar,
  transactions (``operation``, ``expecting``) and the validation helpers the areas share;
- ``queries.py``: reading (``case``, ``case_facts``, ``due``, ``cases``, ``find``,
  ``case_ids``, ``summaries``, ``missing``, ``next_deadlines``, ``audit_log`` ...), with
  ``CaseSummary``, ``MissingItem`` and ``first_per_case``;
- ``cases.py``: cases and notifications (``record_new_case``, ``record_notification``,
  ending, reopening and confirming an arrangement, correcting its details);
- ``people.py``: the child, the carer, the household and the parents;
- ``visits_checks_decisions.py``: visits, safeguarding checks and decisions;
- ``awareness.py``: the enquiry log and awareness activities.

The ``facade`` package is private to this module: import ``Register`` and the names it
returns (``CaseSummary``, ``MissingItem``, ``CaseRecord``, ``first_per_case``) from here.
"""

from __future__ import annotations

from pf_register.facade.awareness import AwarenessMixin
from pf_register.facade.base import Values as Values
from pf_register.facade.cases import CasesMixin
from pf_register.facade.people import PeopleMixin
from pf_register.facade.queries import CaseSummary, MissingItem, QueriesMixin
from pf_register.facade.queries import first_per_case as first_per_case
from pf_register.facade.visits_checks_decisions import VisitsChecksDecisionsMixin
from pf_register.loading import CaseRecord


class Register(CasesMixin, PeopleMixin, VisitsChecksDecisionsMixin, AwarenessMixin, QueriesMixin):
    """An open register file. Use as a context manager, or call ``close()``."""


__all__ = ["CaseRecord", "CaseSummary", "MissingItem", "Register"]
