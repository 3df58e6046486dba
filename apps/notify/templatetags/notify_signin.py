"""The login page's sign-in buttons: one per channel the admin set for login; inside a vendor's
app, a silent redirect to that vendor (`?password=1` keeps the password form)."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from apps.notify import signin

register = template.Library()


@register.inclusion_tag("notify/signin_buttons.html", takes_context=True)
def signin_buttons(context, next_url=""):
    request = context["request"]
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    buttons = [
        (c, reverse("notify:signin_start", args=[c.code]) + query) for c in signin.signin_channels()
    ]
    app = signin.app_of(request.headers.get("User-Agent", ""))
    silent = "" if "password" in request.GET else next((u for c, u in buttons if c.code == app), "")
    return {"buttons": buttons, "silent": silent}
