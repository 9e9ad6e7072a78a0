"""Deliver reminders and workflow notices (in-app notice + e-mail), mark notices read.

The e-mail goes to Vietnamese officials and is always in Vietnamese; the notice keeps a
Vietnamese copy of its words and the facts to word it again in the reader's language. Each
user chooses whether notices are also e-mailed, and the form of address e-mails greet them
with (:class:`NoticePreference`); the notice in the app is always there.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baocao.core.actors import Actor, AnyUser
from baocao.core.errors import Invalid, NotFound
from baocao.core.prepared import prepared
from baocao.domain.workflow import Role
from baocao.notifications import texts
from baocao.notifications.models import Address, Kind, Notice, NoticePreference, SentReminder
from baocao.notifications.reminders import Reminder, due_reminders
from baocao.organizations.people import display_name

if TYPE_CHECKING:
    from baocao.organizations.models import Membership, OrgUnit
    from baocao.reports.models import Report

log = logging.getLogger("baocao.notifications")

SIGNATURE = (
    "\n\nTrân trọng,\nHệ thống thông tin báo cáo (baocao)\n"
    "Thư này được gửi tự động, vui lòng không trả lời."
)


@dataclass
class RemindResult:
    """What one run of ``send_reminders`` did."""

    due: int = 0
    sent: int = 0
    emailed: int = 0
    skipped: int = 0
    failed: int = 0


def preference_of(user: Actor) -> NoticePreference:
    """Return the user's notice preference (the defaults, unsaved, when never chosen)."""
    found = NoticePreference.objects.filter(user=user).first()
    return found or NoticePreference(user=user)


def _preferences(users: Iterable) -> dict[int, NoticePreference]:
    """Return each user's preference by id (the defaults for users who never chose)."""
    users = list(users)
    saved = {p.user_id: p for p in _saved_preferences([u.pk for u in users])}
    return {u.pk: saved.get(u.pk) or NoticePreference(user=u) for u in users}


@prepared
def _saved_preferences(users: list[int]) -> QuerySet[NoticePreference]:
    """Return the preferences ``users`` saved (none for a user who never chose)."""
    return NoticePreference.objects.filter(user_id__in=users)


def _message(
    user: Actor,
    preference: NoticePreference,
    subject: str,
    text: str,
    url: str,
    connection: BaseEmailBackend | None = None,
) -> EmailMessage | None:
    """Return the e-mail for ``user`` (greeting, text, link, signature), or None.

    None when the user has no address or turned e-mails off. Worded in the active language.
    """
    address = getattr(user, "email", "")
    if not address or not preference.email:
        return None
    body = f"{texts.greeting(user, preference.address)}\n\n{text}"
    if url:
        body += f"\n\nXem tại: {settings.BAOCAO_BASE_URL.rstrip('/')}{url}"
    message = EmailMessage(
        subject, body + SIGNATURE, settings.DEFAULT_FROM_EMAIL, [address], connection=connection
    )
    message.encoding = "utf-8"
    return message


def _email(
    reminder: Reminder,
    connection: BaseEmailBackend | None,
    preference: NoticePreference | None = None,
) -> bool:
    """Send the reminder's e-mail (worded in the active language); return whether sent."""
    message = _message(
        reminder.user,
        preference or preference_of(reminder.user),
        reminder.subject,
        reminder.body,
        reminder.url,
        connection,
    )
    if message is None:
        return False
    message.send()
    return True


def deliver(
    reminder: Reminder,
    *,
    today: dt.date,
    connection: BaseEmailBackend | None = None,
    preference: NoticePreference | None = None,
) -> tuple[bool, bool]:
    """Record, notify and e-mail one reminder unless it was sent before.

    Return (sent, e-mailed). The register row, the notice and the e-mail succeed or fail
    together: when the mail server refuses, nothing is recorded and the next run tries again.
    ``preference`` is the user's, when the caller read it already.
    """
    if SentReminder.objects.filter(
        kind=reminder.kind, user=reminder.user, key=reminder.key
    ).exists():
        return False, False
    emailed = False
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            sent = SentReminder.objects.create(
                kind=reminder.kind, user=reminder.user, key=reminder.key, sent_on=today
            )
            Notice.objects.create(
                user=reminder.user,
                kind=reminder.kind,
                title=reminder.title,
                body=reminder.body,
                params=reminder.params,
                url=reminder.url,
            )
            emailed = _email(reminder, connection, preference)
            if emailed:
                SentReminder.objects.filter(pk=sent.pk).update(emailed=True)
    except IntegrityError:
        return False, False  # another run sent it at the same moment
    return True, emailed


