"""``baocao remind``: reporters, approvers and consolidators are told once, by e-mail and in-app."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from baocao.notifications.models import Notice, SentReminder
from baocao.reports.services import submit_report
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def remind(today: str, days: int = 3) -> None:
    call_command("remind", "--today", today, "--days-before", str(days))


def test_it_emails_reporters_in_vietnamese_before_the_deadline(smtp, draft, reporter, outsider):
    remind("2022-01-18")
    mine = smtp.to(reporter.email)
    assert len(mine) == 1
    assert smtp.subject(mine[0]) == "[baocao] Sắp đến hạn nộp báo cáo Tháng 01/2022"
    body = smtp.text(mine[0])
    assert "hạn nộp ngày 20/01/2022 (còn 2 ngày)" in body
    assert "Sở Thông tin và Truyền thông" in body
    assert f"/bao-cao/{draft.pk}/soan/" in body
    # The other unit has no report yet: its deadline comes from the template.
    theirs = smtp.to(outsider.email)
    assert len(theirs) == 1
    assert "chưa tạo báo cáo kỳ này" in smtp.text(theirs[0])


def test_it_sends_nothing_before_the_window(smtp, draft):
    remind("2022-01-15")  # 5 days before the deadline of 20/01
    assert smtp.messages == []


def test_rerunning_sends_nothing_new(smtp, draft, reporter):
    remind("2022-01-18")
    first = len(smtp.messages)
    assert first > 0
    remind("2022-01-18")
    remind("2022-01-19")
    assert len(smtp.messages) == first
    assert Notice.objects.filter(user=reporter).count() == 1
    assert SentReminder.objects.filter(user=reporter).count() == 1


def test_it_tells_reporters_when_overdue(smtp, draft, reporter):
    remind("2022-01-18")
    remind("2022-01-22")
    subjects = [smtp.subject(m) for m in smtp.to(reporter.email)]
    assert subjects == [
        "[baocao] Sắp đến hạn nộp báo cáo Tháng 01/2022",
        "[baocao] Quá hạn nộp báo cáo Tháng 01/2022",
    ]
    assert "quá hạn nộp 2 ngày" in smtp.text(smtp.to(reporter.email)[1])


def test_it_tells_approvers_about_reports_waiting(smtp, draft, reporter, approver, unit):
    from baocao.domain.workflow import Role

    submit_report(draft, by=reporter)  # tells the approver at once (tests/notifications)
    newcomer = make_user(
        "giamdoc.moi", unit, Role.APPROVER, first_name="Thu", last_name="Đỗ Thị"
    )  # appointed after the submission
    remind("2022-01-19")
    assert smtp.to(approver.email) == []  # the submission was the approver's reminder
    mails = smtp.to(newcomer.email)
    assert [smtp.subject(m) for m in mails] == ["[baocao] Báo cáo Tháng 01/2022 chờ phê duyệt"]
    text = smtp.text(mails[0])
    assert text.startswith("Kính gửi ông/bà Đỗ Thị Thu,")
    assert "đã được trình duyệt ngày" in text and "đang chờ phê duyệt" in text
    assert smtp.to(reporter.email) == []  # submitted: nothing more to remind the reporter of
    remind("2022-01-19")
    assert len(smtp.to(newcomer.email)) == 1


def test_reminders_greet_in_vietnamese_name_order(smtp, draft, reporter):
    remind("2022-01-18")
    (mail,) = smtp.to(reporter.email)
    text = smtp.text(mail)
    assert text.startswith("Kính gửi ông/bà Nguyễn Thị Lan,")
    assert "Lan Nguyễn Thị" not in text


def test_a_reporter_who_turned_email_off_is_reminded_in_the_app_only(smtp, draft, reporter):
    from baocao.notifications.services import set_preferences

    set_preferences(by=reporter, email=False)
    remind("2022-01-18")
    assert smtp.to(reporter.email) == []
    assert Notice.objects.filter(user=reporter).count() == 1
    assert SentReminder.objects.get(user=reporter).emailed is False


def test_it_lists_missing_units_to_consolidators(
    smtp, draft, reporter, approver, consolidator, other_unit, unit
):
    from baocao.domain.workflow import Role
    from baocao.issuing.services import issue_report, send_report
    from baocao.reports.services import approve_report

    clerk = make_user("vanthu", unit, Role.CLERK)
    submit_report(draft, by=reporter)
    approve_report(draft, by=approver)
    issue_report(draft.pk, by=clerk)
    send_report(draft.pk, by=clerk)  # a report counts once sent to the receiving agency
    remind("2022-01-22")
    mails = smtp.to(consolidator.email)
    assert len(mails) == 1
    body = smtp.text(mails[0])
    assert "1 đơn vị chưa gửi báo cáo" in body
    assert "- Sở Kế hoạch và Đầu tư" in body
    assert "Sở Thông tin và Truyền thông" not in body
    remind("2022-01-23")
    assert len(smtp.to(consolidator.email)) == 1


def test_a_user_without_email_still_gets_the_notice(smtp, draft, reporter, unit):
    from baocao.domain.workflow import Role

    silent = make_user("khongthu", unit, Role.REPORTER)
    silent.email = ""
    silent.save()
    remind("2022-01-18")
    assert Notice.objects.filter(user=silent).count() == 1
    assert SentReminder.objects.get(user=silent).emailed is False


def test_a_refused_mail_is_retried_next_run(settings, draft, reporter):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with pytest.raises(Exception, match="không gửi được"):
        remind("2022-01-18")
    assert not SentReminder.objects.filter(user=reporter).exists()


def test_notices_page_lists_own_notices_and_header_count(client, smtp, draft, reporter, approver):
    remind("2022-01-18")
    client.login(username=reporter.username, password=PASSWORD)
    response = client.get(reverse("notice-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sắp đến hạn nộp báo cáo Tháng 01/2022" in html
    assert response.context["unread_notices"] == 1
    notice = Notice.objects.get(user=reporter)
    opened = client.post(reverse("notice-open", args=[notice.pk]))
    assert opened.status_code == 302 and opened["Location"].endswith(f"/bao-cao/{draft.pk}/soan/")
    assert client.get(reverse("notice-list")).context["unread_notices"] == 0


def test_another_users_notice_is_404(client, smtp, draft, reporter, outsider):
    remind("2022-01-18")
    notice = Notice.objects.get(user=reporter)
    client.login(username=outsider.username, password=PASSWORD)
    assert client.post(reverse("notice-open", args=[notice.pk])).status_code == 404
    assert "Camera" not in client.get(reverse("notice-list")).content.decode()
