"""``benchsmith report``: one self-contained HTML page to look at a run, and the review loop that edits it."""

from benchsmith.report.render import write_report
from benchsmith.report.rundir import ReportError

__all__ = ["ReportError", "write_report"]
