"""The one supervision view (督办): every item with an owner and a deadline, in the user's scope."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from apps.core.pagination import paginate

from . import selectors
from .filters import KINDS, ItemFilter


@login_required
def item_list(request):
    user = request.user
    base = selectors.item_list(user=user)
    filterset = ItemFilter(request.GET or None, queryset=base, request=request)
    qs = filterset.qs.order_by("closed_at", "due_at", "pk")
    now = timezone.now()
    page = paginate(qs, request.GET.get("page"))
    for item in page.object_list:
        item.kind_label = KINDS.get(item.kind, item.kind)
        item.overdue = item.is_open and item.due_at <= now
    return render(
        request,
        "supervision/list.html",
        {
            "filterset": filterset,
            "page": page,
            **selectors.overview(user=user, qs=base, now=now),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "now": now,
        },
    )
