"""A survey's results page at scale, on the bench database: the seeded survey with the most
answers, opened by the 党群工作部 (`dangwei`, whose roles reach every audience) as
/surveys/<id>/results/ — charts per question, by unit (with its secondary suppression), the
keywords of the open answers — and with a cross-tab of two questions (`?rows=&columns=`):
p95 of N requests each against 150 ms (issue 11), with the most queries a request made. Then
the same cold (the cache emptied before each request), as after every new answer during a
survey's window: the figures are versioned by the answer count.

    python -m bench.surveys_results [requests]    (DJANGO_SETTINGS_MODULE, DATABASE_URL: run.sh)

It only reads.
"""

import sys

import django

from bench.timing import page_p95

PAGE_LIMIT = 150  # ms, p95


def main(runs: int) -> None:
    django.setup()
    from django.db.models import Count
    from django.test import Client

    from apps.accounts.models import User
    from apps.surveys.models import Survey
    from apps.surveys.selectors import crossable

    print("bench: 问卷测评 — the results page of the largest survey")
    survey = Survey.objects.annotate(n=Count("responses")).order_by("-n", "pk").first()
    if survey is None or not survey.n:
        print("  (no answered survey in the bench database: seed it again)")
        return
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="dangwei"))
    url = f"/surveys/{survey.pk}/results/"
    pages = [("results", url)]
    questions = crossable(survey)
    if len(questions) > 1:
        cross = f"{url}?rows={questions[0].pk}&columns={questions[1].pk}"
        pages.append(("results + cross-tab", cross))
    print(f"  {survey.title}: {survey.n:,} answers, {survey.questions.count()} questions")
    for name, page in pages:
        page_p95(client, name, [page], runs, PAGE_LIMIT)
    cold = Cold(client)
    for name, page in pages:
        page_p95(cold, f"{name} (cold)", [page], max(runs // 10, 5), PAGE_LIMIT)


class Cold:
    """A client whose every request finds the cache empty (as after a new answer)."""

    def __init__(self, client):
        self.client = client

    def get(self, url):
        from django.core.cache import cache

        cache.clear()
        return self.client.get(url)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
