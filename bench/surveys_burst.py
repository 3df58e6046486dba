"""A survey's submit burst at scale, on the bench database: a 满意度测评 published to the whole
large company, then 5,000 people answer at once through `apps.surveys.services.answer_submit`
(8 threads, each with its own database connection), 250 of them submitting twice at the same
time (a double tap). Within 60 s, none lost (5,000 invitations answered, 5,000 responses) and
none doubled (every second submit refused).

    python -m bench.surveys_burst      (DJANGO_SETTINGS_MODULE and DATABASE_URL as in run.sh)

The survey and everything under it are removed at the end (and at the start, should an earlier
run have been interrupted).
"""

import os
import random
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from types import SimpleNamespace

import django

ANSWERS = 5_000
TWICE = 250
THREADS = int(os.environ.get("BENCH_SURVEY_THREADS", "4"))
LIMIT_SECONDS = 60
TITLE = "bench: 职工满意度测评(压测)"


def cleanup() -> None:
    from apps.surveys.models import Survey

    Survey.objects.filter(title=TITLE).delete()


def setup():
    """The survey over the company's whole tree, four questions, opened (invites everyone)."""
    from django.utils import timezone

    from apps.accounts.models import RoleAssignment, User
    from apps.surveys import services
    from apps.surveys.choices import QuestionKind

    cleanup()
    admin = User.objects.get(username="admin")
    # the company the 党群工作部 runs (the demo's group sits above it)
    root = RoleAssignment.objects.get(user__username="dangwei", role="party_admin").unit
    now = timezone.now()
    survey = services.survey_create(
        actor=admin,
        title=TITLE,
        kind="satisfaction",
        audience=root,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )
    add = lambda text, kind, **kw: services.question_add(  # noqa: E731
        actor=admin, survey=survey, text=text, kind=kind, **kw
    )
    add("对本单位工作环境是否满意", QuestionKind.SINGLE, options=["满意", "一般", "不满意"])
    add("最关心的问题", QuestionKind.MULTIPLE, options=["薪酬", "安全", "培训", "食堂"])
    add("对党群工作的总体评价", QuestionKind.SCALE)
    add("意见建议", QuestionKind.TEXT, required=False)
    return services.survey_open(actor=admin, survey=survey)


def main() -> None:
    django.setup()
    from django.db import connection

    from apps.core.errors import DomainError
    from apps.surveys.models import Invitation, Response
    from apps.surveys.services import answer_submit

    started = time.monotonic()
    survey = setup()
    invited = list(survey.invitations.values_list("person_id", flat=True))
    answers = min(ANSWERS, len(invited))  # a smaller company: everyone answers
    twice = min(TWICE, answers // 2)
    print(
        f"bench: survey burst — {len(invited):,} invited in {time.monotonic() - started:.1f} s; "
        f"{answers:,} answer at once ({twice} of them twice), {THREADS} threads"
    )
    rng = random.Random(2025)
    people = rng.sample(invited, answers)
    submits = people + rng.sample(people, twice)
    rng.shuffle(submits)
    questions = [str(pk) for pk in survey.questions.values_list("pk", flat=True)]

    def answer(person_id: int) -> str:
        sheet = {
            questions[0]: rng.randrange(3),
            questions[1]: sorted(rng.sample(range(4), 2)),
            questions[2]: rng.randint(1, 5),
            questions[3]: rng.choice(["", "希望多组织技能培训", "食堂菜品可以更丰富"]),
        }
        try:
            answer_submit(actor=SimpleNamespace(person_id=person_id), survey=survey, answers=sheet)
            return "ok"
        except DomainError as e:
            return e.code
        except Exception as e:  # anything else is a lost answer: counted, shown
            return f"error: {type(e).__name__}: {e}"
        finally:
            connection.close()  # this thread's own connection

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(answer, submits))
    seconds = time.monotonic() - started
    tally: dict[str, int] = {}
    for r in results:
        tally[r] = tally.get(r, 0) + 1
    answered = Invitation.objects.filter(survey=survey, answered_on__isnull=False).count()
    responses = Response.objects.filter(survey=survey).count()
    fine = (
        answered == responses == answers
        and tally.get("ok") == answers
        and tally.get("survey_already_answered", 0) == twice
    )
    print(
        f"  {len(submits):,} submits in {seconds:5.1f} s ({len(submits) / seconds:,.0f}/s; "
        f"target ≤ {LIMIT_SECONDS} s: {'ok' if seconds <= LIMIT_SECONDS else 'OVER'})"
    )
    print(
        f"  invitations answered {answered:,}, responses {responses:,}, outcomes {tally}: "
        f"{'none lost, none doubled' if fine else 'MISMATCH'}"
    )
    cleanup()


if __name__ == "__main__":
    main()