def send_reminders(*, today: dt.date | None = None, days_before: int = 3) -> RemindResult:
    """Send every reminder due on ``today`` that was not sent before."""
    today = today or timezone.localdate()
    reminders = due_reminders(today, days_before)
    result = RemindResult(due=len(reminders))
    preferences = _preferences({r.user.pk: r.user for r in reminders}.values())
    connection = get_connection()  # opened by the first message, reused by the next ones
    try:
        for reminder in reminders:
            try:
                sent, emailed = deliver(
                    reminder,
                    today=today,
                    connection=connection,
                    preference=preferences[reminder.user.pk],
                )
                if sent:
                    result.sent += 1
                    result.emailed += emailed
                else:
                    result.skipped += 1
            except OSError as exc:  # SMTP errors are OSError subclasses
                result.failed += 1
                log.error(
                    "Reminder %s to user %s failed: %s",
                    reminder.kind,
                    getattr(reminder.user, "pk", None),
                    exc,
                )
    finally:
        connection.close()
    log.info("Reminders on %s: %s", today, result)
    return result


def mark_read(notice_id: int, *, by: Actor) -> Notice:
    """Mark one of the user's notices read; another user's notice is not found."""
    try:
        notice = Notice.objects.get(pk=notice_id, user=by)
    except Notice.DoesNotExist:
        raise NotFound(_("Không tìm thấy thông báo.")) from None
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def mark_all_read(*, by: Actor) -> int:
    """Mark every unread notice of the user read; return how many."""
    return Notice.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())


# Who is told of each workflow step, besides the receiving units' people told of a sending.
# "writers" are the reporters who wrote the report (the unit's reporters when none is left).
AUDIENCE: dict[str, tuple[str, ...]] = {
    Kind.AWAITING_APPROVAL: (Role.APPROVER,),  # submitted (trình duyệt)
    Kind.RETURNED: ("writers",),
    Kind.APPROVED: ("writers", Role.CLERK),
    Kind.ISSUED: ("writers", Role.APPROVER),
    Kind.SENT: (),
    Kind.RECEIVED: (Role.CLERK, "writers"),
    Kind.REJECTED: ("writers", Role.APPROVER, Role.CLERK),
}
# Roles of a receiving unit told that a report was sent to it.
RECEIVER_ROLES = (Role.CLERK, Role.CONSOLIDATOR)


def _people_of(unit_id: int, roles: Iterable[str], report: Report) -> list[Membership]:
    """Return the unit's active holders of ``roles`` (each with ``wrote``: whether they wrote
    ``report``), in order of name — one read for every group a step tells in the unit."""
    return _active_members(unit_id, sorted({str(r) for r in roles}), report.pk)


@prepared
def _active_members(unit: int, roles: list[str], report: int) -> QuerySet[Membership]:
    from django.db.models import Exists, OuterRef

    from baocao.organizations.models import Membership
    from baocao.reports.models import AuditEvent

    verbs = (AuditEvent.Verb.CREATE, AuditEvent.Verb.EDIT, AuditEvent.Verb.SUBMIT)
    wrote = AuditEvent.objects.filter(
        report_id=report, actor_id=OuterRef("user_id"), verb__in=(*verbs, AuditEvent.Verb.IMPORT)
    )
    return (
        Membership.objects.filter(unit_id=unit, role__in=roles, user__is_active=True)
        .select_related("user")
        .annotate(wrote=Exists(wrote))
        .order_by("user__last_name", "user__first_name", "user_id")
    )


def _holders(members: list[Membership], *roles: str) -> list[Any]:
    """Return the users of ``members`` holding one of ``roles``, each once, in order."""
    once: dict[int, Any] = {}
    for member in members:
        if member.role in roles:
            once.setdefault(member.user_id, member.user)
    return list(once.values())


def _writers(members: list[Membership]) -> list[Actor]:
    """Return the unit's reporters who wrote the report, else all the unit's reporters."""
    reporters = [m for m in members if m.role == Role.REPORTER]
    wrote = [m.user for m in reporters if m.wrote]  # type: ignore[attr-defined]  # annotated
    return wrote or [m.user for m in reporters]


