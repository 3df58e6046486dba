"""The rules of publishing, editing, curating, reading and commenting, each refused with a
Chinese message and nothing stored half."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.core.errors import DomainError, Forbidden
from apps.core.models import Attachment, Notification
from apps.feed import selectors, services
from apps.feed.choices import Audience, PostKind
from apps.feed.models import Comment, Post, PostRead, Tag

from .factories import docx_disguised, image, pdf, publish


def refused(code, fn, *args, **kwargs):
    with pytest.raises(DomainError) as e:
        fn(*args, **kwargs)
    assert e.value.code == code, (e.value.code, e.value.message)
    return e.value


# --- publish ----------------------------------------------------------------------------------


def test_publish_company_wide_goes_to_the_company(company):
    post = publish(company)
    assert post.audience == Audience.COMPANY
    assert post.audience_unit == company.units["company"]
    assert post.author_person == company.people["bumen"] and post.author_name == "李明"
    assert post.excerpt == "本周整改隐患 12 项。"


def test_plan_carries_its_period(company):
    post = publish(company, kind=PostKind.PLAN)
    assert (post.period_kind, post.period_start, post.period_end) == (
        "quarter",
        date(2025, 4, 1),
        date(2025, 6, 30),
    )
    assert post.period_label == "2025年第2季度"
    month = publish(company, kind=PostKind.PLAN, period_kind="month", period_no=2)
    assert (month.period_start, month.period_end) == (date(2025, 2, 1), date(2025, 2, 28))
    refused("period_required", publish, company, kind=PostKind.PLAN, period_kind="")
    refused("bad_period", publish, company, kind=PostKind.PLAN, period_no=5)
    refused("bad_year", publish, company, kind=PostKind.PLAN, period_year=1900)


def test_only_cadres_of_the_unit_or_above_publish(company):
    e = refused("unit_not_held", publish, company, by="zhigong")
    assert "没有干部角色" in str(e.message)
    refused("unit_not_held", publish, company, by="bumen", unit="tech")
    assert publish(company, by="bumen", unit="team1").unit == company.units["team1"]
    # A branch reaches the department it is built on (支部建在部门上).
    assert publish(company, by="shuji", unit="prod")
    assert not Post.objects.filter(unit=company.units["tech"]).exists()


def test_scope_must_be_held(company):
    e = refused("scope_not_held", publish, company, by="bumen", audience="tech")
    assert "技术部" in str(e.message) and e.field == "audience_unit"
    refused("scope_not_held", publish, company, by="shuji", audience="gb")
    refused(
        "audience_required",
        services.post_publish,
        actor=company.users["bumen"],
        kind=PostKind.PROGRESS,
        title="t",
        body="<p>b</p>",
        unit=company.units["prod"],
        audience=Audience.SCOPE,
    )
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "   "}, "required"),
        ({"title": "长" * 121}, "too_long"),
        ({"body": ""}, "required"),
        ({"body": "<p> </p><div><br></div>"}, "required"),
        ({"body": "<script>alert(1)</script>"}, "required"),
        ({"kind": "news"}, "bad_kind"),
    ],
)
def test_empty_or_bad_input_is_refused(company, fields, code):
    refused(code, publish, company, **fields)
    assert not Post.objects.exists()


def test_rich_text_is_stored_sanitized(company):
    post = publish(
        company,
        body='<p onclick="steal()">好<img src="x" onerror="alert(1)"></p>'
        '<script>alert(2)</script><a href="javascript:alert(3)">链接</a><strong>保留</strong>',
    )
    post.refresh_from_db()
    for bad in ("onclick", "onerror", "<script", "javascript:", "alert(2)"):
        assert bad not in post.body
    assert "<strong>保留</strong>" in post.body


def test_files_are_checked_before_anything_is_stored(company):
    e = refused("upload_disguised", publish, company, files=[docx_disguised()])
    assert e.field == "files" and "report.docx" in str(e.message)
    refused("upload_type", publish, company, images=[pdf("a.pdf")])
    exe = SimpleUploadedFile("photo.png", b"MZ\x90\x00" + b"\x00" * 200)
    refused("upload_disguised", publish, company, images=[exe])
    refused("too_many_files", publish, company, images=[image(f"{i}.png") for i in range(10)])
    with override_settings(UPLOAD_MAX_BYTES=10):
        refused("upload_size", publish, company, files=[pdf()])
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_images_and_files_are_attached(company):
    post = publish(company, images=[image("a.png"), image("b.png")], files=[pdf()])
    atts = selectors.attachments_of(post)
    assert [a.name for a in atts] == ["a.png", "b.png", "plan.pdf"]
    assert post.cover == atts[0].token


# --- edit and delete --------------------------------------------------------------------------


def test_edit_is_audited_and_marked(company):
    post = publish(company, images=[image("a.png")])
    old = selectors.attachments_of(post)[0].token
    services.post_update(
        actor=company.users["shuji"],
        post=post,
        title="新标题",
        body="<p>新内容</p>",
        audience=Audience.SCOPE,
        audience_unit=company.units["prod"],
        files=[pdf()],
        remove=[old],
    )
    post.refresh_from_db()
    assert post.title == "新标题" and post.edited_at is not None
    assert post.audience_unit == company.units["prod"]
    assert [a.name for a in selectors.attachments_of(post)] == ["plan.pdf"]
    assert post.cover == ""
    entry = LogEntry.objects.get_for_object(post).filter(action=LogEntry.Action.UPDATE).first()
    assert entry is not None and "title" in entry.changes_dict


def test_edit_and_delete_refused_to_others(company):
    post = publish(company)
    for username in ("zhigong", "tech_shuji", "norole"):
        with pytest.raises(Forbidden):
            services.post_update(
                actor=company.users[username],
                post=post,
                title="x",
                body="<p>x</p>",
                audience=Audience.COMPANY,
            )
        with pytest.raises(Forbidden):
            services.post_delete(actor=company.users[username], post=post)
    post.refresh_from_db()
    assert post.title.startswith("生产部") and post.deleted_at is None


def test_edit_keeps_plan_period_rules(company):
    post = publish(company, kind=PostKind.PLAN)
    refused(
        "period_required",
        services.post_update,
        actor=company.users["bumen"],
        post=post,
        title="t",
        body="<p>b</p>",
        audience=Audience.COMPANY,
    )
    services.post_update(
        actor=company.users["bumen"],
        post=post,
        title="t",
        body="<p>b</p>",
        audience=Audience.COMPANY,
        period_kind="year",
        period_year=2026,
    )
    post.refresh_from_db()
    assert (post.period_start, post.period_end) == (date(2026, 1, 1), date(2026, 12, 31))


# --- curate -----------------------------------------------------------------------------------


def test_party_office_features_and_tags_cases(company, django_capture_on_commit_callbacks):
    case = publish(company, kind=PostKind.CASE)
    Tag.objects.create(name="党员先锋岗")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_curate(
            actor=company.users["dangwei"], post=case, featured=True, tags=["党员先锋岗", "#责任区"]
        )
    case.refresh_from_db()
    assert case.featured and case.featured_by == company.users["dangwei"]
    assert sorted(t.name for t in case.tags.all()) == ["党员先锋岗", "责任区"]
    assert Tag.objects.count() == 2
    note = Notification.objects.get(user=company.users["bumen"])
    assert "优秀案例库" in note.title
    services.post_curate(actor=company.users["dangwei"], post=case, featured=False, tags=[])
    case.refresh_from_db()
    assert not case.featured and case.featured_at is None and not case.tags.exists()


def test_curating_refused(company):
    case = publish(company, kind=PostKind.CASE)
    for username in ("bumen", "shuji", "zhigong"):
        with pytest.raises(Forbidden):
            services.post_curate(actor=company.users[username], post=case, featured=True)
    progress = publish(company)
    refused(
        "not_a_case",
        services.post_curate,
        actor=company.users["dangwei"],
        post=progress,
        featured=True,
    )
    refused(
        "tag_too_long",
        services.post_curate,
        actor=company.users["dangwei"],
        post=case,
        featured=True,
        tags=["长" * 21],
    )
    refused(
        "too_many_tags",
        services.post_curate,
        actor=company.users["dangwei"],
        post=case,
        featured=True,
        tags=[f"标签{i}" for i in range(9)],
    )
    case.refresh_from_db()
    assert not case.featured and not Tag.objects.exists()


# --- reads and comments -----------------------------------------------------------------------


def test_read_counts_distinct_readers_once(company):
    post = publish(company)
    for username in ("zhigong", "zhigong", "norole", "zhigong", "bumen", "shuji"):
        services.post_read(user=company.users[username], post=post)
    post.refresh_from_db()
    # 李明 (bumen) wrote it: his own reading does not count.
    assert post.read_count == 3 == PostRead.objects.filter(post=post).count()
    assert not PostRead.objects.filter(user=company.users["bumen"]).exists()


def test_re_reading_writes_nothing(company, django_assert_num_queries):
    post = publish(company)
    services.post_read(user=company.users["zhigong"], post=post)
    with django_assert_num_queries(1):
        assert services.post_read(user=company.users["zhigong"], post=post) is False


def test_comments_add_and_remove(company, django_capture_on_commit_callbacks):
    post = publish(company)
    with django_capture_on_commit_callbacks(execute=True):
        c = services.comment_add(actor=company.users["zhigong"], post=post, body="  学习了  ")
    assert c.body == "学习了" and c.author_name == "张伟"
    assert Notification.objects.filter(user=company.users["bumen"]).count() == 1
    refused("required", services.comment_add, actor=company.users["zhigong"], post=post, body=" ")
    refused(
        "too_long",
        services.comment_add,
        actor=company.users["zhigong"],
        post=post,
        body="长" * 501,
    )
    other = services.comment_add(actor=company.users["norole"], post=post, body="好")
    post.refresh_from_db()
    assert post.comment_count == 2
    # Not the writer, not the post's author, not an admin.
    with pytest.raises(Forbidden):
        services.comment_remove(actor=company.users["zhigong"], comment=other)
    services.comment_remove(actor=company.users["norole"], comment=other)  # the writer
    services.comment_remove(actor=company.users["bumen"], comment=c)  # the post's author
    post.refresh_from_db()
    assert post.comment_count == 0 and not Comment.objects.filter(post=post).exists()
    removed = Comment.all_objects.get(pk=c.pk)
    assert removed.deleted_at is not None and removed.removed_by == company.users["bumen"]


def test_admin_removes_any_comment(company):
    post = publish(company)
    c = services.comment_add(actor=company.users["zhigong"], post=post, body="广告")
    services.comment_remove(actor=company.users["dangwei"], comment=c)
    assert not Comment.objects.filter(pk=c.pk).exists()
