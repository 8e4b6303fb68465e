"""The sanctions' pages. Their paths are those they had under grants (the URLs users know)."""

from django.urls import path

from sanctions.views import fraud_bars as views_fraud_bars
from sanctions.views import incidents as views_incidents
from sanctions.views import revocation as views_revocation

app_name = "sanctions"
urlpatterns = [
    # The bar decision after fraud, on the office's application page (R8, Art. 28)
    path(
        "office/applications/<int:pk>/fraud-bar/",
        views_fraud_bars.fraud_bar,
        name="fraud_bar",
    ),
    path(
        "office/applications/<int:pk>/fraud-bar/decision/",
        views_fraud_bars.fraud_bar_decide,
        name="fraud_bar_decide",
    ),
    # Incidents about winners (R11)
    path("liaison/incidents/", views_incidents.liaison_page, name="liaison_incidents"),
    path(
        "liaison/incidents/<int:pk>/",
        views_incidents.liaison_detail,
        name="liaison_incident",
    ),
    path("winners/report/", views_incidents.public_report, name="incident_report"),
    path("winners/report/receipt/", views_incidents.public_receipt, name="incident_receipt"),
    path("office/incidents/", views_incidents.office_list, name="incidents_office"),
    path("office/incidents/<int:pk>/", views_incidents.office_detail, name="incident_office"),
    # Revocation and bans (R8, R11)
    path("office/revocations/", views_revocation.revocation_list, name="revocation_list"),
    path(
        "office/grants/<int:grant_pk>/revoke/",
        views_revocation.revocation_open,
        name="revocation_open",
    ),
    path(
        "office/revocations/<int:pk>/decide/",
        views_revocation.revocation_decide,
        name="revocation_decide",
    ),
    path("office/bans/", views_revocation.bans, name="bans"),
    path("office/bans/<int:pk>/", views_revocation.ban_detail, name="ban_detail"),
    path(
        "office/bans/<int:pk>/notice/<str:body>.docx",
        views_revocation.ban_notice,
        name="ban_notice",
    ),
    path(
        "office/revocations/<int:pk>/request.docx",
        views_revocation.revocation_request,
        name="revocation_request",
    ),
    path(
        "office/revocations/<int:pk>/recovery/",
        views_revocation.recovery,
        name="revocation_recovery",
    ),
    path(
        "winner/revocations/<int:pk>/",
        views_revocation.revocation_respond,
        name="revocation_respond",
    ),
    path("revocations/", views_revocation.revocations_public, name="revocations_public"),
]
