"""The page header and closing scripts (web.templatetags.chrome): rendered once per language,
menu and unread count, with each request's own values put in, escaped."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from baocao.notifications.models import Notice
from baocao.organizations.people import display_name
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

WHO = re.compile(r'<span class="who">(.*?)</span>')
NEXT = re.compile(r'<input name="next" type="hidden" value="([^"]*)">')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DATA_USER = re.compile(r'data-user="([^"]*)"')


def page(client: Client, path: str = "/bao-cao/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_each_person_sees_their_own_name_escaped(reporter, second_reporter):
    second_reporter.last_name = '<script>alert("x")</script> Trần'
    second_reporter.save()
    first = page(client_for(reporter))
    second = page(client_for(second_reporter))  # same language and menu: the same frame
    assert WHO.findall(first) == [html.escape(display_name(reporter))]
    assert WHO.findall(second) == [
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Trần " + second_reporter.first_name
    ]
    assert "<script>alert" not in second


def test_the_language_switch_returns_to_the_page_with_its_path_escaped(reporter):
    client = client_for(reporter)
    html = page(client, '/bao-cao/?q="><b>x</b>&period=2022-01')
    assert NEXT.findall(html) == ["/bao-cao/?q=%22%3E%3Cb%3Ex%3C/b%3E&amp;period=2022-01"]
    assert NEXT.findall(page(client, "/tra-cuu/")) == ["/tra-cuu/"]


def test_the_header_forms_carry_a_working_csrf_token(reporter):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=reporter.username, password=PASSWORD)
    html = page(client)
    tokens = TOKEN.findall(html)
    assert len(tokens) == 2  # the language switch and sign-out
    switched = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/bao-cao/", "csrfmiddlewaretoken": tokens[0]}
    )
    assert switched.status_code == 302
    assert 'lang="en"' in page(client)
    refused = client.post("/i18n/setlang/", {"language": "vi", "next": "/bao-cao/"})
    assert refused.status_code == 403


def test_the_unread_count_follows_the_notices(reporter):
    client = client_for(reporter)
    assert "badge-count" not in page(client)
    Notice.objects.create(user=reporter, kind="overdue", title="Quá hạn")
    assert '<span class="badge badge-count" aria-label="1 thông báo chưa đọc">1</span>' in page(
        client
    )
    Notice.objects.create(user=reporter, kind="overdue", title="Quá hạn")
    assert '<span class="badge badge-count" aria-label="2 thông báo chưa đọc">2</span>' in page(
        client
    )
    english = client_for(reporter, "en")
    assert 'aria-label="2 unread notifications">2</span>' in page(english)


def test_the_menu_is_each_roles_own(reporter, approver):
    approver_page = page(client_for(approver))
    reporter_page = page(client_for(reporter))
    assert 'href="/cho-duyet/"' in approver_page
    assert 'href="/cho-duyet/"' not in reporter_page
    assert ">Nhập từ tệp<" in reporter_page
    assert ">Nhập từ tệp<" not in approver_page
    assert ">Reports<" in page(client_for(reporter, "en"))


def test_the_offline_script_is_given_the_signed_in_users_id(reporter, approver):
    assert DATA_USER.findall(page(client_for(reporter))) == [str(reporter.pk)]
    assert DATA_USER.findall(page(client_for(approver))) == [str(approver.pk)]
    signed_out = Client().get("/dang-nhap/").content.decode()
    assert DATA_USER.findall(signed_out) == [""]
    assert 'class="who"' not in signed_out
    assert 'id="mainnav"' not in signed_out
