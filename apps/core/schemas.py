"""API shapes every area shares."""

from django.urls import reverse
from ninja import Field, Schema

from .params import Offset


class ErrorOut(Schema):
    """An error answer: `detail` holds the code and the Chinese message."""

    detail: dict


class Ref(Schema):
    """A linked record: its id and display name."""

    id: int
    name: str


class FileOut(Schema):
    """An attached file: its name, size in bytes and the permission-checked download URL."""

    name: str
    size: int
    url: str


def file_out(attachment) -> dict:
    return {
        "name": attachment.name,
        "size": attachment.size,
        "url": reverse("attachment", args=[attachment.token]),
    }


def errors(*statuses: int) -> dict:
    """The error answers an endpoint declares, all `ErrorOut`: `{200: X, **errors(403, 404)}`."""
    return dict.fromkeys(statuses, ErrorOut)


class PageQuery(Schema):
    """The paging of a list endpoint; an area's query schema adds its filters to it."""

    limit: int = Field(50, ge=1, le=500, description="每页条数,1–500")
    offset: Offset = Field(0, description="跳过的条数")
    cursor: str | None = Field(
        None,
        max_length=2000,
        description="上一页答复中的 next_cursor:按键翻页(给出时不看 offset),深页与首页一样快",
    )


class PageOut(Schema):
    """A page of a list; an area's page schema adds `items` (and `counts` where it has them)."""

    count: int
    limit: int
    offset: int
    next_cursor: str | None = Field(
        None, description="下一页的 cursor;没有下一页,或此列表的排序不能按键翻页时为空"
    )


def ref(obj) -> dict | None:
    """A linked record as a `Ref`, None for none: its name, else its title, else its text."""
    if obj is None:
        return None
    name = getattr(obj, "name", None) or getattr(obj, "title", None) or str(obj)
    return {"id": obj.pk, "name": name}