def _audience(
    report: Report,
    kind: str,
    units: list[OrgUnit],
    writers: list[Actor],
    members: list[Membership],
) -> list[tuple[Any, Any]]:
    """Return (user, receiving unit or None) for everyone concerned, each once, in order;
    ``members`` are the unit's holders of the step's roles (``_people_of``)."""
    people: list[tuple[Any, Any]] = []
    for group in AUDIENCE[kind]:
        found = writers if group == "writers" else _holders(members, group)
        people += [(user, units[0] if units else None) for user in found]
    if kind == Kind.SENT:
        for unit in units:
            receivers = _holders(_people_of(unit.pk, RECEIVER_ROLES, report), *RECEIVER_ROLES)
            people += [(user, unit) for user in receivers]
    once: dict[int, tuple[Any, Any]] = {}
    for user, unit in people:
        once.setdefault(user.pk, (user, unit))
    return list(once.values())


def _number(report: Report, units: list[OrgUnit]) -> str:
    """Return the report's number, or the one it was sent with (a rejection clears it)."""
    if report.number_text:
        return report.number_text
    sent = report.dispatches.filter(to_unit__in=units).order_by("-sent_at", "-pk").first()
    return sent.number_text if sent else ""


def _url(report: Report, kind: str, user: AnyUser, writers: set[int]) -> str:
    """Return the notice's link: the editor for a writer of a returned report, else the page."""
    from django.urls import reverse

    if kind in (Kind.RETURNED, Kind.REJECTED) and user.pk in writers:
        return reverse("report-edit", kwargs={"report_id": report.pk})
    return reverse("report-detail", kwargs={"report_id": report.pk})


def _params(
    report: Report,
    kind: str,
    *,
    by: Actor,
    comment: str,
    units: list[OrgUnit],
    submission: int | None = None,
) -> dict[str, Any]:
    """Return the facts the step's notices are worded from (see ``texts``); ``submission``
    is the number of the submission's version, when the caller knows it."""
    params: dict[str, Any] = {
        "period": report.period.code,
        "template": report.template.name,
        "unit": report.unit.name,
        "title": report.title,
        "actor": display_name(by),
        "report": report.pk,
    }
    if kind == Kind.AWAITING_APPROVAL:
        submitted = timezone.localdate(report.submitted_at or timezone.now())
        params |= {
            "due": report.due_date.isoformat(),
            "submitted": submitted.isoformat(),
            "submission": report.versions.count() if submission is None else submission,
        }
    if kind in (Kind.RETURNED, Kind.REJECTED):
        params["comment"] = comment
    if kind in (Kind.ISSUED, Kind.SENT, Kind.RECEIVED, Kind.REJECTED):
        params["number"] = _number(report, units)
    if kind == Kind.ISSUED and report.issued_on:
        params["issued_on"] = report.issued_on.isoformat()
    return params


def send_notice_emails(messages: list[dict[str, Any]], *, run: Any = None) -> dict[str, int]:
    """Send the step's e-mails over one connection (the ``notifications.email`` job).

    A message sent for a register row (the approvers' awaiting-approval notice) marks it
    e-mailed. With the job's ``run``, each message sent is recorded as an effect and skipped
    by a later attempt; a refusal is logged and, once the others are tried, raised so the
    job tries again after its back-off.
    """
    from baocao.notifications.jobs import build_message

    sent = failed = 0
    last_error: Exception | None = None
    connection = get_connection()
    try:
        for index, data in enumerate(messages):
            effect = f"job:{run.job.pk}:email:{index}" if run is not None else ""
            if effect and run.has_effect(effect):
                continue
            try:
                build_message(data, connection).send()
            except Exception as exc:  # tell the others, then retry the refused ones later
                log.error("Notice e-mail to %s failed: %s", data["to"], exc)
                failed += 1
                last_error = exc
                continue
            sent += 1
            if effect:
                run.record_effect(effect)
            if data.get("register_id") is not None:
                SentReminder.objects.filter(pk=data["register_id"]).update(emailed=True)
    finally:
        try:
            connection.close()
        except Exception:  # already closed or broken
            log.warning("Closing the SMTP connection failed", exc_info=True)
    if last_error is not None:
        raise OSError(f"{failed} thư chưa gửi được: {last_error}") from last_error
    return {"sent": sent}


