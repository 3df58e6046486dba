"""The shared back-office bases: a settings row is added once, a workflow record never."""

import pytest

from apps.accounts.models import User

pytestmark = pytest.mark.django_db

SETTINGS = [
    ("appeals", "appealpolicy", "apps.appeals.models.AppealPolicy"),
    ("hazards", "hazardpolicy", "apps.hazards.models.HazardPolicy"),
    ("learning", "learningsettings", "apps.learning.models.LearningSettings"),
    ("talks", "talkpolicy", "apps.talks.models.TalkPolicy"),
]


@pytest.fixture
def root(client):
    client.force_login(User.objects.create_superuser(username="root", password="x"))
    return client


@pytest.mark.parametrize(("app", "model", "path"), SETTINGS)
def test_a_settings_row_is_added_once(root, app, model, path):
    from django.utils.module_loading import import_string

    row_class = import_string(path)
    row_class.objects.all().delete()
    assert root.get(f"/admin/{app}/{model}/add/").status_code == 200
    row_class().save()
    assert root.get(f"/admin/{app}/{model}/add/").status_code == 403
    assert root.get(f"/admin/{app}/{model}/").status_code == 200


def test_an_appeal_is_read_only_in_the_back_office(root):
    assert root.get("/admin/appeals/appeal/").status_code == 200
    assert root.get("/admin/appeals/appeal/add/").status_code == 403
