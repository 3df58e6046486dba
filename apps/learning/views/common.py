"""What every learning page shares: the tab bar, the management-pages gate and the one form
page."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.forms import form_step
from apps.core.pages import Tab

from ..permissions import is_cadre


def cadre_only(user) -> None:
    """Management pages do not exist for employees (404, like any page out of scope)."""
    if not is_cadre(user):
        raise Http404


def tabs(user) -> list[Tab]:
    """The area's tab bar: a learner's pages, and the cadres' management pages."""
    rows = [
        Tab("home", _("我的学习"), reverse("learning:home")),
        Tab("courses", _("课程"), reverse("learning:course_list")),
        Tab("quizzes", _("测验竞赛"), reverse("learning:quiz_list")),
        Tab("essays", _("征文"), reverse("learning:essay_list")),
        Tab("hours", _("我的学时"), reverse("learning:hours")),
    ]
    if is_cadre(user):
        rows += [
            Tab("assignments", _("必修安排"), reverse("learning:assignment_list")),
            Tab("banks", _("题库"), reverse("learning:bank_list")),
            Tab("summary", _("学习汇总"), reverse("learning:summary")),
        ]
    return rows


def form_page(request, form, *, handler, title, success=None, back=None, multipart=False):
    """A short form on `learning/form.html` through the shared form step; `back` is the record
    the page returns to, `multipart` for a form with files."""
    return form_step(
        request,
        form,
        handler=handler,
        template="learning/form.html",
        context={"title": title, "back": back, "multipart": multipart},
        success=success,
    )
