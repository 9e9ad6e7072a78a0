"""The cheaper reads every request makes (baocao.core.session_db, ThrottledBackend.get_user,
notifications' unread count) answer as Django's did: an expired or deleted session signs
nobody in, a deactivated user is signed out, the count is the user's unread notices only."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from baocao.notifications.models import Notice
from baocao.notifications.selectors import unread_count
from tests.conftest import client_for


def test_a_live_session_signs_in_and_an_expired_or_deleted_one_does_not(reporter):
    client = client_for(reporter)
    assert client.get("/bao-cao/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get("/bao-cao/").status_code == 302  # to the sign-in page
    client = client_for(reporter)
    Session.objects.filter(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).delete()
    assert client.get("/bao-cao/").status_code == 302


def test_a_deactivated_user_is_signed_out_at_the_next_request(reporter):
    client = client_for(reporter)
    assert client.get("/bao-cao/").status_code == 200
    reporter.is_active = False
    reporter.save(update_fields=["is_active"])
    assert client.get("/bao-cao/").status_code == 302


def test_the_unread_count_is_the_users_own_unread_notices(reporter, approver):
    now = timezone.now()
    for user, read in ((reporter, None), (reporter, None), (reporter, now), (approver, None)):
        Notice.objects.create(user=user, kind="approved", title="t", read_at=read)
    assert unread_count(reporter) == 2
    assert unread_count(approver) == 1
