"""API shapes every area shares."""

from django.urls import reverse
from ninja import Schema


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
