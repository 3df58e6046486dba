"""The logins of people, as every area's notifications ask for them."""

from apps.accounts.selectors import user_of, users_of


def test_a_person_has_a_login_only_while_it_is_active(company):
    person, user = company.people["bumen"], company.users["bumen"]
    assert user_of(person) == user
    assert user_of(None) is None
    assert user_of(company.people["safety_worker"]) == company.users["norole"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    person.refresh_from_db()
    assert user_of(person) is None


def test_users_of_rows_or_ids_in_one_query(company, django_assert_num_queries):
    p = company.people
    with django_assert_num_queries(1):
        found = users_of([p["bumen"], p["zhigong"].pk, None, p["tech_worker"]])
    assert {u.username for u in found} == {"bumen", "zhigong"}  # 陈静 has no login
    with django_assert_num_queries(0):
        assert users_of([None]) == []
