"""Full-text search (decision 0011): segmentation, ranking, 工号/编号 prefixes, scope, the index
kept on save and delete, the lists' `q` on page and API. Runs on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from apps.appeals.models import Appeal
from apps.appeals.tests.factories import submit
from apps.core import search
from apps.core.models import SearchEntry
from apps.hazards.models import Hazard
from apps.hazards.tests.factories import make_hazard
from apps.orgs.models import Person

pytestmark = pytest.mark.django_db


def found(qs, text):
    return list(search.apply(qs, text).values_list("pk", flat=True))


def test_chinese_text_is_segmented_into_whole_words():
    terms = search.index_terms("职工食堂饭菜太咸")
    assert "食堂" in terms and "职工" in terms
    assert search.query_terms("食堂") == [("食堂", False)]
    # a domain word of the alerts dictionary stays whole
    assert ("高温补贴", False) in search.query_terms("高温补贴没发")


def test_numbers_and_employee_numbers_are_prefix_tokens():
    assert "sq2026000123" in search.index_terms("SQ2026-000123 食堂")
    assert search.query_terms("SQ2026-0001") == [("sq20260001", True)]
    assert search.query_terms("  ,。 ") == []


def test_shitang_finds_the_canteen_appeal_and_not_the_others(company):
    canteen, _ = submit(company, title="职工食堂饭菜太咸", description="希望少放盐。")
    other, _ = submit(company, title="宿舍空调坏了", description="三楼空调不制冷。")
    base = Appeal.objects.visible_to(company.users["dangwei"])
    assert found(base, "食堂") == [canteen.pk]
    assert found(base, "空调") == [other.pk]
    assert found(base, "食堂 空调") == []  # every word must be there
    assert found(base, "盐") == []  # whole words: a character inside 少放盐 is not a word


def test_best_matches_come_first(company):
    once, _ = submit(company, title="宿舍热水问题", description="楼下食堂旁边的热水房坏了。")
    title, _ = submit(company, title="食堂饭菜太咸", description="食堂的菜天天都很咸,食堂要改进。")
    base = Appeal.objects.visible_to(company.users["dangwei"])
    assert found(base, "食堂") == [title.pk, once.pk]


def test_ledger_number_and_employee_number_match_by_prefix(company):
    appeal, _ = submit(company, title="食堂晚班没有热饭")
    base = Appeal.objects.visible_to(company.users["dangwei"])
    assert found(base, appeal.number) == [appeal.pk]
    assert found(base, appeal.number[:-2]) == [appeal.pk]
    people = Person.objects.all()
    assert found(people, "1000") and set(found(people, "1000")) == set(
        Person.objects.filter(employee_no__startswith="1000").values_list("pk", flat=True)
    )
    zhang = company.people["zhigong"]  # 张伟, 10003
    assert found(people, "10003") == [zhang.pk]
    assert zhang.pk in found(people, "张")  # a surname alone finds the name
    assert found(people, "张伟") == [zhang.pk]


def test_results_pass_through_scope(company):
    mine, _ = submit(company, title="食堂窗口太少")  # 张伟, 生产部
    hazard = make_hazard(company, place="食堂后厨", description="燃气管道老化")
    outsider = company.users["tech_shuji"]  # another branch: sees neither
    assert found(Appeal.objects.visible_to(outsider), "食堂") == []
    assert found(Hazard.objects.visible_to(outsider), "食堂") == []
    assert found(Appeal.objects.visible_to(company.users["zhigong"]), "食堂") == [mine.pk]
    assert found(Hazard.objects.visible_to(company.users["dangwei"]), "后厨") == [hazard.pk]
    assert found(Hazard.objects.visible_to(company.users["dangwei"]), hazard.number) == [hazard.pk]


def test_index_follows_save_soft_delete_and_delete(company):
    hazard = make_hazard(company, place="二号仓库", description="消防通道堵塞")
    base = Hazard.objects.all()
    assert found(base, "仓库") == [hazard.pk]
    hazard.description = "灭火器过期"
    hazard.save()
    assert found(base, "灭火器") == [hazard.pk] and found(base, "消防") == []
    hazard.soft_delete()
    assert not SearchEntry.objects.filter(kind="hazards.hazard", object_id=hazard.pk).exists()
    hazard.deleted_at = None
    hazard.save()
    assert found(base, "灭火器") == [hazard.pk]
    pk = hazard.pk
    hazard.delete()
    assert not SearchEntry.objects.filter(kind="hazards.hazard", object_id=pk).exists()


def test_a_save_that_does_not_touch_the_text_is_not_reindexed(company):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hazard = make_hazard(company)
    with CaptureQueriesContext(connection) as ctx:
        hazard.save(update_fields=["level"])
    assert ctx.captured_queries
    assert not [q for q in ctx.captured_queries if "core_searchentry" in q["sql"]]


def test_reindex_rebuilds_rows_written_in_bulk(company):
    make_hazard(company)  # the index is not empty: no fallback to "contains"
    Hazard.objects.bulk_create(
        [
            Hazard(
                place="三号皮带廊",
                description="照明不足",
                unit=company.units["team1"],
                reporter=company.people["zhigong"],
                reported_by=company.users["zhigong"],
            )
        ]
    )
    base = Hazard.objects.all()
    assert found(base, "皮带廊") == []
    counts = search.reindex(["hazards.hazard"])
    assert counts["hazards.hazard"] == 2
    assert len(found(base, "照明")) == 1


def test_empty_index_falls_back_to_contains(company):
    make_hazard(company, place="配电室", description="门锁损坏")
    SearchEntry.objects.all().delete()
    assert len(found(Hazard.objects.all(), "电室")) == 1


def test_search_result_works_as_a_subquery_and_a_count(company):
    canteen, _ = submit(company, title="职工食堂饭菜太咸")
    hits = search.apply(Appeal.objects.visible_to(company.users["dangwei"]), "食堂")
    assert hits.count() == 1
    outer = Appeal.objects.filter(pk__in=hits.values("pk"))
    assert list(outer.values_list("pk", flat=True)) == [canteen.pk]


def test_the_page_loads_its_rows_without_matching_again(company):
    from apps.core.pagination import paginate

    canteen, _ = submit(company, title="职工食堂饭菜太咸")
    hits = search.apply(Appeal.objects.visible_to(company.users["dangwei"]), "食堂")
    assert "search_hits" not in str(search.unranked(hits).query)
    page = paginate(hits, 1)
    assert [a.pk for a in page.object_list] == [canteen.pk]


def test_appeals_page_and_api_search(client, login, company):
    canteen, _ = submit(company, title="职工食堂饭菜太咸")
    submit(company, title="宿舍空调坏了", description="三楼空调不制冷。")
    login("dangwei")
    page = client.get(reverse("appeals:list"), {"q": "食堂"})
    assert page.status_code == 200
    assert "职工食堂饭菜太咸" in page.text and "宿舍空调坏了" not in page.text
    api = client.get("/api/v1/appeals", {"q": "食堂"})
    assert api.status_code == 200
    assert [row["id"] for row in api.json()["items"]] == [canteen.pk]
    assert api.json()["count"] == 1


def test_lists_search_through_the_index(client, login, company):
    login("dangwei")
    make_hazard(company, place="食堂后厨", description="燃气管道老化")
    make_hazard(company, place="配电室", description="门锁损坏")
    rows = client.get("/api/v1/hazards/items", {"q": "燃气"}).json()["items"]
    assert [r["place"] for r in rows] == ["食堂后厨"]
    people = client.get("/api/v1/orgs/people", {"q": "10003"}).json()["items"]
    assert [p["employee_no"] for p in people] == ["10003"]


def test_searched_lists_cost_a_fixed_number_of_queries(client, login, company):
    """No query per row: the searched pages and endpoints cost the same at 2 rows and at 8."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = ("/appeals/", "/api/v1/appeals", "/hazards/", "/api/v1/hazards/items")

    def costs():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, {"q": "食堂"})
            assert response.status_code == 200, url
            out.append(len(ctx.captured_queries))
        return out

    def add(n):
        for i in range(n):
            submit(company, title=f"食堂第{i}号窗口排队太久")
            make_hazard(company, place=f"食堂{i}号仓库", description="燃气管道老化")

    login("dangwei")
    add(2)
    few = costs()
    add(6)
    many = costs()
    assert many == few and max(many) <= 30, (few, many)


def test_reindex_command(company):
    from io import StringIO

    from django.core.management import CommandError, call_command

    make_hazard(company, place="四号泵房", description="地面积水")
    SearchEntry.objects.filter(kind="hazards.hazard").delete()
    out = StringIO()
    call_command("search_reindex", "hazards.hazard", stdout=out)
    assert "hazards.hazard:1 条" in out.getvalue()
    assert len(found(Hazard.objects.all(), "泵房")) == 1
    with pytest.raises(CommandError, match="未知的检索类型"):
        call_command("search_reindex", "nope.nothing")
