"""Strip metadata from an anonymous submitter's photos: EXIF/XMP in a JPEG (camera serial, GPS
position, owner name) and text/EXIF chunks in a PNG can say who took the picture and where.

Only the container is rewritten; the image data is copied byte for byte (no re-encoding, so no
imaging library is needed). Other types are returned unchanged."""

import struct
import zlib
from pathlib import PurePath

from django.core.files.uploadedfile import SimpleUploadedFile

# APP1..APP15 (EXIF, XMP, vendor data) and comments; APP0 (JFIF) stays, it describes the image.
JPEG_DROP = set(range(0xE1, 0xF0)) | {0xFE}
PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _jpeg(data: bytes) -> bytes | None:
    if data[:2] != b"\xff\xd8":
        return None
    out, i = bytearray(b"\xff\xd8"), 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[i:]
            return bytes(out)
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        segment = data[i : i + 2 + length]
        if marker not in JPEG_DROP:
            out += segment
        i += 2 + length
    return None


def _png(data: bytes) -> bytes | None:
    if not data.startswith(PNG_SIGNATURE):
        return None
    out, i = bytearray(PNG_SIGNATURE), len(PNG_SIGNATURE)
    while i + 12 <= len(data):
        length = struct.unpack(">I", data[i : i + 4])[0]
        kind = data[i + 4 : i + 8]
        chunk = data[i : i + 12 + length]
        crc = struct.unpack(">I", chunk[-4:])[0] if len(chunk) == 12 + length else None
        if crc is None or zlib.crc32(chunk[4:-4]) != crc:
            return None
        if kind not in PNG_DROP:
            out += chunk
        i += 12 + length
        if kind == b"IEND":
            return bytes(out)
    return None


def scrubbed(upload):
    """The upload without identifying metadata (JPEG, PNG); anything else as it was."""
    ext = PurePath(upload.name or "").suffix.lower()
    strip = {".jpg": _jpeg, ".jpeg": _jpeg, ".png": _png}.get(ext)
    if strip is None:
        return upload
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    clean = strip(data)
    if clean is None or clean == data:
        return upload
    return SimpleUploadedFile(upload.name, clean, content_type=upload.content_type)
