"""The statutory clock: pure functions from the facts of a case to the obligations it creates.

Nothing here reads the system clock or the database: ``today``, the working calendar and the
settings are passed in, so a corrected date corrects every deadline at once and every rule can
be tested on its own.
"""

from pf_register.clock.engine import case_obligations, open_obligations
from pf_register.clock.facts import (
    CaseFacts,
    CheckFact,
    DecisionFact,
    EnquiryFact,
    NotificationFact,
    PersonFact,
    VisitFact,
)
from pf_register.clock.obligation import Obligation, RuleInfo, Status
from pf_register.clock.rules import CASE_RULES, RULES, enquiry_follow_up, required_checks

__all__ = [
    "CASE_RULES",
    "RULES",
    "CaseFacts",
    "CheckFact",
    "DecisionFact",
    "EnquiryFact",
    "NotificationFact",
    "Obligation",
    "PersonFact",
    "RuleInfo",
    "Status",
    "VisitFact",
    "case_obligations",
    "enquiry_follow_up",
    "open_obligations",
    "required_checks",
]
