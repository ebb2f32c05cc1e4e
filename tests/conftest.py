"""Shared test setup. Qt must be told to draw offscreen before anything imports it; records
(``pf_register.records``) are frozen at run time under the tests, before anything imports
them, so that any test or code path that assigns to one fails."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PF_REGISTER_CHECK_RECORDS"] = "1"
