from apps.feed.choices import PostKind

from .factories import publish


def test_smoke(client, company):
    p = publish(company)
    c = publish(company, kind=PostKind.CASE, audience="prod")
    publish(company, kind=PostKind.PLAN)
    for u in ("admin", "dangwei", "bumen", "zhigong", "norole"):
        client.force_login(company.users[u])
        for url in (
            "/feed/",
            "/feed/cases/",
            f"/feed/{p.pk}/",
            "/feed/?kind=plan&period=2025-Q2",
            "/api/v1/feed/posts",
        ):
            r = client.get(url)
            assert r.status_code == 200, (u, url, r.content[:3000])
    client.force_login(company.users["bumen"])
    for url in ("/feed/new/", f"/feed/{p.pk}/edit/", f"/feed/{c.pk}/delete/"):
        assert client.get(url).status_code == 200, url
    client.force_login(company.users["dangwei"])
    assert client.get(f"/feed/{c.pk}/curate/").status_code == 200
