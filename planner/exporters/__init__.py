"""Reports and exports of a checked plan: Excel, PDF, iCal and CSV, and before/after."""

from planner.exporters.report import Report, make_report

__all__ = ["Report", "make_report"]
