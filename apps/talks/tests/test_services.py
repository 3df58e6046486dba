"""Recording a talk and turning its concerns into an appeal or a 督办 follow-up."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.appeals.models import Appeal
from apps.core.errors import DomainError
from apps.supervision.models import SupervisedItem
from apps.talks.models import Concern, Talk
from apps.talks.services import concern_follow_up, concern_follow_up_close, concern_to_appeal

from .factories import record

pytestmark = pytest.mark.django_db


def _refused(code, **kwargs):
    with pytest.raises(DomainError) as e:
        record(**kwargs)
    assert e.value.code == code
    assert Talk.objects.count() == 0 and Concern.objects.count() == 0
    return e.value


def test_a_talk_stores_the_person_unit_and_each_tag_once(company):
    talk = record(company, tags=["食堂住宿", "薪酬待遇"])
    assert talk.unit == company.units["team1"]  # the person's team
    assert talk.talker_name == "王建国"
    assert sorted(c.tag.name for c in talk.concerns.all()) == ["薪酬待遇", "食堂住宿"]


def test_outside_the_cadres_scope_is_refused_with_a_chinese_message(company):
    error = _refused("talk_out_of_scope", company=company, who="tech_worker")
    assert error.field == "person"
    assert "陈静" in error.message and "范围" in error.message


def test_future_day_and_missing_person_are_refused(company):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert _refused("talk_future_day", company=company, day=tomorrow).field == "day"
    from apps.talks.services import talk_record

    with pytest.raises(DomainError) as e:
        talk_record(
            actor=company.users["shuji"],
            person=None,
            day=date(2026, 1, 1),
            place="team",
            kind="daily",
            state="stable",
            summary="x",
        )
    assert e.value.code == "talk_no_person" and e.value.field == "person"


def test_a_line_manager_cannot_record(company):
    error = _refused("forbidden", company=company, by="bumen")  # a 403 carries the shared code
    assert error.status == 403 and "党支部书记" in error.message


def test_empty_summary_and_bad_choice_are_refused(company):
    assert _refused("required", company=company, summary="  ").field == "summary"
    assert _refused("bad_choice", company=company, state="happy").field == "state"


def test_a_concern_becomes_an_appeal_once_linked_both_ways(company):
    talk = record(company, tags=["食堂住宿"])
    concern = talk.concerns.get()
    concern = concern_to_appeal(actor=company.users["shuji"], concern=concern)
    appeal = Appeal.objects.get()
    assert concern.appeal == appeal
    assert appeal.category.name == "食堂宿舍"  # the tag's appeal category
    assert "食堂住宿方面的具体情况" in appeal.description
    assert appeal.submitter == company.people["shuji"]  # lodged by the talker
    with pytest.raises(DomainError) as e:
        concern_to_appeal(actor=company.users["shuji"], concern=concern)
    assert e.value.code == "talk_concern_linked"
    assert Appeal.objects.count() == 1


def test_a_concern_becomes_a_supervised_follow_up_on_the_political_line(company):
    talk = record(company, tags=["家庭困难"])
    concern = concern_follow_up(actor=company.users["shuji"], concern=talk.concerns.get())
    item = SupervisedItem.objects.get(kind="talk_concern")
    assert item.record == concern
    assert item.url == f"/talks/{talk.pk}/"
    assert item.owner_unit == company.units["branch1"]  # the secretary's branch, not the team
    assert item.owner_person == company.people["shuji"]
    assert concern.follow_up_due == item.due_at
    concern_follow_up_close(actor=company.users["shuji"], concern=concern)
    item.refresh_from_db()
    assert item.closed_at is not None
    with pytest.raises(DomainError):
        concern_to_appeal(actor=company.users["shuji"], concern=concern)
