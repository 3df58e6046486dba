"""The link registry: a progress update links a record of a registered kind the author can see;
a reader sees the link only if they can see the record. Hazards stand in for projects and
action items, which the integrator registers the same way."""

import pytest

from apps.core.errors import DomainError
from apps.feed import links, services
from apps.feed.choices import PostKind
from apps.hazards.models import Hazard

from .factories import publish


@pytest.fixture
def hazard(company):
    """A hazard of 运行一班: its cadres see it, 技术支部 and the safety worker do not."""
    return Hazard.objects.create(
        place="二号配电柜", description="电缆破损", unit=company.units["team1"]
    )


def test_choices_are_the_records_the_author_sees(company, registered_hazards, hazard):
    groups = links.choices(user=company.users["bumen"])
    assert groups == [("隐患", [(f"hazards.hazard:{hazard.pk}", "二号配电柜")])]
    assert links.choices(user=company.users["tech_shuji"]) == []


def test_link_stored_and_shown_to_those_who_see_the_record(
    client, company, registered_hazards, hazard
):
    post = publish(company, link=f"hazards.hazard:{hazard.pk}")
    assert post.link_id == hazard.pk and post.link_type.model == "hazard"
    target = links.target(user=company.users["shuji"], post=post)
    assert target == {
        "kind": "hazards.hazard",
        "label": "隐患",
        "id": hazard.pk,
        "title": "二号配电柜",
        "url": f"/hazards/{hazard.pk}/",
    }
    # 技术支部 reads the company-wide post but may not see the hazard: no link for them.
    assert links.target(user=company.users["tech_shuji"], post=post) is None
    client.force_login(company.users["tech_shuji"])
    page = client.get(f"/feed/{post.pk}/")
    assert page.status_code == 200 and "二号配电柜" not in page.content.decode()
    assert client.get(f"/api/v1/feed/posts/{post.pk}").json()["link"] is None
    client.force_login(company.users["bumen"])
    page = client.get(f"/feed/{post.pk}/")
    assert 'data-testid="link"' in page.content.decode() and "二号配电柜" in page.content.decode()
    assert client.get(f"/api/v1/feed/posts/{post.pk}").json()["link"]["id"] == hazard.pk


def test_link_refused(company, registered_hazards, hazard):
    with pytest.raises(DomainError) as e:
        publish(company, by="tech_shuji", unit="tech", link=f"hazards.hazard:{hazard.pk}")
    assert e.value.code == "link_not_found"
    with pytest.raises(DomainError) as e:
        publish(company, link="auth.user:1")
    assert e.value.code == "bad_link"
    with pytest.raises(DomainError) as e:
        publish(company, kind=PostKind.CASE, link=f"hazards.hazard:{hazard.pk}")
    assert e.value.code == "link_kind"


def test_unregistered_kind_hides_the_link(company, hazard):
    links.register(Hazard, "隐患")
    post = publish(company, link=f"hazards.hazard:{hazard.pk}")
    links.unregister(Hazard)
    assert links.target(user=company.users["admin"], post=post) is None
    with pytest.raises(DomainError):
        services.post_update(
            actor=company.users["bumen"],
            post=post,
            title="t",
            body="<p>b</p>",
            audience="company",
            link=f"hazards.hazard:{hazard.pk}",
        )


def test_register_needs_visible_to():
    from apps.core.models import Holiday

    with pytest.raises(TypeError):
        links.register(Holiday, "节假日")


def test_form_and_api_offer_the_choices(client, company, registered_hazards, hazard):
    client.force_login(company.users["bumen"])
    html = client.get("/feed/new/").content.decode()
    assert f'value="hazards.hazard:{hazard.pk}"' in html and "二号配电柜" in html
    r = client.get("/api/v1/feed/link-choices")
    assert r.json() == [
        {
            "label": "隐患",
            "options": [{"value": f"hazards.hazard:{hazard.pk}", "title": "二号配电柜"}],
        }
    ]
