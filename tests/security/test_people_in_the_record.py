"""Finding 3: deleting a person never rewrites history — people named in the record are
deactivated, not deleted, and the admin says so."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.test import Client

from baocao.reports.models import AuditEvent, Report
from baocao.reports.services import approve_report, submit_report
from tests.conftest import PASSWORD, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(draft, reporter, approver) -> Report:
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)
    return reload(draft)


@pytest.fixture
def admin_client(db) -> Client:
    get_user_model().objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    client = Client()
    assert client.login(username="quantri", password=PASSWORD)
    return client


def history(report: Report) -> list[tuple]:
    return [
        (e.verb, e.actor_id) for e in AuditEvent.objects.filter(report=report).order_by("pk")
    ] + [(v.number, v.created_by_id) for v in report.versions.order_by("pk")]


def test_deleting_an_approver_is_refused_and_history_still_names_him(approved, approver):
    before = history(approved)
    with pytest.raises(ProtectedError):
        approver.delete()
    report = reload(approved)
    assert report.approved_by_id == approver.pk
    assert history(report) == before
    assert AuditEvent.objects.filter(report=report, actor=approver, verb="approve").exists()


def test_the_admin_refuses_deletion_with_a_clear_message_and_offers_deactivation(
    approved, approver, admin_client
):
    before = history(approved)
    url = f"/admin/auth/user/{approver.pk}/delete/"
    for response in (
        admin_client.get(url, follow=True),
        admin_client.post(url, {"post": "yes"}, follow=True),
    ):
        assert response.status_code == 200
        assert "Không thể xóa tài khoản “giamdoc”" in response.content.decode(), (
            response.content.decode()[:3000]
        )
        assert "vô hiệu hóa" in response.content.decode()
    assert get_user_model().objects.filter(pk=approver.pk).exists()
    assert history(reload(approved)) == before
    assert reload(approved).approved_by_id == approver.pk
    # deactivation is what the admin offers instead
    listing = admin_client.get("/admin/auth/user/")
    assert "deactivate_users" in listing.content.decode()
    assert "delete_selected" not in listing.content.decode()
    admin_client.post(
        "/admin/auth/user/", {"action": "deactivate_users", "_selected_action": [approver.pk]}
    )
    approver.refresh_from_db()
    assert not approver.is_active
    assert history(reload(approved)) == before


def test_a_person_in_no_record_can_still_be_deleted(admin_client, unit):
    from baocao.domain.workflow import Role
    from tests.conftest import make_user

    newcomer = make_user("moi", unit, Role.VIEWER)
    admin_client.post(f"/admin/auth/user/{newcomer.pk}/delete/", {"post": "yes"})
    assert not get_user_model().objects.filter(pk=newcomer.pk).exists()


def test_register_log_keeps_its_actor(register, reporter):
    from baocao.registers.models import RegisterEvent
    from baocao.registers.services import EntryInput, add_entry

    add_entry(
        register.pk,
        EntryInput(entry_date="2022-01-05", subject="Đơn", category="Khiếu nại"),
        by=reporter,
    )
    with pytest.raises(ProtectedError):
        reporter.delete()
    assert RegisterEvent.objects.filter(actor=reporter).count() == 1


# What belongs to a person and goes with them; every other reference to a person is part of
# the record and keeps them (PROTECT): they are deactivated, never deleted.
BELONGINGS = {
    ("organizations.Membership", "user"),
    ("documents.SignatureImage", "user"),
    ("documents.PendingSignature", "created_by"),
    ("notifications.Notice", "user"),
    ("notifications.NoticePreference", "user"),
    ("notifications.SentReminder", "user"),
    ("registers.RegisterUpload", "uploaded_by"),
    ("api.ApiToken", "user"),
}


def test_every_reference_to_a_person_in_the_record_protects_them():
    from django.apps import apps
    from django.conf import settings
    from django.db import models

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("baocao."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is user_model:
                found[(model._meta.label, field.name)] = field.remote_field.on_delete
    assert len(found) > 30
    wrong = {
        key: rule.__name__
        for key, rule in found.items()
        if rule is not (models.CASCADE if key in BELONGINGS else models.PROTECT)
    }
    assert wrong == {}
