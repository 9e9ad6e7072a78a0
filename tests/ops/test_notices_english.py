"""Notices are worded in the reader's language; the reminder e-mail stays Vietnamese."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from baocao.notifications.models import Notice
from baocao.reports.services import submit_report
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def notices_page(user, language: str | None = None) -> str:
    return client_for(user, language).get(reverse("notice-list")).content.decode()


def test_a_due_soon_notice_in_english_while_the_email_stays_vietnamese(smtp, draft, reporter):
    call_command("remind", "--today", "2022-01-18", "--days-before", "3")
    assert smtp.subject(smtp.to(reporter.email)[0]) == (
        "[baocao] Sắp đến hạn nộp báo cáo Tháng 01/2022"
    )
    english = notices_page(reporter, "en")
    assert "Report for January 2022 due soon" in english
    assert "The following report is due on 20/01/2022 (2 days left)" in english
    assert "Please complete the report and submit it for approval." in english
    assert "Sắp đến hạn nộp báo cáo" not in english
    vietnamese = notices_page(reporter)
    assert "Sắp đến hạn nộp báo cáo Tháng 01/2022" in vietnamese
    assert "hạn nộp ngày 20/01/2022 (còn 2 ngày)" in vietnamese


def test_the_stored_copy_is_vietnamese_and_old_notices_still_show(smtp, draft, reporter, approver):
    submit_report(draft, by=reporter)
    call_command("remind", "--today", "2022-01-18")
    notice = Notice.objects.get(user=approver)
    assert notice.title == "Báo cáo Tháng 01/2022 chờ phê duyệt"
    assert notice.body.startswith("Báo cáo sau đã được trình duyệt ngày ")
    assert "Report for January 2022 awaiting approval" in notices_page(approver, "en")
    Notice.objects.filter(pk=notice.pk).update(params={})  # a notice sent before the facts
    assert "Báo cáo Tháng 01/2022 chờ phê duyệt" in notices_page(approver, "en")


def test_the_missing_units_notice_counts_in_english(smtp, draft, consolidator):
    call_command("remind", "--today", "2022-01-25")
    english = notices_page(consolidator, "en")
    assert "2 units have not submitted their reports for January 2022" in english
    assert "As of 25/01/2022, past the due date (20/01/2022)" in english
