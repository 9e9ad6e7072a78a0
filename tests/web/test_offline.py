"""Offline editing, server side: the service worker's script and a sign-out that clears."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.test_report_views import client_for

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_with_the_shell_to_keep() -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"  # a new version is picked up at once
    assert response["Service-Worker-Allowed"] == "/"
    script = response.content.decode()
    assert '"/static/web/offline.js"' in script and '"/static/web/baocao.css"' in script
    assert "{%" not in script and "{{" not in script
    assert "https://" not in script and "http://" not in script  # nothing from elsewhere


def test_the_editor_carries_the_offline_bar_and_every_page_the_script(draft, reporter) -> None:
    client = client_for(reporter)
    page = client.get(f"/bao-cao/{draft.pk}/soan/").content.decode()
    assert 'id="offline-bar"' in page and "hidden" in page.split('id="offline-bar"')[1][:80]
    assert f'data-user="{reporter.pk}"' in page
    home = client.get("/bao-cao/").content.decode()
    assert "web/offline.js" in home and 'data-sw="/sw.js"' in home


def test_signing_out_tells_the_browser_to_drop_cached_pages_and_drafts(reporter) -> None:
    client = client_for(reporter)
    response = client.post("/dang-xuat/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session
