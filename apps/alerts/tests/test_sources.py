from datetime import date

from apps.core import texts


def test_every_area_registers_a_source_that_answers_without_who(db):
    assert {s.code for s in texts.sources()} == {"appeals", "suggestions", "talks", "surveys"}
    for s in texts.sources():
        assert s.fn(start=date(2026, 1, 1), end=date(2026, 12, 31)) == []
        assert s.link(1, date(2026, 1, 5), date(2026, 1, 11), "夜班津贴").startswith("/")
