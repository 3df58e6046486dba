"""The one Excel ledger: streamed, in the given columns, and refused past the row limit with a
message that sends the user back to narrow the filters."""

import io

import openpyxl
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from apps.core import exports
from apps.orgs.models import OrgUnit


def _request():
    request = RequestFactory().get("/x/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


COLUMNS = [("单位", lambda u, now: u.name), ("层级", lambda u, now: u.depth)]


def test_rows_stream_in_the_declared_columns(company):
    qs = OrgUnit.objects.filter(depth=1).order_by("path")
    r = exports.ledger_response(_request(), qs, columns=COLUMNS, name="单位", back="/x/")
    assert r.streaming and "attachment" in r["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values)
    assert rows[0] == ("单位", "层级") and rows[1] == (company.units["company"].name, 1)


def test_past_the_limit_the_user_is_sent_back_with_a_message(company, monkeypatch):
    monkeypatch.setattr(exports, "MAX_ROWS", 2)
    request = _request()
    r = exports.ledger_response(
        request, OrgUnit.objects.all(), columns=COLUMNS, name="单位", back="/x/?q=1"
    )
    assert r.status_code == 302 and r["Location"] == "/x/?q=1"
    assert "超过 2 条" in str(next(iter(get_messages(request))))
