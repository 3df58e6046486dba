"""Test helpers for hazards: a safety head, an owner with a login, real and fake images."""

import struct
import zlib
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.hazards.models import Hazard, HazardPolicy
from apps.orgs.models import Person

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def photo(name="site.png", content=None):
    return SimpleUploadedFile(name, content if content is not None else png_bytes(), "image/png")


def local(*args) -> datetime:
    """An aware datetime in Asia/Shanghai."""
    return timezone.make_aware(datetime(*args))


def add_safety_head(company) -> User:
    """孙安, head of 安全部: the safety unit of the test company (named on the policy)."""
    person = Person.objects.create(
        employee_no="10090", name="孙安", gender="M", department=company.units["safety"]
    )
    user = User.objects.create_user(username="anquan", password="x", person=person)
    RoleAssignment.objects.create(
        user=user, role=Role.DEPARTMENT_HEAD, unit=company.units["safety"]
    )
    policy = HazardPolicy.objects.first() or HazardPolicy.objects.create()
    policy.safety_units.add(company.units["safety"])
    company.users["anquan"] = user
    company.people["anquan"] = person
    return user


def add_owner_login(company) -> User:
    """陈静 of 技术部 gets a login with no role: she only sees what is assigned to her."""
    user = User.objects.create_user(
        username="chenjing", password="x", person=company.people["tech_worker"]
    )
    company.users["chenjing"] = user
    return user


def make_hazard(company, **fields) -> Hazard:
    """A hazard straight into the table (for reads and figures), reported by 张伟 in 运行一班."""
    values = {
        "place": "一号厂房配电柜",
        "description": "电缆破损",
        "unit": company.units["team1"],
        "reporter": company.people["zhigong"],
        "reported_by": company.users["zhigong"],
    }
    values.update(fields)
    return Hazard.objects.create(**values)
