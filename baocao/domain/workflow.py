"""The report workflow: states, actions, roles and who may make each transition.

draft → submitted → approved
                  ↘ returned → (edited) → submitted → …
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Status(StrEnum):
    """The state of a report in its workflow."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Action(StrEnum):
    """A workflow action a person takes on a report."""

    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


class Role(StrEnum):
    """A role a person holds in a unit."""

    REPORTER = "reporter"
    APPROVER = "approver"
    CONSOLIDATOR = "consolidator"
    ADMINISTRATOR = "administrator"
    VIEWER = "viewer"


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.RETURNED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.APPROVE): Status.APPROVED,
    (Status.SUBMITTED, Action.RETURN): Status.RETURNED,
}

# Who may take each action, by their role in the report's unit.
ACTION_ROLES: dict[Action, frozenset[Role]] = {
    Action.SUBMIT: frozenset({Role.REPORTER}),
    Action.APPROVE: frozenset({Role.APPROVER}),
    Action.RETURN: frozenset({Role.APPROVER}),
}

EDITABLE: frozenset[Status] = frozenset({Status.DRAFT, Status.RETURNED})
EDIT_ROLES: frozenset[Role] = frozenset({Role.REPORTER})


class WorkflowError(Exception):
    """Raise when a transition is not allowed; ``code`` names the reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_editable(status: Status) -> bool:
    """Return whether a report in ``status`` may still be edited."""
    return status in EDITABLE


def can_edit(status: Status, roles: Iterable[Role]) -> bool:
    """Return whether someone with ``roles`` in the unit may edit a report in ``status``."""
    return is_editable(status) and bool(EDIT_ROLES & set(roles))


def allowed_actions(status: Status, roles: Iterable[Role]) -> list[Action]:
    """Return the actions someone with ``roles`` may take on a report in ``status``."""
    held = set(roles)
    return [
        action
        for (state, action) in TRANSITIONS
        if state == status and ACTION_ROLES[action] & held
    ]


def next_status(status: Status, action: Action, roles: Iterable[Role]) -> Status:
    """Return the status after ``action``, or raise WorkflowError when it is not allowed."""
    if not ACTION_ROLES[action] & set(roles):
        raise WorkflowError("forbidden", f"role may not {action.value} a report")
    target = TRANSITIONS.get((status, action))
    if target is None:
        raise WorkflowError("invalid_transition", f"cannot {action.value} a {status.value} report")
    return target
