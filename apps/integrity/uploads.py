"""Uploads to the 纪委 stay in memory (issue 14 §3, decision 0016).

Django spools an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file on disk, in
the clear, before the view sees it: a report's attachment would sit readable in /tmp (and in
any snapshot of it) until the request ends. The report, receipt and receipt-files views swap
in `MemoryOnlyUploadHandler` before the body is parsed, so a file is only ever bytes in the
process, sealed before anything is written.

Memory is bounded: each file keeps at most `limit` bytes (the integrity size limit) and the
request at most `MAX_FILES` files' worth; bytes past a bound are counted, not kept, so the file
still reports its real size and `check_upload` refuses it as too large (or the count check as
too many). Django's docs: `request.upload_handlers` must change before `request.POST` or
`request.FILES` is read, and the CSRF middleware reads `request.POST`, so a page view is
`csrf_exempt` outside and `csrf_protect` inside `memory_uploads`.
"""

from functools import wraps
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.views.decorators.csrf import csrf_exempt, csrf_protect


def file_limit() -> int:
    """The integrity size limit of one file, in bytes."""
    return int(getattr(settings, "INTEGRITY_FILE_MAX_BYTES", settings.UPLOAD_MAX_BYTES))


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Every file into a BytesIO, never to disk; at most `limit` bytes kept per file and
    `total` per request."""

    def __init__(self, request=None, *, limit: int, total: int):
        super().__init__(request)
        self.limit = limit
        self.total = total
        self.kept = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = BytesIO()
        self.file_kept = 0
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        room = min(self.limit + 1 - self.file_kept, self.total + 1 - self.kept)
        if room > 0:
            part = raw_data[:room]
            self.file.write(part)
            self.file_kept += len(part)
            self.kept += len(part)
        return None  # no later handler sees the bytes

    def file_complete(self, file_size):
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,  # the real size: a file cut at the bound is refused as too large
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def use_memory_only(request) -> None:
    from .services import MAX_FILES

    limit = file_limit()
    request.upload_handlers = [
        MemoryOnlyUploadHandler(request, limit=limit, total=limit * MAX_FILES)
    ]


def memory_uploads(view):
    """A page view whose uploads never touch the disk (CSRF still checked, after the swap)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        use_memory_only(request)
        return protected(request, *args, **kwargs)

    return wrapper


def memory_uploads_api(run):
    """The same for a ninja operation (`decorate_view`): before its auth and parsing."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        use_memory_only(request)
        return run(request, *args, **kwargs)

    return wrapper
