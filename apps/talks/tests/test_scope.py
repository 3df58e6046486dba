"""Talk privacy (decision 0008): the content is the talker's and the political line's above the
person's unit; line managers see numbers only; another scope's talk is a 404."""

from datetime import date

import pytest

from apps.talks.models import Talk

from .factories import record, team_leader

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(company):
    return record(company, tags=["食堂住宿"])


@pytest.mark.parametrize("username", ["shuji", "dangwei"])
def test_talker_and_political_line_read_the_content(client, company, talk, username):
    client.force_login(company.users[username])
    page = client.get(f"/talks/{talk.pk}/")
    assert page.status_code == 200
    assert "食堂没有热饭" in page.content.decode()
    assert client.get(f"/api/v1/talks/{talk.pk}").json()["summary"] == talk.summary


def test_line_managers_get_404_on_content_but_see_the_counts(client, company, talk):
    for user in (company.users["bumen"], team_leader(company)):
        client.force_login(user)
        assert client.get(f"/talks/{talk.pk}/").status_code == 404
        assert client.get(f"/api/v1/talks/{talk.pk}").status_code == 404
        assert client.get("/api/v1/talks").json()["count"] == 0
        counts = client.get("/talks/counts/?start=2026-01-01&end=2026-03-31")
        assert counts.status_code == 200
        body = counts.content.decode()
        assert 'data-testid="total">1<' in body
        assert "食堂没有热饭" not in body
        assert Talk.objects.counted_by(user).count() == 1


@pytest.mark.parametrize("username", ["tech_shuji", "zhigong", "norole"])
def test_another_scope_and_the_person_get_404(client, company, talk, username):
    client.force_login(company.users[username])
    assert client.get(f"/talks/{talk.pk}/").status_code == 404
    assert client.get(f"/api/v1/talks/{talk.pk}").status_code == 404
    # tech_shuji's branch does not reach 生产部; the person talked with does not read the notes.
    assert not Talk.objects.counted_by(company.users[username]).filter(pk=talk.pk).exists()


def test_a_talk_of_another_talker_in_the_same_branch_is_read_by_the_secretary(company):
    # The party admin records a talk with a 生产部 person: the branch secretary above reads it.
    talk = record(company, by="dangwei", who="bumen", day=date(2026, 2, 1))
    assert Talk.objects.visible_to(company.users["shuji"]).filter(pk=talk.pk).exists()
    assert not Talk.objects.visible_to(company.users["tech_shuji"]).filter(pk=talk.pk).exists()


def test_a_secretary_does_not_read_a_talk_with_himself(company):
    talk = record(company, by="dangwei", who="shuji", day=date(2026, 4, 2))
    assert not Talk.objects.visible_to(company.users["shuji"]).filter(pk=talk.pk).exists()
    assert Talk.objects.visible_to(company.users["dangwei"]).filter(pk=talk.pk).exists()
