"""Told at once: every workflow step tells the people concerned, in the app and by e-mail.

Each person is told once (two roles, one notice), the actor never of their own step; the
e-mail leaves only when the step commits, greets in Vietnamese order ("Kính gửi ông/bà
Nguyễn Thị Lan,") and respects the user's choice of e-mail.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from baocao.core.errors import Invalid
from baocao.issuing.services import issue_report, receive_dispatch, reject_dispatch, send_report
from baocao.notifications.models import Kind, Notice, NoticePreference, SentReminder
from baocao.reports.services import approve_report, return_report, submit_report
from tests.conftest import client_for, reload
from tests.notifications.conftest import free_port

pytestmark = pytest.mark.django_db

COMMENT = "Bổ sung số liệu camera giám sát tháng 01."


def kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Notice.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def test_a_submission_tells_each_approver_once_and_not_the_reporter(
    smtp, committed, draft, reporter, second_reporter, approver, deputy, consolidator
):
    committed(submit_report, reload(draft), by=reporter)
    assert sorted(smtp.recipients()) == sorted([approver.email, deputy.email])
    (mail_,) = smtp.to(approver)
    assert smtp.subject(mail_) == "[baocao] Báo cáo Tháng 01/2022 chờ phê duyệt"
    text = smtp.text(mail_)
    assert text.startswith("Kính gửi ông/bà Trần Văn Hùng,\n\n")
    assert "Báo cáo sau đã được trình duyệt ngày" in text
    assert "- Báo cáo tháng Sở TT&TT — Tháng 01/2022 — Sở Thông tin và Truyền thông" in text
    assert "Người trình duyệt: Nguyễn Thị Lan." in text
    assert f"Xem tại: https://baocao.test/bao-cao/{draft.pk}/" in text
    assert kinds(approver) == kinds(deputy) == [Kind.AWAITING_APPROVAL]
    assert kinds(reporter) == kinds(second_reporter) == kinds(consolidator) == []


def test_a_return_tells_the_writer_the_comment_and_links_the_editor(
    smtp, committed, draft, reporter, second_reporter, approver, deputy
):
    submit_report(reload(draft), by=reporter)
    committed(return_report, reload(draft), by=approver, comment=COMMENT)
    # The reporter who wrote it is told; the other reporter of the unit, who did not, is not;
    # the approver who returned it is not either.
    assert smtp.recipients() == [reporter.email]
    (mail_,) = smtp.to(reporter)
    assert smtp.subject(mail_) == "[baocao] Báo cáo Tháng 01/2022 bị trả lại"
    text = smtp.text(mail_)
    assert text.startswith(
        "Kính gửi ông/bà Nguyễn Thị Lan,\n\nTrần Văn Hùng đã trả lại báo cáo sau:\n"
    )
    assert f"Ý kiến:\n{COMMENT}\nVui lòng chỉnh sửa và trình duyệt lại báo cáo." in text
    assert f"https://baocao.test/bao-cao/{draft.pk}/soan/" in text
    notice = Notice.objects.get(user=reporter)
    assert (notice.kind, notice.url) == (Kind.RETURNED, f"/bao-cao/{draft.pk}/soan/")
    assert COMMENT in notice.body


def test_a_resubmission_is_announced_as_such(smtp, committed, draft, reporter, approver):
    submit_report(reload(draft), by=reporter)
    return_report(reload(draft), by=approver, comment=COMMENT)
    committed(submit_report, reload(draft), by=reporter)
    (mail_,) = smtp.to(approver)
    assert smtp.subject(mail_) == (
        "[baocao] Báo cáo Tháng 01/2022 được trình duyệt lại, chờ phê duyệt"
    )
    assert "trình duyệt lại (lần thứ 2) sau khi bị trả lại" in smtp.text(mail_)


def test_approve_issue_send_receive_tell_who_acts_next(
    smtp,
    committed,
    draft,
    reporter,
    second_reporter,
    approver,
    deputy,
    clerk,
    province_clerk,
    consolidator,
    viewer,
    province,
):
    submit_report(reload(draft), by=reporter)

    committed(approve_report, reload(draft), by=approver)
    assert sorted(smtp.recipients()) == sorted([reporter.email, clerk.email, deputy.email])
    assert smtp.subject(smtp.to(clerk)[0]) == (
        "[baocao] Báo cáo Tháng 01/2022 đã được phê duyệt, chờ ban hành"
    )
    assert "Trần Văn Hùng đã phê duyệt báo cáo sau; báo cáo chờ ban hành:" in smtp.text(
        smtp.to(clerk)[0]
    )

    smtp.messages.clear()
    committed(issue_report, draft.pk, by=clerk)
    assert sorted(smtp.recipients()) == sorted([reporter.email, approver.email, deputy.email])
    assert smtp.subject(smtp.to(approver)[0]) == (
        "[baocao] Báo cáo Tháng 01/2022 đã ban hành, số 01/BC-STTTT"
    )
    assert "Bùi Thị Hoa đã ban hành báo cáo sau, số 01/BC-STTTT ngày" in smtp.text(
        smtp.to(approver)[0]
    )

    smtp.messages.clear()
    (dispatch,) = committed(send_report, draft.pk, by=clerk)
    # The receiving unit's clerk and consolidator; not its viewer, not the sending unit.
    assert sorted(smtp.recipients()) == sorted([province_clerk.email, consolidator.email])
    text = smtp.text(smtp.to(province_clerk)[0])
    assert smtp.subject(smtp.to(province_clerk)[0]) == (
        "[baocao] Sở Thông tin và Truyền thông đã gửi báo cáo Tháng 01/2022, số 01/BC-STTTT"
    )
    assert text.startswith("Kính gửi ông/bà Ngô Thị Mai,")
    assert (
        "Sở Thông tin và Truyền thông đã gửi đến Ủy ban nhân dân tỉnh Thái Bình báo cáo "
        "sau, số 01/BC-STTTT:"
    ) in text

    smtp.messages.clear()
    committed(receive_dispatch, dispatch.pk, by=province_clerk)
    # The sending unit's clerks (the deputy is one) and the writer; not the receiver's people.
    assert sorted(smtp.recipients()) == sorted([reporter.email, clerk.email, deputy.email])
    assert smtp.subject(smtp.to(reporter)[0]) == (
        "[baocao] Ủy ban nhân dân tỉnh Thái Bình đã nhận báo cáo Tháng 01/2022, số 01/BC-STTTT"
    )
    assert "Ngô Thị Mai (Ủy ban nhân dân tỉnh Thái Bình) đã tiếp nhận báo cáo sau" in smtp.text(
        smtp.to(reporter)[0]
    )
    assert kinds(viewer) == [] and kinds(second_reporter) == []
    assert kinds(deputy) == [Kind.AWAITING_APPROVAL, Kind.APPROVED, Kind.ISSUED, Kind.RECEIVED]


def test_a_receivers_return_tells_the_sending_unit_each_once_with_the_reason(
    smtp, committed, draft, reporter, approver, deputy, clerk, province_clerk, consolidator
):
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)
    issue_report(draft.pk, by=clerk)
    (dispatch,) = send_report(draft.pk, by=clerk)
    reason = "Thiếu chỉ tiêu tỷ lệ hồ sơ trực tuyến."
    committed(reject_dispatch, dispatch.pk, by=consolidator, reason=reason)
    # Reporters, approvers and clerks of the Sở — the deputy (approver and clerk) once.
    assert sorted(smtp.recipients()) == sorted(
        [reporter.email, approver.email, deputy.email, clerk.email]
    )
    for user in (reporter, approver, deputy, clerk):
        (mail_,) = smtp.to(user)
        assert smtp.subject(mail_) == (
            "[baocao] Ủy ban nhân dân tỉnh Thái Bình đã trả lại báo cáo Tháng 01/2022, "
            "số 01/BC-STTTT"
        )
        assert f"Lý do:\n{reason}\n" in smtp.text(mail_)
    assert Notice.objects.get(user=reporter, kind=Kind.REJECTED).url == (
        f"/bao-cao/{draft.pk}/soan/"
    )
    assert Notice.objects.get(user=approver, kind=Kind.REJECTED).url == (f"/bao-cao/{draft.pk}/")
    assert not Notice.objects.filter(
        user__in=[province_clerk, consolidator], kind=Kind.REJECTED
    ).exists()


def test_a_step_rolled_back_tells_nobody(
    smtp, committed, django_capture_on_commit_callbacks, draft, reporter, approver, clerk
):
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)

    def refuse(report, capture, by):  # type: ignore[no-untyped-def]
        raise Invalid("Sai mã PIN.")

    with pytest.raises(Invalid):
        committed(issue_report, draft.pk, by=clerk, hook=refuse)
    assert reload(draft).status == "approved"
    assert smtp.messages == []
    assert not Notice.objects.filter(kind=Kind.ISSUED).exists()
    # A step inside a larger transaction that fails: no notice stays, no e-mail is queued.
    with (
        django_capture_on_commit_callbacks(execute=True) as queued,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        issue_report(draft.pk, by=clerk)
        assert Notice.objects.filter(kind=Kind.ISSUED).exists()
        raise RuntimeError
    assert queued == [] and smtp.messages == []
    assert not Notice.objects.filter(kind=Kind.ISSUED).exists()


def test_nothing_leaves_before_the_step_commits(draft, reporter, approver):
    mail.outbox.clear()
    submit_report(reload(draft), by=reporter)  # the test's transaction never commits
    assert Notice.objects.filter(user=approver).count() == 1
    assert mail.outbox == []


def test_a_user_who_turned_email_off_still_gets_the_notice(
    smtp, committed, draft, reporter, approver, deputy
):
    response = client_for(approver).post(reverse("notice-preferences"), {"address": "ong"})
    assert response.status_code == 302
    assert NoticePreference.objects.get(user=approver).email is False
    committed(submit_report, reload(draft), by=reporter)
    assert smtp.recipients() == [deputy.email]
    assert kinds(approver) == [Kind.AWAITING_APPROVAL]


def test_a_refused_mail_does_not_undo_the_step(
    committed, settings, draft, reporter, approver, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    committed(submit_report, reload(draft), by=reporter)
    assert reload(draft).status == "submitted"
    assert kinds(approver) == [Kind.AWAITING_APPROVAL]
    assert SentReminder.objects.get(user=approver).emailed is False
    assert "Notice e-mail to ['giamdoc@example.vn'] failed" in caplog.text


def test_the_submission_counts_as_the_approvers_reminder(
    smtp, committed, draft, reporter, approver
):
    from django.core.management import call_command

    committed(submit_report, reload(draft), by=reporter)
    assert SentReminder.objects.get(user=approver).emailed is True
    call_command("remind", "--today", "2022-01-19")
    assert len(smtp.to(approver)) == 1
    assert kinds(approver) == [Kind.AWAITING_APPROVAL]


def test_the_notices_page_links_each_step_to_the_report(smtp, committed, draft, reporter, approver):
    submit_report(reload(draft), by=reporter)
    return_report(reload(draft), by=approver, comment=COMMENT)
    client = client_for(reporter)
    html = client.get(reverse("notice-list")).content.decode()
    assert "Báo cáo Tháng 01/2022 bị trả lại" in html
    assert COMMENT in html
    notice = Notice.objects.get(user=reporter)
    opened = client.post(reverse("notice-open", args=[notice.pk]))
    assert opened["Location"] == f"/bao-cao/{draft.pk}/soan/"


def test_the_account_page_sets_email_and_the_form_of_address(
    smtp, committed, draft, reporter, approver
):
    client = client_for(approver)
    page = client.get(reverse("account")).content.decode()
    assert 'action="/tai-khoan/thong-bao/"' in page
    assert 'name="email" value="1" checked' in page  # e-mails on until turned off
    client.post(reverse("notice-preferences"), {"email": "1", "address": "ong"})
    page = client.get(reverse("account")).content.decode()
    assert '<option value="ong" selected>' in page
    committed(submit_report, reload(draft), by=reporter)
    assert smtp.text(smtp.to(approver)[0]).startswith("Kính gửi ông Trần Văn Hùng,\n")
    refused = client.post(reverse("notice-preferences"), {"email": "1", "address": "ngài"})
    assert refused.status_code == 302
    assert NoticePreference.objects.get(user=approver).address == "ong"  # unchanged


def test_the_preference_is_ones_own_and_needs_sign_in(client, approver):
    response = client.post(reverse("notice-preferences"), {"address": "ba"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not NoticePreference.objects.exists()
    assert client_for(approver).get(reverse("notice-preferences")).status_code == 405


def test_the_actor_is_not_told_of_their_own_step_whatever_their_roles(
    smtp, committed, draft, reporter, approver, deputy
):
    submit_report(reload(draft), by=reporter)
    committed(approve_report, reload(draft), by=deputy)  # the deputy is a clerk too
    assert sorted(smtp.recipients()) == sorted([reporter.email])
    smtp.messages.clear()
    committed(issue_report, draft.pk, by=deputy)  # and issues it: the approvers are told
    assert sorted(smtp.recipients()) == sorted([reporter.email, approver.email])
    assert kinds(deputy) == [Kind.AWAITING_APPROVAL]
