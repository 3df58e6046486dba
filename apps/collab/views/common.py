"""What every joint-meeting page shares: the area's tabs, the one form page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.forms import form_step
from apps.core.pages import Tab


def tabs(tab: str) -> dict:
    return {
        "tabs": [
            Tab("meetings", _("联席会议"), reverse("collab:meeting_list")),
            Tab("sessions", _("会议记录"), reverse("collab:session_list")),
            Tab("actions", _("督办事项"), reverse("collab:action_list")),
        ],
        "tab": tab,
    }


def form_page(request, form, *, handler, success, title, back, header="", intro="", aliases=None):
    """A short form on `collab/form.html` through the shared form step."""
    return form_step(
        request,
        form,
        handler=handler,
        template="collab/form.html",
        context={"title": title, "back": back, "header": header, "intro": intro},
        success=success,
        aliases=aliases,
    )
