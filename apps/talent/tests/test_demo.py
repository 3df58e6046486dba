import random

from django.utils import timezone

from apps.accounts.models import User
from apps.core import talentpool
from apps.orgs.models import OrgUnit, Person

from .. import services
from ..demo import seed
from ..models import Award, Brand, Contest, Entrant, Honour, Mentorship, TalentEntry


def _args(company):
    for i in range(60):
        Person.objects.create(
            employee_no=f"8{i:04d}",
            name=f"职工{i}",
            gender="M",
            department=company.units["prod" if i % 2 else "tech"],
            political_status="party_member" if i % 3 == 0 else "masses",
        )
    return {
        "rng": random.Random(11),
        "company_root": company.units["company"],
        "people": list(Person.objects.all()),
        "units": list(OrgUnit.objects.all()),
        "now": timezone.now(),
    }


def test_seed_small_is_deterministic_and_makes_no_logins(company):
    args = _args(company)
    users = User.objects.count()
    people = Person.objects.count()
    stats = seed(**args, count=20)
    assert Contest.objects.count() == 2
    assert set(Contest.objects.values_list("level", flat=True)) == {"company", "group"}
    assert stats["pool"] == TalentEntry.objects.count() >= 20
    assert TalentEntry.objects.filter(source="contest").exists()
    assert Award.objects.exists() and Award.objects.filter(paid_on__isnull=True).exists()
    assert Entrant.objects.filter(sent=True).exists()
    assert Mentorship.objects.exists() and Brand.objects.exists() and Honour.objects.exists()
    assert (User.objects.count(), Person.objects.count()) == (users, people)
    # Every award stays within its contest's cap.
    for a in Award.objects.select_related("entrant__contest"):
        assert a.amount <= a.entrant.contest.award_cap
    in_pool = talentpool.marks(
        TalentEntry.objects.values_list("person_id", flat=True), on=timezone.localdate()
    )
    assert in_pool


def test_the_demo_contest_recomputes_its_totals_from_its_theory_quiz(company):
    seed(**_args(company), count=20)
    contest = Contest.objects.get(level="company")
    theory = contest.rounds.get(kind="theory")
    assert theory.quiz is not None and theory.quiz.window_closed()
    shown = dict(contest.entrants.values_list("pk", "total"))
    services.totals_compute(actor=company.users["dangwei"], contest=contest)
    assert dict(contest.entrants.values_list("pk", "total")) == shown
    assert theory.quiz.attempts.count() == len(shown)
