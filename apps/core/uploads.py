"""Upload checks: size, and content that matches the name (a renamed .exe is not a .pdf)."""

import os
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import DomainError

# extension -> the MIME types its content may sniff as
KINDS: dict[str, dict[str, set[str]]] = {
    "image": {
        ".jpg": {"image/jpeg"},
        ".jpeg": {"image/jpeg"},
        ".png": {"image/png"},
        ".gif": {"image/gif"},
        ".webp": {"image/webp"},
    },
    "pdf": {".pdf": {"application/pdf"}},
    "office": {
        ".docx": {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/zip",
        },
        ".xlsx": {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/zip",
        },
        ".pptx": {
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/zip",
        },
    },
    "spreadsheet": {
        ".xlsx": {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/zip",
        },
    },
    "video": {".mp4": {"video/mp4"}, ".webm": {"video/webm"}},
}
DEFAULT_KINDS = {"image", "pdf", "office", "video"}
# An Office file is a zip; only these parts make it the document its name says.
OOXML_PART = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}


@dataclass(frozen=True)
class UploadInfo:
    extension: str
    mime: str


def check_upload(
    upload,
    *,
    kinds: set[str] | None = None,
    max_bytes: int | None = None,
    field: str | None = None,
    named: bool = False,
) -> UploadInfo:
    """Refuse an empty, oversized, unlisted or disguised file with a clear Chinese message, on
    the form's `field` that took it (and, `named`, starting with the file's name)."""

    def refuse(code: str, message) -> DomainError:
        return DomainError(code, f"{upload.name}:{message}" if named else message, field=field)

    allowed: dict[str, set[str]] = {}
    for kind in kinds or DEFAULT_KINDS:
        allowed.update(KINDS[kind])
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    ext = PurePath(upload.name or "").suffix.lower()
    if ext not in allowed:
        raise refuse(
            "upload_type",
            _("不支持的文件类型“%(ext)s”,请上传:%(allowed)s。")
            % {"ext": ext or _("无扩展名"), "allowed": "、".join(sorted(allowed))},
        )
    if not upload.size:
        raise refuse("upload_empty", _("文件是空的,请重新选择。"))
    if upload.size > limit:
        raise refuse(
            "upload_size",
            _("文件过大(%(size).1f MB),上限为 %(limit)d MB。")
            % {"size": upload.size / 1048576, "limit": limit // 1048576},
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed[ext] or not _ooxml_ok(upload, ext):
        raise refuse(
            "upload_disguised",
            _("文件内容与扩展名“%(ext)s”不符,可能已损坏或被改名,请检查后重新上传。") % {"ext": ext},
        )
    return UploadInfo(extension=ext, mime=kind.mime)


def _ooxml_ok(upload, ext: str) -> bool:
    """A .docx/.xlsx/.pptx must be a readable zip holding its main part (any zip sniffs alike)."""
    part = OOXML_PART.get(ext)
    if part is None:
        return True
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return part in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def neutral_mtime(field_file, when) -> None:
    """Set a stored file's access and modification times to `when`; storages without local
    paths (object stores) keep their own stamps and are left alone."""
    try:
        path = field_file.path
    except NotImplementedError:
        return
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


def check_uploads(
    uploads,
    *,
    field: str,
    most: int,
    too_many,
    kinds: set[str] | None = None,
    existing: int = 0,
    named: bool = False,
) -> list:
    """A form field's files: the empty ones dropped, at most `most` with the `existing` ones
    (else the area's `too_many` code, given `n`), each through check_upload; a refusal is on
    `field` (and, `named`, starts with the file's name)."""
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) + existing > most:
        raise too_many(field=field, n=most)
    for upload in uploads:
        check_upload(upload, kinds=kinds, field=field, named=named)
    return uploads