def _register(
    people: list[tuple[Any, Any]], key: str
) -> tuple[list[tuple[Any, Any]], dict[int, int]]:
    """Enter a submission's awaiting-approval notice in the reminder register under ``key``.

    Return the people not told of it before and the id of each one's new register row. One
    read of the rows already there and one insert: the key names the submission's version,
    which no one else sees before the submission commits (its report row is locked until
    then), so no other writer enters the same rows meanwhile.
    """
    kind = Kind.AWAITING_APPROVAL
    told = set(_registered(kind.value, key, [user.pk for user, _unit in people]))
    people = [(user, unit) for user, unit in people if user.pk not in told]
    today = timezone.localdate()
    rows = SentReminder.objects.bulk_create(
        [SentReminder(kind=kind, user=user, key=key, sent_on=today) for user, _unit in people]
    )
    return people, {row.user_id: row.pk for row in rows}


@prepared
def _registered(kind: str, key: str, users: list[int]) -> QuerySet[SentReminder, int]:
    """Return which of ``users`` have the register's row ``kind`` and ``key``."""
    return SentReminder.objects.filter(kind=kind, key=key, user_id__in=users).values_list(
        "user_id", flat=True
    )


def notify(
    report: Report,
    kind: str,
    *,
    by: Actor,
    comment: str = "",
    units: Iterable[OrgUnit] = (),
    submission: int | None = None,
) -> list[Notice]:
    """Tell the people concerned that ``by`` took a workflow step on ``report``.

    Called inside the step's transaction: the notices are written with it, and the e-mails
    leave only once it commits (nothing is sent for a step rolled back). ``units`` are the
    receiving units (sent: all of them; received or rejected: the one that acted). Each
    person is told once, whatever roles they hold, and the actor is never told of their own
    step. A submission (``Kind.AWAITING_APPROVAL``) is entered in the reminder register under
    the key ``baocao remind`` uses, so the morning run does not tell the approvers again;
    its caller may give ``submission``, the number of the version it stored (else counted).
    """
    units = list(units)
    kind = Kind(kind)
    with translation.override(settings.LANGUAGE_CODE):
        groups = {Role.REPORTER if g == "writers" else g for g in AUDIENCE[kind]}
        members = _people_of(report.unit_id, groups, report) if groups else []
        wrote = _writers(members) if "writers" in AUDIENCE[kind] else []
        people = [
            (u, unit) for u, unit in _audience(report, kind, units, wrote, members) if u.pk != by.pk
        ]
        if not people:
            return []
        writers = {u.pk for u in wrote} if kind in (Kind.RETURNED, Kind.REJECTED) else set()
        base = _params(report, kind, by=by, comment=comment, units=units, submission=submission)
        preferences = _preferences(u for u, _unit in people)
        registered: dict[int, int] = {}
        if kind == Kind.AWAITING_APPROVAL:
            people, registered = _register(people, f"report:{report.pk}:v{base['submission']}")
        notices: list[Notice] = []
        messages: list[tuple[EmailMessage, int | None]] = []
        for user, unit in people:
            register_id = registered.get(user.pk)
            params = base | ({"receiver": unit.name} if unit is not None else {})
            title, text = texts.title(kind, params), texts.body(kind, params)
            url = _url(report, kind, user, writers)
            notices.append(
                Notice(user=user, kind=kind, title=title, body=text, params=params, url=url)
            )
            message = _message(user, preferences[user.pk], f"[baocao] {title}", text, url)
            if message is not None and not report.is_demo:  # no e-mail to demo people
                messages.append((message, register_id))
        notices = Notice.objects.bulk_create(notices)  # one INSERT for the step
    if messages:
        # A job written in the step's transaction: it runs once the step commits (nothing
        # for a step rolled back) and a refused e-mail is tried again with back-off.
        from baocao.jobs.queue import enqueue
        from baocao.notifications.jobs import message_data

        enqueue(
            "notifications.email",
            {"messages": [message_data(m, register_id) for m, register_id in messages]},
            by=by,
        )
    return notices


def set_preferences(*, by: Actor, email: bool, address: str = Address.ANY) -> NoticePreference:
    """Save the user's own choice: notices by e-mail or not, and the form of address."""
    if address not in Address.values:
        raise Invalid(_("Danh xưng không hợp lệ."), details={"address": "invalid"})
    preference, _created = NoticePreference.objects.update_or_create(
        user=by, defaults={"email": bool(email), "address": address}
    )
    return preference
