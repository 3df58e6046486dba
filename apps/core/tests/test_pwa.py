"""The installable web app's shell: the manifest, the icons and the service worker at /sw.js."""

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders


def test_the_manifest_names_the_app_and_its_icons_exist():
    manifest = json.loads(open(finders.find("manifest.webmanifest"), encoding="utf-8").read())
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#c8161d"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL).lstrip("/"))
        assert path and open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_service_worker_is_served_at_the_root_to_anyone(client):
    response = client.get("/sw.js")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert f'"{settings.STATIC_URL}css/app.css"' in body.replace("/static/", settings.STATIC_URL)
    assert f"tongxin-shell-{settings.SHELL_VERSION}" in body


@pytest.mark.django_db  # the login page asks which workplace apps offer sign-in
def test_every_page_links_the_manifest(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="manifest"' in html and 'name="theme-color"' in html


def test_the_offline_notice_speaks_the_pages_language(client):
    assert "网络已断开" in client.get("/sw.js", {"lang": "zh-hans"}).content.decode()
    assert "You are offline" in client.get("/sw.js", {"lang": "en"}).content.decode()
    assert "网络已断开" in client.get("/sw.js", {"lang": "xx"}).content.decode()


def test_the_worker_never_keeps_what_the_server_never_records(client):
    """A confidential report that fails to send is not kept on the phone (decision 0018): the
    worker is told the paths the idempotency store never records, the 纪委's intake among them."""
    from apps.core import idempotency

    js = client.get("/sw.js").content.decode()
    unkept = js.split("const UNKEPT = [", 1)[1].split("];", 1)[0]
    assert "/integrity/report/" in idempotency.UNRECORDED
    for prefix in idempotency.UNRECORDED:
        assert f'"{prefix}"' in unkept
