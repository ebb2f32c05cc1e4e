"""Statistics: figures for a period, as tables and charts that screens and exports share.

A statistic is computed by a pure function of the register's facts and a ``Period``; it
returns a ``Report`` of ``StatTable`` and ``Chart`` values. The statistics page draws them,
and ``exporting`` writes the same values to CSV, XLSX and PDF, so what is exported is what
is on screen.
"""

from pf_register.stats.period import Period
from pf_register.stats.report import Chart, Report, StatTable

__all__ = ["Chart", "Period", "Report", "StatTable"]
