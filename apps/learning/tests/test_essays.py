"""Essay contests: submit inside the window (text or PDF/Word), judges score after it closes,
results published as the judges' average, ranked; every refusal leaves the records as they were."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.errors import DomainError, Forbidden
from apps.learning.choices import Audience, EssayStatus
from apps.learning.models import EssayScore, EssaySubmission
from apps.learning.services import (
    essay_contest_create,
    essay_publish,
    essay_score,
    essay_submit,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def contest(company):
    now = timezone.now()
    return essay_contest_create(
        actor=company.users["dangwei"],
        title="扭亏脱困主题征文",
        unit=company.units["company"],
        audience=Audience.ALL,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        judges=[company.users["dangwei"], company.users["admin"]],
    )


def test_full_round(company, contest):
    a = essay_submit(actor=company.users["zhigong"], contest=contest, title="一", body="正文")
    b = essay_submit(
        actor=company.users["shuji"],
        contest=contest,
        title="二",
        upload=SimpleUploadedFile("essay.pdf", PDF),
    )
    assert b.attachment.extension == ".pdf"
    with pytest.raises(DomainError) as e:
        essay_score(actor=company.users["dangwei"], submission=a, score=90)
    assert e.value.code == "not_closed"
    after = contest.closes_at + timedelta(minutes=1)
    essay_score(actor=company.users["dangwei"], submission=a, score=80, now=after)
    essay_score(actor=company.users["admin"], submission=a, score="85.5", now=after)
    essay_score(actor=company.users["dangwei"], submission=b, score=95, now=after)
    essay_score(actor=company.users["dangwei"], submission=b, score=90, now=after)  # revised
    assert EssayScore.objects.count() == 3
    with pytest.raises(DomainError) as e:  # the admin has not scored b yet
        essay_publish(actor=company.users["dangwei"], contest=contest, now=after)
    assert e.value.code == "unscored"
    essay_score(actor=company.users["admin"], submission=b, score=90, now=after)
    with pytest.raises(Forbidden):
        essay_score(actor=company.users["shuji"], submission=a, score=100, now=after)
    with pytest.raises(DomainError) as e:
        essay_score(actor=company.users["admin"], submission=a, score=101, now=after)
    assert e.value.field == "score"
    essay_publish(actor=company.users["dangwei"], contest=contest, now=after)
    a.refresh_from_db()
    b.refresh_from_db()
    # (80 + 85.5) / 2 = 82.75 → 82.8; b: 90 → first.
    assert (b.rank, b.score, a.rank, a.score) == (1, Decimal("90.0"), 2, Decimal("82.8"))
    contest.refresh_from_db()
    assert contest.status == EssayStatus.PUBLISHED
    with pytest.raises(DomainError):
        essay_score(actor=company.users["dangwei"], submission=a, score=60, now=after)


def test_unscored_entries_block_publishing(company, contest):
    essay_submit(actor=company.users["zhigong"], contest=contest, title="一", body="正文")
    with pytest.raises(DomainError) as e:
        essay_publish(
            actor=company.users["dangwei"], contest=contest, now=contest.closes_at + timedelta(1)
        )
    assert e.value.code == "unscored"
    with pytest.raises(Forbidden):
        essay_publish(actor=company.users["shuji"], contest=contest)


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("essay.txt", b"hello", "upload_type"),
        ("essay.pdf", b"MZ\x90\x00 not a pdf", "upload_disguised"),
        ("essay.xlsx", b"PK\x03\x04", "upload_type"),
    ],
)
def test_wrong_uploads_are_refused(company, contest, name, content, code):
    with pytest.raises(DomainError) as e:
        essay_submit(
            actor=company.users["zhigong"],
            contest=contest,
            title="一",
            upload=SimpleUploadedFile(name, content),
        )
    assert e.value.code == code and e.value.field == "upload"
    assert not EssaySubmission.objects.exists()


def test_outside_the_audience_or_window(company, contest):
    contest.unit = company.units["tech"]
    contest.audience = Audience.SUBTREE
    contest.save()
    with pytest.raises(Forbidden):
        essay_submit(actor=company.users["zhigong"], contest=contest, title="一", body="x")
    contest.unit = company.units["company"]
    contest.save()
    with pytest.raises(DomainError) as e:
        essay_submit(
            actor=company.users["zhigong"],
            contest=contest,
            title="一",
            body="x",
            now=contest.closes_at,
        )
    assert e.value.code == "closed"
    with pytest.raises(DomainError) as e:
        essay_submit(actor=company.users["zhigong"], contest=contest, title="一")
    assert e.value.code == "required"
    assert not EssaySubmission.objects.exists()


def test_contest_needs_judges_and_a_window(company):
    now = timezone.now()
    with pytest.raises(DomainError) as e:
        essay_contest_create(
            actor=company.users["dangwei"], title="征文", unit=company.units["company"],
            audience="all", opens_at=now, closes_at=now - timedelta(days=1),
            judges=[company.users["admin"]],
        )  # fmt: skip
    assert e.value.code == "bad_window"
    with pytest.raises(DomainError) as e:
        essay_contest_create(
            actor=company.users["dangwei"], title="征文", unit=company.units["prod"],
            audience="all", opens_at=now, closes_at=now + timedelta(days=1), judges=[],
        )  # fmt: skip
    assert e.value.code == "bad_audience"


def test_a_judge_may_not_score_their_own_entry(company, contest):
    own = essay_submit(actor=company.users["dangwei"], contest=contest, title="我的", body="正文")
    after = contest.closes_at + timedelta(minutes=1)
    with pytest.raises(Forbidden) as e:
        essay_score(actor=company.users["dangwei"], submission=own, score=100, now=after)
    assert "自己的作品" in str(e.value.message) and not EssayScore.objects.exists()
    # The other judge's score is enough for it: a judge's own entry is not theirs to score.
    essay_score(actor=company.users["admin"], submission=own, score=70, now=after)
    essay_publish(actor=company.users["dangwei"], contest=contest, now=after)
    own.refresh_from_db()
    assert own.rank == 1 and own.score == Decimal("70.0")


def test_publishing_names_the_entries_and_judges_missing_scores(company, contest):
    a = essay_submit(actor=company.users["zhigong"], contest=contest, title="一", body="正文")
    essay_submit(actor=company.users["shuji"], contest=contest, title="二", body="正文")
    after = contest.closes_at + timedelta(minutes=1)
    essay_score(actor=company.users["dangwei"], submission=a, score=80, now=after)
    with pytest.raises(DomainError) as e:
        essay_publish(actor=company.users["dangwei"], contest=contest, now=after)
    message = str(e.value.message)
    admin, dangwei = company.users["admin"].display_name, company.users["dangwei"].display_name
    assert e.value.code == "unscored"
    assert f"《一》缺 {admin} 的评分" in message
    assert f"《二》缺 {admin}、{dangwei} 的评分" in message
    contest.refresh_from_db()
    assert contest.status != EssayStatus.PUBLISHED
    assert not EssaySubmission.objects.filter(rank__isnull=False).exists()


def test_review_is_blind_until_the_results(client, company, contest):
    entry = essay_submit(actor=company.users["zhigong"], contest=contest, title="一", body="正文")
    name = company.people["zhigong"].name
    after = contest.closes_at + timedelta(minutes=1)
    contest.closes_at = timezone.now() - timedelta(minutes=5)
    contest.save()
    client.force_login(company.users["admin"])  # a judge
    page = client.get(f"/learning/essays/{contest.pk}/").content.decode()
    assert 'data-testid="blind"' in page and "一" in page and name not in page
    page = client.get(f"/learning/essays/entries/{entry.pk}/").content.decode()
    assert 'data-testid="blind"' in page and name not in page
    r = client.get(f"/api/v1/learning/essays/{contest.pk}/entries").json()
    assert r[0]["title"] == "一" and r[0]["person"] is None and r[0]["unit"] is None
    essay_score(actor=company.users["admin"], submission=entry, score=80, now=after)
    essay_score(actor=company.users["dangwei"], submission=entry, score=90, now=after)
    essay_publish(actor=company.users["dangwei"], contest=contest, now=after)
    page = client.get(f"/learning/essays/{contest.pk}/").content.decode()
    assert name in page and 'data-testid="blind"' not in page
