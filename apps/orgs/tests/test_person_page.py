"""The person's page shows the 高技能人才库 entry where decisions about the person are made, from
whatever area registered the lookup (apps.core.talentpool), and nothing when there is none."""

from apps.core import talentpool


def test_a_pool_member_is_marked_on_the_person_page(client, login, company):
    person = company.people["zhigong"]
    previous = talentpool._lookup
    talentpool.register(
        lambda ids, *, on: (
            {person.pk: talentpool.PoolMark("技师", "2025年职工职业技能竞赛 电工 二等奖")}
            if person.pk in ids
            else {}
        )
    )
    try:
        login("dangwei")
        html = client.get(f"/orgs/people/{person.pk}/").content.decode()
        assert 'data-testid="talent-pool"' in html
        assert "技师" in html and "电工 二等奖" in html
        other = company.people["bumen"]
        html = client.get(f"/orgs/people/{other.pk}/").content.decode()
        assert 'data-testid="talent-pool"' not in html
    finally:
        talentpool._lookup = previous
