"""The shared FilterSet base: a BooleanFilter is an "only …" box, not a 未知/是/否 select."""

import django_filters as df
import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict

from apps.core.filters import StyledFilterSet


class _UserFilter(StyledFilterSet):
    active = df.BooleanFilter(field_name="is_active", label="只看在用")

    class Meta:
        model = get_user_model()
        fields = []


def _filter(query: str):
    return _UserFilter(QueryDict(query) or None, queryset=get_user_model().objects.order_by("pk"))


def test_a_boolean_filter_renders_one_labelled_checkbox():
    html = str(_filter("").form["active"])
    assert 'type="checkbox"' in html
    assert 'name="active" value="true"' in html
    assert 'class="form-check-input"' in html
    assert "只看在用" in html
    assert "<select" not in html and "checked" not in html
    assert "checked" in str(_filter("active=true").form["active"])


@pytest.mark.django_db
def test_ticked_filters_and_unticked_does_not():
    users = get_user_model().objects
    on = users.create_user(username="on", password="x")
    off = users.create_user(username="off", password="x", is_active=False)
    assert list(_filter("active=true").qs) == [on]
    assert list(_filter("").qs) == [on, off]
    assert list(_filter("active=").qs) == [on, off]
    # A link's false still reads as the select read it.
    assert list(_filter("active=false").qs) == [off]
