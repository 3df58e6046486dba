from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from apps.accounts.urls import auth_urlpatterns
from config.api import api

urlpatterns = [
    path("", include("apps.core.urls")),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("apps.accounts.urls")),
    path("orgs/", include("apps.orgs.urls")),
    path("audit/", include("apps.accounts.audit_urls")),
    path("supervision/", include("apps.supervision.urls")),
    path("appeals/", include("apps.appeals.urls")),
    path("suggestions/", include("apps.suggestions.urls")),
    path("hazards/", include("apps.hazards.urls")),
    path("selections/", include("apps.selections.urls")),
    path("talent/", include("apps.talent.urls")),
    path("standards/", include("apps.standards.urls")),
    path("collab/", include("apps.collab.urls")),
    path("projects/", include("apps.projects.urls")),
    path("production/", include("apps.production.urls")),
    path("feed/", include("apps.feed.urls")),
    path("surveys/", include("apps.surveys.urls")),
    path("meetings/", include("apps.meetings.urls")),
    path("learning/", include("apps.learning.urls")),
    path("kpi/", include("apps.kpi.urls")),
    path("briefs/", include("apps.briefs.urls")),
    path("insights/", include("apps.insights.urls")),
    path("talks/", include("apps.talks.urls")),
    path("transfers/", include("apps.transfers.urls")),
    path("dues/", include("apps.dues.urls")),
    path("care/", include("apps.care.urls")),
    path("integrity/", include("apps.integrity.urls")),
    path("appraisals/", include("apps.appraisals.urls")),
    path("admission/", include("apps.admission.urls")),
    path("alerts/", include("apps.alerts.urls")),
    path("notify/", include("apps.notify.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler500 = "apps.core.outage.handler500"
