from django.contrib.auth import views as auth_views
from django.urls import path

from . import user_views, views

app_name = "accounts"

urlpatterns = [
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("users/", user_views.user_list, name="user_list"),
    path("users/policy/", user_views.user_policy, name="user_policy"),
    path("users/provision/", user_views.user_provision, name="user_provision"),
    path("users/sheet/", user_views.user_sheet, name="user_sheet"),
    path("users/<int:pk>/", user_views.user_detail, name="user_detail"),
    path("users/<int:pk>/reset/", user_views.user_reset, name="user_reset"),
    path("users/<int:pk>/unlock/", user_views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/disable/", user_views.user_disable, name="user_disable"),
    path("users/<int:pk>/enable/", user_views.user_enable, name="user_enable"),
]

# Django's own names, outside the namespace, as its auth views expect them.
auth_urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
