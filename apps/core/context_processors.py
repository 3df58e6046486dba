"""What the page shell needs on every page: the menu for the user's roles and the unread count."""

from .menu import menu_for


def shell(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "menu": menu_for(user, request.path),
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
