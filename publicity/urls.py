from django.urls import path

from publicity.views import publicity as views
from publicity.views import specimens as views_specimens
from publicity.views import voting as views_voting

app_name = "publicity"
urlpatterns = [
    # Leading group (or the office on its behalf)
    path("rounds/<int:round_pk>/plenary/", views.plenary, name="plenary"),
    path("rounds/<int:round_pk>/plenary/packet.pdf", views.meeting_packet, name="meeting_packet"),
    path("rounds/<int:round_pk>/vote/", views_voting.vote, name="vote"),
    path(
        "office/rounds/<int:round_pk>/voting/",
        views_voting.voting_manage,
        name="voting_manage",
    ),
    # Office
    path(
        "office/rounds/<int:round_pk>/publicity/open/",
        views.open_publicity,
        name="open",
    ),
    path(
        "office/publicity/<int:pk>/notice.docx",
        views.publicity_notice_draft,
        name="notice_draft",
    ),
    path(
        "office/rounds/<int:round_pk>/objections/",
        views.office_objections,
        name="office_objections",
    ),
    path(
        "office/rounds/<int:round_pk>/objections/new/",
        views.office_objection_enter,
        name="office_objection_enter",
    ),
    path("office/objections/<int:pk>/", views.objection_handle, name="objection_handle"),
    # Art. 10, 21: the publicity notice's specimen under a programme's current rules.
    path(
        "programmes/<int:pk>/publicity-specimen/",
        views_specimens.notice_specimen,
        name="notice_specimen",
    ),
    # Public
    path("publicity/", views.public_list, name="public_list"),
    path("publicity/lookup/", views.lookup, name="lookup"),
    path("publicity/receipt/", views.objection_receipt, name="objection_receipt"),
    path("publicity/<int:pk>/", views.notice, name="notice"),
    path("publicity/<int:pk>/object/", views.object_form, name="object"),
]
