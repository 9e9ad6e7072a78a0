"""The search page (Tra cứu) as a browser sees it: results, escaping, messages, 404-free."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.search.conftest import write

pytestmark = pytest.mark.django_db


def get(client, user, **params):
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("search"), params)


def test_the_page_shows_highlighted_results(client, draft, reporter):
    response = get(client, reporter, q="camera giam sat")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Camera giám sát</mark>" in page
    assert "1 kết quả" in page


def test_user_text_is_escaped_in_snippets(client, draft, reporter):
    write(draft, reporter, "<script>alert('x')</script> camera <b>đậm</b>")
    page = get(client, reporter, q="camera").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<mark>camera</mark>" in page


def test_the_outsider_sees_no_result_from_another_units_draft(client, draft, outsider):
    page = get(client, outsider, q="camera").content.decode()
    assert "Camera giám sát" not in page
    assert "Không tìm thấy" in page


@pytest.mark.parametrize("q", ["!!!", "NEAR(", '"', "*", "-", ":", "' OR 1=1 --", 'camera" AND "x'])
def test_odd_queries_give_a_page_not_an_error(client, draft, reporter, q):
    assert get(client, reporter, q=q).status_code == 200


def test_a_ten_thousand_character_query_gets_a_clear_message(client, draft, reporter):
    response = get(client, reporter, q="a" * 10_000)
    assert response.status_code == 422  # refused by the search service: the page, with its message
    assert "Từ khóa quá dài" in response.content.decode()


def test_bad_filters_give_a_message_not_an_error(client, draft, reporter):
    response = get(
        client, reporter, q="camera", unit="abc", template="1 OR 1", to="hôm qua", page="-3"
    )
    assert response.status_code == 422
    assert "Kỳ báo cáo không hợp lệ" in response.content.decode()


def test_anonymous_users_are_sent_to_sign_in(client):
    assert client.get(reverse("search"), {"q": "camera"}).status_code == 302
