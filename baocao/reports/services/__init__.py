"""Writes to reports: every change goes through these functions (web, API and CLI alike)."""

from baocao.reports.services.authoring import (
    ItemInput,
    add_item,
    create_report,
    delete_item,
    save_draft,
    start_from_previous,
    update_item,
)
from baocao.reports.services.review import approve_report, return_report, submit_report

__all__ = [
    "ItemInput",
    "add_item",
    "approve_report",
    "create_report",
    "delete_item",
    "return_report",
    "save_draft",
    "start_from_previous",
    "submit_report",
    "update_item",
]
