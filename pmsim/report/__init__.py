"""Debrief documents from game logs (Markdown, JSON, HTML with SVG charts) and the
facilitator's summary of a workshop. No Textual: reports are made headless."""

from pmsim.report.model import Report, build_report, report_from_log

__all__ = ["Report", "build_report", "report_from_log"]
