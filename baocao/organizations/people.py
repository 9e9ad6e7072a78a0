"""How people are named: Vietnamese order, family name first ("Nguyễn Thị Lan")."""

from __future__ import annotations

from baocao.core.actors import Actor


def display_name(user: Actor | None) -> str:
    """Return the user's full name in Vietnamese order, else the username."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name, user.first_name) if part).strip()
    return name or user.username
