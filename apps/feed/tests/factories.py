"""Posts for tests, published through the service (so every rule applies)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.feed import services
from apps.feed.choices import Audience, PostKind

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def image(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def docx_disguised(name="report.docx"):
    """A zip that is not a Word document (any zip sniffs alike)."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    return SimpleUploadedFile(name, buf.getvalue())


def publish(company, *, by="bumen", unit="prod", kind=PostKind.PROGRESS, audience=None, **kw):
    """A post of 生产部 by its head (李明), company-wide unless an audience unit is named."""
    fields = {
        "title": "生产部安全生产百日攻坚第3周进展",
        "body": "<p>本周整改隐患 <strong>12</strong> 项。</p>",
        "audience": Audience.COMPANY,
    }
    if audience:
        fields["audience"] = Audience.SCOPE
        fields["audience_unit"] = company.units[audience]
    if kind == PostKind.PLAN:
        fields.update(period_kind="quarter", period_year=2025, period_no=2)
    fields.update(kw)
    return services.post_publish(
        actor=company.users[by], kind=kind, unit=company.units[unit], **fields
    )
