"""Forms of the feed: short on a phone; the services check the rules."""

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.core.forms import FilesField, StyledForm, TextareaField, UnitTreeChoiceField
from apps.core.richtext import RichTextField

from .choices import Audience, PeriodKind, PostKind
from .services import COMMENT_MAX, TITLE_MAX


class UnitSelect(forms.Select):
    """A <select> of units built in one pass: a large company has thousands of units, and the
    per-option templates of Django's Select took most of the form's time."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(v), " selected" if str(v) == selected else "", label)
                for v, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


class UnitChoiceField(UnitTreeChoiceField):
    """Units as an indented tree, so 运行一班 reads as part of 生产部, in a one-pass select."""

    widget = UnitSelect


class PostForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=PostKind.choices,
        widget=forms.RadioSelect,
        initial=PostKind.PROGRESS,
    )
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX)
    body = RichTextField(label=_("正文"))
    unit = UnitChoiceField(queryset=None, label=_("发布单位"), empty_label=None)
    audience = forms.ChoiceField(
        label=_("可见范围"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
        initial=Audience.COMPANY,
    )
    audience_unit = UnitChoiceField(
        queryset=None,
        label=_("可见单位(含下级)"),
        required=False,
        empty_label=_("请选择"),
        help_text=_("选“指定范围”时,只有该单位及下级的职工和干部能看到"),
    )
    period_kind = forms.ChoiceField(
        label=_("计划周期"), choices=[("", _("请选择")), *PeriodKind.choices], required=False
    )
    period_year = forms.IntegerField(
        label=_("年份"), required=False, min_value=2000, max_value=2100
    )
    period_no = forms.IntegerField(
        label=_("季度或月份"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=_("季度填 1–4,月度填 1–12,年度不填"),
    )
    link = forms.ChoiceField(label=_("关联记录(可选)"), required=False)
    images = FilesField(label=_("图片"), accept="image/*", help_text=_("最多 9 张,显示为图集"))
    files = FilesField(
        label=_("附件"),
        accept=".pdf,.docx,.xlsx,.pptx",
        help_text=_("PDF 或 Word / Excel / PowerPoint,最多 10 个"),
    )
    remove = forms.MultipleChoiceField(
        label=_("删除已有附件"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units, link_choices, attachments=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["audience_unit"].queryset = units
        self.fields["link"].choices = [("", _("不关联")), *link_choices]
        self.fields["remove"].choices = [(a.token, a.name) for a in attachments]
        self.fields["period_year"].initial = timezone.localdate().year
        if editing:
            del self.fields["kind"], self.fields["unit"]
        if not attachments:
            del self.fields["remove"]
        if not link_choices:
            del self.fields["link"]


class CurateForm(StyledForm):
    featured = forms.BooleanField(
        label=_("选入优秀案例库(精选)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )
    tags = forms.CharField(
        label=_("标签"),
        required=False,
        max_length=200,
        help_text=_("多个标签用空格或逗号分隔,可选已有标签或输入新标签"),
        widget=forms.TextInput(attrs={"list": "feed-tags"}),
    )

    def clean_tags(self):
        raw = self.cleaned_data["tags"]
        for sep in ",,、;;":
            raw = raw.replace(sep, " ")
        return raw.split()


class CommentForm(StyledForm):
    body = TextareaField(
        label=_("评论"), max_length=COMMENT_MAX, rows=2, placeholder=_("说说你的看法(500 字以内)")
    )
