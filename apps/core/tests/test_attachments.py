"""Files are served only through a view that asks visible_to about the record they belong to."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.services import attachment_create

from .test_uploads import PDF


@pytest.fixture
def minutes(company):
    """A PDF attached to 张伟's (zhigong's) employee record, uploaded by shuji."""
    return attachment_create(
        actor=company.users["shuji"],
        upload=SimpleUploadedFile("谈话记录.pdf", PDF),
        owner=company.people["zhigong"],
    )


def url(att):
    return f"/files/{att.token}/"


@pytest.mark.parametrize("username", ["admin", "dangwei", "shuji", "bumen", "zhigong"])
def test_users_who_see_the_record_get_the_file(client, login, minutes, username):
    login(username)
    response = client.get(url(minutes))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("username", ["tech_shuji", "norole"])
def test_users_outside_the_scope_get_404(client, login, minutes, username):
    login(username)
    assert client.get(url(minutes)).status_code == 404


def test_anonymous_is_sent_to_login(client, minutes):
    response = client.get(url(minutes))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_unknown_token_is_404(client, login):
    login("admin")
    assert client.get("/files/deadbeef/").status_code == 404


def test_soft_deleted_attachment_is_gone(client, login, minutes):
    minutes.soft_delete()
    login("admin")
    assert client.get(url(minutes)).status_code == 404


def test_file_of_a_soft_deleted_record_is_gone(client, login, company, minutes):
    company.people["zhigong"].soft_delete()
    login("shuji")
    assert client.get(url(minutes)).status_code == 404


def test_attachment_without_owner_only_for_its_uploader(client, login, company):
    draft = attachment_create(
        actor=company.users["zhigong"], upload=SimpleUploadedFile("草稿.pdf", PDF)
    )
    login("zhigong")
    assert client.get(url(draft)).status_code == 200
    login("admin")
    assert client.get(url(draft)).status_code == 404


def test_stored_name_reveals_nothing(minutes):
    assert "谈话记录" not in minutes.file.name
    assert minutes.file.name.endswith(".pdf")
    assert minutes.name == "谈话记录.pdf"
