"""The report workflow: every transition, for every role."""

from __future__ import annotations

import itertools

import pytest

from baocao.domain.workflow import (
    ACTION_ROLES,
    DELIVERED,
    EDITABLE,
    FINAL,
    LOCKED,
    TRANSITIONS,
    Action,
    Role,
    Status,
    WorkflowError,
    allowed_actions,
    can_edit,
    is_editable,
    next_status,
)

EXPECTED = {
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
ACTOR = {
    Action.SUBMIT: Role.REPORTER,
    Action.APPROVE: Role.APPROVER,
    Action.RETURN: Role.APPROVER,
    Action.ISSUE: Role.CLERK,
    Action.SEND: Role.CLERK,
    Action.RECEIVE: Role.CLERK,
    Action.REJECT: Role.CLERK,
}
# Who may act, besides ACTOR: the receiving unit's consolidator may receive or return too.
ALSO = {Action.RECEIVE: {Role.CONSOLIDATOR}, Action.REJECT: {Role.CONSOLIDATOR}}
PAIRS = list(itertools.product(Status, Action))


def test_transition_table() -> None:
    assert TRANSITIONS == EXPECTED


def test_action_roles() -> None:
    assert {
        Action.SUBMIT: frozenset({Role.REPORTER}),
        Action.APPROVE: frozenset({Role.APPROVER}),
        Action.RETURN: frozenset({Role.APPROVER}),
        Action.ISSUE: frozenset({Role.CLERK}),
        Action.SEND: frozenset({Role.CLERK}),
        Action.RECEIVE: frozenset({Role.CLERK, Role.CONSOLIDATOR}),
        Action.REJECT: frozenset({Role.CLERK, Role.CONSOLIDATOR}),
    } == ACTION_ROLES


@pytest.mark.parametrize(("status", "action"), list(EXPECTED))
def test_allowed_transition(status: Status, action: Action) -> None:
    assert next_status(status, action, [ACTOR[action]]) is EXPECTED[status, action]


@pytest.mark.parametrize(("status", "action"), [p for p in PAIRS if p not in EXPECTED])
def test_invalid_transition(status: Status, action: Action) -> None:
    with pytest.raises(WorkflowError) as info:
        next_status(status, action, [ACTOR[action]])
    assert info.value.code == "invalid_transition"


@pytest.mark.parametrize(
    ("status", "action", "role"),
    [
        (s, a, r)
        for (s, a), r in itertools.product(PAIRS, Role)
        if r is not ACTOR[a] and r not in ALSO.get(a, set())
    ],
)
def test_wrong_role_is_forbidden(status: Status, action: Action, role: Role) -> None:
    with pytest.raises(WorkflowError) as info:
        next_status(status, action, [role])
    assert info.value.code == "forbidden"  # checked before the transition itself


@pytest.mark.parametrize("action", list(Action))
def test_no_roles_is_forbidden(action: Action) -> None:
    with pytest.raises(WorkflowError) as info:
        next_status(Status.SUBMITTED, action, [])
    assert info.value.code == "forbidden"


def test_workflow_error_carries_code_and_message() -> None:
    error = WorkflowError("forbidden", "role may not approve a report")
    assert (error.code, error.message, str(error)) == (
        "forbidden",
        "role may not approve a report",
        "role may not approve a report",
    )
    with pytest.raises(WorkflowError, match="cannot approve a draft report"):
        next_status(Status.DRAFT, Action.APPROVE, [Role.APPROVER])


def test_full_cycle_with_a_return() -> None:
    status = Status.DRAFT
    for action in [Action.SUBMIT, Action.RETURN, Action.SUBMIT, Action.APPROVE]:
        status = next_status(status, action, [ACTOR[action]])
    assert status is Status.APPROVED


def test_full_life_to_the_receiving_agency_with_a_return_by_the_receiver() -> None:
    status = Status.DRAFT
    for action in [
        Action.SUBMIT,
        Action.APPROVE,
        Action.ISSUE,
        Action.SEND,
        Action.REJECT,
        Action.SUBMIT,
        Action.APPROVE,
        Action.ISSUE,
        Action.SEND,
        Action.RECEIVE,
    ]:
        status = next_status(status, action, [ACTOR[action]])
    assert status is Status.RECEIVED


def test_receiver_actions_use_the_receiving_units_roles() -> None:
    # A clerk of the sending unit has no receiver role: no receive/reject offered to them.
    assert allowed_actions(Status.SENT, [Role.CLERK]) == []
    assert allowed_actions(Status.SENT, [], receiver_roles=[Role.CONSOLIDATOR]) == [
        Action.RECEIVE,
        Action.REJECT,
    ]
    assert allowed_actions(Status.RECEIVED, [], receiver_roles=[Role.CLERK]) == [Action.REJECT]
    assert allowed_actions(Status.SENT, [], receiver_roles=[Role.VIEWER]) == []


def test_roles_may_be_any_iterable() -> None:
    assert next_status(Status.DRAFT, Action.SUBMIT, iter([Role.REPORTER])) is Status.SUBMITTED
    assert allowed_actions(Status.SUBMITTED, (r for r in [Role.APPROVER])) == [
        Action.APPROVE,
        Action.RETURN,
    ]


ALLOWED = {
    (Status.DRAFT, Role.REPORTER): [Action.SUBMIT],
    (Status.RETURNED, Role.REPORTER): [Action.SUBMIT],
    (Status.SUBMITTED, Role.APPROVER): [Action.APPROVE, Action.RETURN],
    (Status.APPROVED, Role.CLERK): [Action.ISSUE],
    (Status.ISSUED, Role.CLERK): [Action.SEND],
}


@pytest.mark.parametrize(("status", "role"), list(itertools.product(Status, Role)))
def test_allowed_actions_per_role(status: Status, role: Role) -> None:
    assert allowed_actions(status, [role]) == ALLOWED.get((status, role), [])


def test_allowed_actions_for_several_roles() -> None:
    both = [Role.REPORTER, Role.APPROVER]
    assert allowed_actions(Status.DRAFT, both) == [Action.SUBMIT]
    assert allowed_actions(Status.SUBMITTED, both) == [Action.APPROVE, Action.RETURN]
    assert allowed_actions(Status.APPROVED, list(Role)) == [Action.ISSUE]
    assert allowed_actions(Status.RECEIVED, list(Role)) == []
    assert allowed_actions(Status.DRAFT, []) == []


@pytest.mark.parametrize("status", list(Status))
def test_is_editable(status: Status) -> None:
    assert is_editable(status) is (status in {Status.DRAFT, Status.RETURNED})
    assert frozenset({Status.DRAFT, Status.RETURNED}) == EDITABLE


@pytest.mark.parametrize(("status", "role"), list(itertools.product(Status, Role)))
def test_can_edit(status: Status, role: Role) -> None:
    expected = role is Role.REPORTER and status in {Status.DRAFT, Status.RETURNED}
    assert can_edit(status, [role]) is expected


def test_can_edit_with_several_roles_and_none() -> None:
    assert can_edit(Status.RETURNED, [Role.VIEWER, Role.REPORTER])
    assert not can_edit(Status.DRAFT, [])


def test_enum_values_are_stable() -> None:
    assert [s.value for s in Status] == [
        "draft",
        "submitted",
        "returned",
        "approved",
        "issued",
        "sent",
        "received",
    ]
    assert [a.value for a in Action] == [
        "submit",
        "approve",
        "return",
        "issue",
        "send",
        "receive",
        "reject",
    ]
    assert [r.value for r in Role] == [
        "reporter",
        "approver",
        "clerk",
        "consolidator",
        "administrator",
        "viewer",
    ]


def test_status_groups() -> None:
    assert {s.value for s in FINAL} == {"approved", "issued", "sent", "received"}
    assert {s.value for s in DELIVERED} == {"sent", "received"}
    assert {s.value for s in LOCKED} == {"submitted", "approved", "issued", "sent", "received"}
