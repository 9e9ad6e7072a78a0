"""The report workflow: states, actions, roles and who may make each transition.

One life cycle, one word per state (Decree 09/2019 and Decree 30/2020 practice):

    nháp ──trình duyệt──▶ chờ phê duyệt ──phê duyệt──▶ đã phê duyệt ──ban hành──▶ đã ban hành
      ▲                        │                                                    │ gửi
      │                     trả lại                                                 ▼
    bị trả lại ◀────────────────┘◀──────────── trả lại (nơi nhận) ─────────────── đã gửi
                                                                                    │ tiếp nhận
                                                                                    ▼
                                                                                  đã nhận

Inside the unit the reporter (chuyên viên) submits and the approver (lãnh đạo) approves or
returns; the clerk (văn thư) issues (number, date, signatures) and sends to the receiving
agency; a member of the receiving agency acknowledges receipt or returns the report with a
reason, after which it is corrected, approved and issued again (both issues are kept).
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
    ISSUED = "issued"
    SENT = "sent"
    RECEIVED = "received"


class Action(StrEnum):
    """A workflow action a person takes on a report."""

    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    ISSUE = "issue"
    SEND = "send"
    RECEIVE = "receive"
    REJECT = "reject"


class Role(StrEnum):
    """A role a person holds in a unit."""

    REPORTER = "reporter"
    APPROVER = "approver"
    CLERK = "clerk"
    CONSOLIDATOR = "consolidator"
    ADMINISTRATOR = "administrator"
    VIEWER = "viewer"


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.RETURNED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.APPROVE): Status.APPROVED,
    (Status.SUBMITTED, Action.RETURN): Status.RETURNED,
    (Status.APPROVED, Action.ISSUE): Status.ISSUED,
    (Status.ISSUED, Action.SEND): Status.SENT,
    (Status.SENT, Action.RECEIVE): Status.RECEIVED,
    (Status.SENT, Action.REJECT): Status.RETURNED,
    (Status.RECEIVED, Action.REJECT): Status.RETURNED,
}

# Who may take each action, by their role in the report's unit — or, for RECEIVE and REJECT,
# by their role in the receiving unit.
ACTION_ROLES: dict[Action, frozenset[Role]] = {
    Action.SUBMIT: frozenset({Role.REPORTER}),
    Action.APPROVE: frozenset({Role.APPROVER}),
    Action.RETURN: frozenset({Role.APPROVER}),
    Action.ISSUE: frozenset({Role.CLERK}),
    Action.SEND: frozenset({Role.CLERK}),
    Action.RECEIVE: frozenset({Role.CLERK, Role.CONSOLIDATOR}),
    Action.REJECT: frozenset({Role.CLERK, Role.CONSOLIDATOR}),
}
RECEIVER_ACTIONS: frozenset[Action] = frozenset({Action.RECEIVE, Action.REJECT})

EDITABLE: frozenset[Status] = frozenset({Status.DRAFT, Status.RETURNED})
EDIT_ROLES: frozenset[Role] = frozenset({Role.REPORTER})

# Approved or later: the content is final and the official document is captured.
FINAL: frozenset[Status] = frozenset({Status.APPROVED, Status.ISSUED, Status.SENT, Status.RECEIVED})
# Issued or later: the document carries its number, date and signatures.
ISSUED_OR_LATER: frozenset[Status] = frozenset({Status.ISSUED, Status.SENT, Status.RECEIVED})
# Sent or later: the report has reached the receiving agency (counted by reporting rates).
DELIVERED: frozenset[Status] = frozenset({Status.SENT, Status.RECEIVED})
# Waiting for someone inside the unit or beyond it; not editable.
LOCKED: frozenset[Status] = frozenset(Status) - EDITABLE


class WorkflowError(Exception):
    """Raise when a transition is not allowed; ``code`` names the reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_editable(status: Status) -> bool:
    """Return whether a report in ``status`` may still be edited."""
    return status in EDITABLE


def is_final(status: Status) -> bool:
    """Return whether a report in ``status`` is approved or later (its content is final)."""
    return status in FINAL


def can_edit(status: Status, roles: Iterable[Role]) -> bool:
    """Return whether someone with ``roles`` in the unit may edit a report in ``status``."""
    return is_editable(status) and bool(EDIT_ROLES & set(roles))


def allowed_actions(
    status: Status, roles: Iterable[Role], *, receiver_roles: Iterable[Role] = ()
) -> list[Action]:
    """Return the actions someone may take on a report in ``status``.

    ``roles`` are the person's roles in the report's unit; ``receiver_roles`` their roles in a
    unit the report was sent to.
    """
    held = set(roles)
    receiving = set(receiver_roles)
    return [
        action
        for (state, action) in TRANSITIONS
        if state == status
        and ACTION_ROLES[action] & (receiving if action in RECEIVER_ACTIONS else held)
    ]


def next_status(status: Status, action: Action, roles: Iterable[Role]) -> Status:
    """Return the status after ``action``, or raise WorkflowError when it is not allowed.

    For RECEIVE and REJECT, ``roles`` are the person's roles in the receiving unit.
    """
    if not ACTION_ROLES[action] & set(roles):
        raise WorkflowError("forbidden", f"role may not {action.value} a report")
    target = TRANSITIONS.get((status, action))
    if target is None:
        raise WorkflowError("invalid_transition", f"cannot {action.value} a {status.value} report")
    return target
