"""The bulk writer of large loads (the demo seed): rows land as written, with ids set."""

import pytest

from apps.core import bulk
from apps.core.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_insert_sets_fresh_ids_on_the_instances():
    SearchEntry.objects.create(kind="x.y", object_id=1, body="先有")
    made = bulk.insert(SearchEntry(kind="x.y", object_id=n, body=f"第{n}条") for n in (2, 3, 4))
    assert len({e.pk for e in made}) == 3
    stored = dict(SearchEntry.objects.filter(kind="x.y").values_list("pk", "body"))
    assert {stored[e.pk] for e in made} == {"第2条", "第3条", "第4条"}
    assert len(stored) == 4  # the earlier row kept its own id


def test_insert_rows_then_update():
    made = bulk.insert_rows(
        SearchEntry, ("kind", "object_id", "body"), [("x.z", n, f"词{n}") for n in range(7)]
    )
    assert made == 7
    rows = list(SearchEntry.objects.filter(kind="x.z").order_by("object_id"))
    assert [r.body for r in rows] == [f"词{n}" for n in range(7)]
    for r in rows[:2]:
        r.body = "已改"
    bulk.update(SearchEntry, rows[:2], ["body"])
    changed = SearchEntry.objects.filter(body="已改").values_list("object_id", flat=True)
    assert sorted(changed) == [0, 1]
