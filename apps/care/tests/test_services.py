from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.care import services
from apps.care.indicators import aid_coverage
from apps.care.models import Aid, Campaign, FileEvent, HardshipFile
from apps.core.errors import DomainError, NotFound
from apps.core.models import Notification

from .factories import hardship_appeal, open_file, visit

pytestmark = pytest.mark.django_db


def test_a_union_cadre_opens_a_file_from_a_hardship_appeal_once(company, gonghui):
    appeal = hardship_appeal(company)
    file = open_file(company, appeal=appeal, family_situation="身份证 110101198001011234 的家属")
    assert file.appeal == appeal and file.unit == company.units["prod"]
    assert file.review_due == timezone.localdate() + timedelta(days=365)
    # An ID number typed into the situation is stored masked.
    assert "110101198001011234" not in file.family_situation
    assert "1****************4" in file.family_situation
    assert FileEvent.objects.get(file=file).data == {"appeal": appeal.number}
    with pytest.raises(DomainError) as e:
        open_file(company, appeal=appeal)
    assert "已建立过困难职工档案" in e.value.message
    assert HardshipFile.objects.count() == 1


def test_one_active_file_per_person(company, gonghui):
    open_file(company)
    with pytest.raises(DomainError) as e:
        open_file(company, level="extreme")
    assert "已有在档的困难职工档案" in str(e.value.message)
    assert HardshipFile.objects.count() == 1


def test_a_file_for_someone_outside_the_cadres_scope_is_refused(company, gonghui, tech_gonghui):
    with pytest.raises(DomainError) as e:
        open_file(company, actor="tech_gonghui", who="zhigong")
    assert e.value.field == "person"
    assert "工号为“10003”的职工不在您的管理范围内" in str(e.value.message)
    assert not HardshipFile.all_objects.exists()


def test_no_other_role_opens_a_file(company):
    for who in ("shuji", "bumen", "zhigong", "admin"):
        with pytest.raises(DomainError) as e:
            open_file(company, actor=who)
        assert e.value.status == 403
    assert not HardshipFile.all_objects.exists()


def test_only_a_hardship_appeal_of_a_named_submitter_opens_a_file(company, gonghui):
    from apps.appeals.tests.factories import submit

    appeal, _ = submit(company)  # 食堂宿舍
    with pytest.raises(DomainError) as e:
        open_file(company, appeal=appeal)
    assert "家庭困难" in str(e.value.message)
    assert not HardshipFile.all_objects.exists()


def test_an_appeal_outside_the_cadres_sight_is_not_found(company, tech_gonghui):
    appeal = hardship_appeal(company)
    with pytest.raises(NotFound):
        open_file(company, actor="tech_gonghui", who="tech_worker", appeal=appeal)


def test_aid_over_the_approved_amount_is_refused_and_nothing_is_stored(company, gonghui):
    file = open_file(company)
    with pytest.raises(DomainError) as e:
        visit(company, file, amount="1000.01", approved="1000")
    assert e.value.field == "amount"
    assert "超过批准金额 1000.00 元" in str(e.value.message)
    with pytest.raises(DomainError) as e:
        visit(company, file, approved=None)
    assert "批准金额和审批单号" in str(e.value.message)
    with pytest.raises(DomainError):
        visit(company, file, amount="-5")
    with pytest.raises(DomainError) as e:
        visit(company, file, day=timezone.localdate() + timedelta(days=1))
    assert "不能晚于今天" in str(e.value.message)
    assert not Aid.objects.exists()
    aid = visit(company, file, amount="999.995", approved="1000")  # one rounding rule: half up
    assert aid.amount == Decimal("1000.00") and aid.year == timezone.localdate().year
    assert FileEvent.objects.filter(file=file, action="aid").count() == 1


def test_goods_need_their_description(company, gonghui):
    file = open_file(company)
    with pytest.raises(DomainError) as e:
        visit(company, file, form="goods", amount=None, approved=None, approval_no="")
    assert e.value.field == "goods"
    aid = visit(company, file, form="goods", amount=None, approved=None, goods="米面油一份")
    assert aid.amount is None and aid.goods == "米面油一份"


