"""Reminders reach the invitees who have not answered, at most once a day each, and say
nothing about anyone's answers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core import periodic
from apps.core.errors import DomainError
from apps.core.models import Notification
from apps.surveys import services

from .factories import answers, make_survey


def _reminded(survey) -> list[tuple[str, str]]:
    key = f"survey:{survey.pk}:remind:"
    return sorted(
        Notification.objects.filter(dedupe_key__startswith=key).values_list(
            "user__username", "dedupe_key"
        )
    )


def test_the_button_reminds_those_who_have_not_answered_once_a_day(
    client, login, company, django_capture_on_commit_callbacks
):
    survey = make_survey(company, audience="prod")
    services.answer_submit(actor=company.users["zhigong"], survey=survey, answers=answers(survey))
    login("dangwei")
    url = reverse("surveys:remind", args=[survey.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, follow=True).content.decode()
    assert "已提醒 2 位尚未答卷的职工" in first
    today = timezone.localdate().isoformat()
    key = f"survey:{survey.pk}:remind:{today}"
    # 王建国 (shuji) and 李明 (bumen) have not answered; 张伟 (zhigong) has.
    assert _reminded(survey) == [("bumen", key), ("shuji", key)]
    note = Notification.objects.filter(user=company.users["bumen"]).get()
    assert survey.title in note.title and "截止" in note.title
    assert note.url == reverse("surveys:answer", args=[survey.pk])
    for text in (note.title, note.body):
        assert "张伟" not in text and "已答" not in text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(_reminded(survey)) == 2  # the same day: nobody asked twice


def test_the_periodic_pass_reminds_in_the_last_two_days_once_a_day(
    company, django_capture_on_commit_callbacks
):
    survey = make_survey(company, audience="prod")  # closes in seven days
    assert services.surveys_remind_due in periodic.hooks()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.surveys_remind_due(now=now)
    assert _reminded(survey) == []  # not due yet
    near = now + timedelta(days=5, hours=12)
    with django_capture_on_commit_callbacks(execute=True):
        services.surveys_remind_due(now=near)
        services.surveys_remind_due(now=near + timedelta(minutes=1))
    assert len(_reminded(survey)) == 3
    services.answer_submit(actor=company.users["zhigong"], survey=survey, answers=answers(survey))
    with django_capture_on_commit_callbacks(execute=True):
        services.surveys_remind_due(now=near + timedelta(days=1))
    users = [u for u, _key in _reminded(survey)]
    assert sorted(users) == ["bumen", "bumen", "shuji", "shuji", "zhigong"]


def test_a_survey_not_open_is_not_reminded(company):
    survey = make_survey(company, open_it=False)
    with pytest.raises(DomainError) as e:
        services.survey_remind(actor=company.users["dangwei"], survey=survey)
    assert str(e.value.message) == "问卷不在答卷时间内,不能催答。"
