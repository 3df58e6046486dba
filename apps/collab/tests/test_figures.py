"""The body's figures against hand-computed values, and their links to the rows behind them."""

from datetime import timedelta

from django.utils import timezone

from apps.collab.choices import ActionStatus
from apps.collab.models import ActionItem
from apps.collab.selectors import meeting_figures

from .factories import make_item, make_session


def test_items_by_session_and_on_time_rate(client, company, login, body):
    now = timezone.now()
    first = make_session(company, body, days=1)
    items = [make_item(company, first, title=f"事项{n}") for n in range(4)]
    # Hand-set outcomes: two on time, one late, one still open past its date.
    due = items[0].due_at
    ActionItem.objects.filter(pk=items[0].pk).update(
        status=ActionStatus.CLOSED, closed_at=due - timedelta(days=1)
    )
    ActionItem.objects.filter(pk=items[1].pk).update(status=ActionStatus.CLOSED, closed_at=due)
    ActionItem.objects.filter(pk=items[2].pk).update(
        status=ActionStatus.CLOSED, closed_at=due + timedelta(days=2)
    )
    ActionItem.objects.filter(pk=items[3].pk).update(due_at=now - timedelta(days=1))
    later = now + timedelta(days=2)  # the session has been held
    data = meeting_figures(meeting=body, now=later)
    (row,) = data["by_session"]
    assert (row["on_time"], row["late"], row["open"], row["overdue"]) == (2, 1, 0, 1)
    assert data["totals"]["on_time_rate"] == 66.7  # 2 of 3 closed, half up to one decimal
    login("dangwei")
    ledger = client.get(row["links"]["on_time"]).content.decode()
    assert "事项0" in ledger and "事项1" in ledger and "事项2" not in ledger
    overdue = client.get(row["links"]["overdue"]).content.decode()
    assert "事项3" in overdue and "事项0" not in overdue
    api = client.get(f"/api/v1/collab/meetings/{body.pk}/figures").json()
    assert api["totals"] == {"on_time": 2, "closed": 3, "on_time_rate": 66.7}
    login("zhigong")
    assert client.get(f"/api/v1/collab/meetings/{body.pk}/figures").status_code == 404


def test_a_body_with_no_sessions_held_has_no_chart(client, login, body, session):
    login("dangwei")
    page = client.get(f"/collab/{body.pk}/").content.decode()
    assert 'data-testid="figures"' not in page and "echarts" not in page
    assert meeting_figures(meeting=body)["totals"]["on_time_rate"] is None