def test_a_closed_file_takes_no_more_aid(company, gonghui):
    file = open_file(company)
    services.file_close(actor=gonghui, file=file, note="子女已毕业工作")
    with pytest.raises(DomainError) as e:
        visit(company, file)
    assert e.value.status == 409
    # A new difficulty later opens a new file.
    assert open_file(company, category="illness").pk != file.pk


def test_the_yearly_review_moves_the_next_review_on(company, gonghui):
    file = open_file(company)
    with pytest.raises(DomainError):
        services.file_review(actor=gonghui, file=file, level="extreme", note="")
    services.file_review(actor=gonghui, file=file, level="extreme", note="入户走访,配偶病情加重")
    file.refresh_from_db()
    assert file.level == "extreme" and file.reviewed_on == timezone.localdate()


def test_an_overdue_review_reminds_the_union_cadres_once(
    company, gonghui, tech_gonghui, django_capture_on_commit_callbacks
):
    file = open_file(company)
    HardshipFile.objects.filter(pk=file.pk).update(review_due=date(2026, 1, 10))
    now = timezone.make_aware(timezone.datetime(2026, 1, 12, 9, 0))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reviews_remind(now=now) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.reviews_remind(now=now)
    rows = Notification.objects.filter(url=file.get_absolute_url())
    assert [n.user.username for n in rows] == ["gonghui"]
    assert "王" not in rows[0].title and "张伟" not in rows[0].title  # no name in the note
    before = timezone.make_aware(timezone.datetime(2026, 1, 9, 9, 0))
    Notification.objects.all().delete()
    assert services.reviews_remind(now=before) == 0


def test_a_campaign_draws_the_active_files_in_scope_and_delivers_within_the_standard(
    company, gonghui
):
    hard = open_file(company, who="zhigong", level="hard")
    open_file(company, who="bumen", level="relative")
    closed = open_file(company, who="shuji", level="extreme")
    services.file_close(actor=gonghui, file=closed, note="已脱困")
    with pytest.raises(DomainError) as e:
        services.campaign_create(
            actor=gonghui,
            title="春节送温暖",
            year=2027,
            unit=company.units["tech"],
            standard="1000",
            levels=["extreme", "hard"],
        )
    assert e.value.field == "unit"
    campaign = services.campaign_create(
        actor=gonghui,
        title="春节送温暖",
        year=2027,
        unit=company.units["prod"],
        standard="1000",
        levels=["extreme", "hard"],
    )
    entries = list(campaign.aids.all())
    assert [a.file_id for a in entries] == [hard.pk]
    entry = entries[0]
    with pytest.raises(DomainError) as e:
        services.campaign_deliver(actor=gonghui, aid=entry, amount="1200")
    assert "超过批准金额" in str(e.value.message)
    services.campaign_deliver(actor=gonghui, aid=entry, goods="米面油")
    entry.refresh_from_db()
    assert entry.status == "delivered" and entry.amount == Decimal("1000.00")
    with pytest.raises(DomainError) as e:
        services.campaign_deliver(actor=gonghui, aid=entry)
    assert e.value.status == 409
    services.campaign_close(actor=gonghui, campaign=campaign)
    assert Campaign.objects.get().status == "closed"


def test_the_coverage_indicator_answers_none_where_there_is_nothing(company, gonghui):
    u = company.units
    units = [u["company"], u["prod"], u["tech"]]
    today = timezone.localdate()
    got = aid_coverage(units=units, start=today - timedelta(days=30), end=today)
    assert all(v.value is None for v in got.values())
    a = open_file(company, who="zhigong")
    open_file(company, who="bumen")
    visit(company, a)
    got = aid_coverage(units=units, start=today - timedelta(days=30), end=today)
    assert got[u["prod"].pk].value == Decimal("50.0")
    assert got[u["company"].pk].numerator == 1 and got[u["company"].pk].denominator == 2
    assert got[u["tech"].pk].value is None
    assert "/care/" in got[u["prod"].pk].url
