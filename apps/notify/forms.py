"""送达's forms: a channel's settings (built from its adapter's fields), the test message, the
company's rules and a person's preferences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm, TextareaField

from . import kinds


class KindBoxes(forms.CheckboxSelectMultiple):
    """Tick boxes in columns under their label: the shared field template lays out a widget
    whose `input_type` is "checkbox" as one tick box, so the group says "multiple"."""

    template_name = "notify/widgets/kind_boxes.html"
    input_type = "multiple"


class ChannelForm(StyledForm):
    """The adapter's plain fields show their values; a credential never does: its box is empty,
    its help says whether one is stored, and a blank box keeps it."""

    enabled = forms.BooleanField(label=_("启用该渠道"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("承载的通知类别"), choices=kinds.CHOICES, required=False, widget=KindBoxes()
    )

    def __init__(self, *args, adapter, channel, **kwargs):
        initial = {"enabled": channel.enabled, "kinds": channel.kinds}
        initial |= {f.name: channel.config.get(f.name, f.default) for f in adapter.fields}
        super().__init__(*args, initial=initial, **kwargs)
        for f in adapter.fields:
            field = (
                TextareaField(rows=3)
                if f.name in ("body_template", "headers")
                else forms.CharField()
            )
            field.label, field.help_text, field.required = f.label, f.help, False
            self.fields[f.name] = field
        stored = channel.secret_values()
        for f in adapter.secret_fields:
            self.fields[f.name] = forms.CharField(
                label=f.label,
                required=False,
                widget=forms.PasswordInput(
                    render_value=False, attrs={"autocomplete": "new-password"}
                ),
                help_text=_("已设置;留空则保留原值") if stored.get(f.name) else _("未设置"),
            )
        self.style_fields()


class ChannelTestForm(StyledForm):
    recipient = forms.CharField(
        label=_("接收账号"),
        max_length=100,
        help_text=_("企业微信、钉钉、飞书填成员账号,邮件填地址,短信填手机号"),
    )


class PolicyForm(StyledForm):
    site_url = forms.CharField(
        label=_("站点地址"),
        required=False,
        help_text=_("例如 https://dangqun.example.com;消息中的链接以此开头,手机上点开即进入记录"),
    )
    urgent_kinds = forms.MultipleChoiceField(
        label=_("强制送达的类别"),
        choices=kinds.CHOICES,
        required=False,
        widget=KindBoxes(),
        help_text=_("这些类别不受个人关闭、免打扰和每日汇总影响,立即发送"),
    )
    digest_hour = forms.IntegerField(label=_("每日汇总时间(时)"), min_value=0, max_value=23)
    max_attempts = forms.IntegerField(label=_("最多尝试次数"), min_value=1, max_value=10)


class PreferenceForm(StyledForm):
    """One box per (kind, channel) the company routes; an urgent kind's box is fixed on."""

    digest = forms.BooleanField(
        label=_("非紧急通知每日汇总一次"),
        required=False,
        help_text=_("减少打扰:非紧急通知在每天汇总时间合并为一条发送"),
    )
    quiet_from = forms.TimeField(
        label=_("免打扰开始"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_to = forms.TimeField(
        label=_("免打扰结束"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args, grid, pref, **kwargs):
        initial = {"digest": pref.digest, "quiet_from": pref.quiet_from, "quiet_to": pref.quiet_to}
        super().__init__(*args, initial=initial, **kwargs)
        self.grid = grid
        for row in grid:
            for cell in row["cells"]:
                self.fields[cell["name"]] = forms.BooleanField(
                    label=f"{row['label']} · {cell['label']}",
                    required=False,
                    initial=cell["on"],
                    disabled=row["urgent"],
                )
        self.style_fields()

    def rows(self) -> list[dict]:
        """The grid with each box's bound field, for the template."""
        return [
            {**row, "cells": [{**c, "field": self[c["name"]]} for c in row["cells"]]}
            for row in self.grid
        ]

    def muted(self) -> list[str]:
        return [
            cell["pair"]
            for row in self.grid
            if not row["urgent"]
            for cell in row["cells"]
            if not self.cleaned_data.get(cell["name"])
        ]
