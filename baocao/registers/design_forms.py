"""The register designer's forms read into the design services' inputs (no rules here)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from baocao.registers.design import BindingInput


def _lines(text: str) -> list[str]:
    """Return the non-empty lines (or ';'-separated parts) of a textarea."""
    return [p.strip() for p in text.replace(";", "\n").splitlines() if p.strip()]


def design_input(post: QueryDict) -> dict[str, Any]:
    """Return the general design fields posted."""
    return {
        "name": post.get("name", ""),
        "description": post.get("description", ""),
        "categories": _lines(post.get("categories", "")),
        "quantity_label": post.get("quantity_label", ""),
    }


def column_input(post: QueryDict) -> dict[str, Any]:
    """Return the column posted by "Thêm cột"."""
    return {
        "code": post.get("code", ""),
        "label": post.get("label", ""),
        "type": post.get("type", "text"),
        "options": _lines(post.get("options", "")),
        "required": post.get("required") == "1",
    }


def binding_input(post: QueryDict) -> BindingInput:
    """Return the binding posted: categories ticked, column values ticked (filter_<code>)."""
    filters = {
        key.removeprefix("filter_"): [v for v in post.getlist(key) if v]
        for key in post
        if key.startswith("filter_")
    }
    return BindingInput(
        measure=post.get("measure", "count"),
        categories=tuple(post.getlist("categories")),
        filters={k: v for k, v in filters.items() if v},
        sum_column=post.get("sum_column", ""),
    )
