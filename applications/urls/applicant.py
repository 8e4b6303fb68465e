"""The applicant organisation's pages (names: applications:<name>)."""

from django.urls import path

from applications.views import applicant as views
from applications.views import nominee as nominee_views
from organisations import views as organisation_views

urlpatterns = [
    path("register/", organisation_views.register, name="register"),
    path("rounds/<int:round_pk>/apply/", views.start, name="start"),
    path("rounds/<int:round_pk>/apply/copy/<int:source_pk>/", views.start_copy, name="start_copy"),
    path("rounds/<int:round_pk>/nominate/", nominee_views.nominate, name="nominate"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/nominee/", nominee_views.nominee_edit, name="nominee_edit"),
    path("applications/<int:pk>/edit/", views.edit, name="edit"),
    path("applications/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("applications/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("applications/<int:pk>/form.pdf", views.form_pdf, name="form_pdf"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/supplements/<int:request_pk>/",
        views.supplement_answer,
        name="supplement_answer",
    ),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("files/<int:pk>/", views.attachment_download, name="attachment_download"),
]
