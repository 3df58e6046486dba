"""What a progress update may link to: a small registry other apps join.

An app allows posts to link to one of its models in its AppConfig.ready():

    from apps.feed import links
    links.register(Project, _("项目"), title=lambda p: p.name)

The post stores a generic link (content type + id). The form offers the records of registered
kinds the author can see (through the model's `visible_to`), and the post page shows the link
only to a reader who can see the record too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType

from .errors import FeedError

CHOICES_PER_KIND = 100  # the newest records of each kind offered in the form


@dataclass(frozen=True)
class LinkKind:
    key: str  # "app_label.model"
    model: type
    label: Any
    title: Callable[[Any], str]
    url: Callable[[Any], str] | None


_kinds: dict[str, LinkKind] = {}


def _key(model) -> str:
    return model._meta.label_lower


def register(model, label, *, title: Callable[[Any], str] = str, url=None) -> None:
    """Allow posts to link to records of `model` (which must have `objects.visible_to`)."""
    if not hasattr(model.objects, "visible_to"):
        raise TypeError(f"{model.__name__} has no objects.visible_to(user)")
    if url is None and hasattr(model, "get_absolute_url"):
        url = model.get_absolute_url
    _kinds[_key(model)] = LinkKind(_key(model), model, label, title, url)


def unregister(model) -> None:
    _kinds.pop(_key(model), None)


def choices(*, user) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per registered kind, the newest records the user can see, as `("key:pk", title)`."""
    groups = []
    for kind in _kinds.values():
        rows = kind.model.objects.visible_to(user).order_by("-pk")[:CHOICES_PER_KIND]
        options = [(f"{kind.key}:{obj.pk}", kind.title(obj)) for obj in rows]
        if options:
            groups.append((str(kind.label), options))
    return groups


def resolve(*, user, value: str):
    """The record a "key:pk" value names, if its kind is registered and the user sees it."""
    key, _sep, pk = (value or "").partition(":")
    kind = _kinds.get(key)
    if kind is None or not pk.isdigit():
        raise FeedError.BAD_LINK(field="link")
    obj = kind.model.objects.visible_to(user).filter(pk=int(pk)).first()
    if obj is None:
        raise FeedError.LINK_NOT_FOUND(field="link")
    return obj


def value_of(post) -> str:
    """The "key:pk" of a post's link (for the edit form), or ""."""
    if post.link_type_id is None:
        return ""
    model = ContentType.objects.get_for_id(post.link_type_id).model_class()
    return f"{_key(model)}:{post.link_id}" if model is not None else ""


def target(*, user, post) -> dict | None:
    """The linked record as the reader may see it: label, title and URL; None when there is no
    link, its kind is no longer registered, or the reader cannot see the record."""
    if post.link_type_id is None:
        return None
    model = ContentType.objects.get_for_id(post.link_type_id).model_class()
    kind = _kinds.get(_key(model)) if model is not None else None
    if kind is None:
        return None
    obj = kind.model.objects.visible_to(user).filter(pk=post.link_id).first()
    if obj is None:
        return None
    return {
        "kind": kind.key,
        "label": str(kind.label),
        "id": obj.pk,
        "title": kind.title(obj),
        "url": kind.url(obj) if kind.url else "",
    }
