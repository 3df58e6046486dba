"""Kinds of notification, told from what every area already writes (the link and the dedupe
key), so that no area changes to be routed: the link's URL namespace names the area; the
督办 pass's keys name a reminder or an escalation; a hazard's link whose record is 重大 is
`hazard_major`. Unknown links are `other`."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: object
    urgent: bool = False  # urgent by default in the company's rules


KINDS = [
    Kind("escalation", _("逾期督办升级"), urgent=True),
    Kind("hazard_major", _("重大隐患"), urgent=True),
    Kind("supervision", _("督办提醒与催办")),
    Kind("appeals", _("急难愁盼")),
    Kind("suggestions", _("合理化建议")),
    Kind("hazards", _("隐患排查")),
    Kind("meetings", _("组织生活")),
    Kind("learning", _("学习教育")),
    Kind("standards", _("支部标准化")),
    Kind("collab", _("联席会议")),
    Kind("projects", _("项目化管理")),
    Kind("feed", _("工作动态")),
    Kind("surveys", _("问卷调查")),
    Kind("kpi", _("量化考核")),
    Kind("other", _("其他通知")),
]
BY_CODE = {k.code: k for k in KINDS}
CHOICES = [(k.code, k.label) for k in KINDS]
URGENT_DEFAULT = [k.code for k in KINDS if k.urgent]
DIGEST = "digest"  # the kind of a daily digest message itself

# apps.supervision's pass: sv:<item>:<level>:<due>, levels 2 and 3 escalated; sv:<item>:remind:<day>
_ESCALATION = re.compile(r"^sv:\d+:[23]:")
_SUPERVISION = re.compile(r"^sv:\d+:(1|remind):")


def label(code: str):
    return BY_CODE[code].label if code in BY_CODE else _("每日汇总")


def _route(url: str):
    try:
        return resolve(urlsplit(url).path)
    except Resolver404:
        return None


def classify(notifications) -> dict[int, str]:
    """The kind of each notification (by pk), with one query for all the hazards they link to."""
    kinds, hazards = {}, {}
    for n in notifications:
        if _ESCALATION.match(n.dedupe_key):
            kinds[n.pk] = "escalation"
            continue
        match = _route(n.url) if n.url else None
        namespace = match.namespace if match else ""
        if _SUPERVISION.match(n.dedupe_key) or namespace == "supervision":
            kinds[n.pk] = "supervision"
        elif namespace in BY_CODE:
            kinds[n.pk] = namespace
            if namespace == "hazards" and match.url_name == "detail":
                hazards[n.pk] = match.kwargs.get("pk")
        else:
            kinds[n.pk] = "other"
    if hazards and apps.is_installed("apps.hazards"):
        # The hazards app is read by its model's label (decision 0009): its level, nothing else.
        hazard = apps.get_model("hazards", "Hazard")
        major = set(
            hazard.objects.filter(pk__in=set(hazards.values()), level="major").values_list(
                "pk", flat=True
            )
        )
        kinds.update({pk: "hazard_major" for pk, h in hazards.items() if h in major})
    return kinds
