from django.urls import path, re_path

from api.errors import not_found
from api.views import department, docs, keys, office, public

app_name = "api"

V1 = "api/v1/"

urlpatterns = [
    # The office's pages for its keys.
    path("office/api-keys/", keys.key_list, name="key_list"),
    path("office/api-keys/new/", keys.key_create, name="key_create"),
    path("office/api-keys/<int:pk>/revoke/", keys.key_revoke, name="key_revoke"),
    # The schema and its reference page.
    path("api/schema/", docs.Schema.as_view(), name="schema"),
    path("api/docs/", docs.Reference.as_view(), name="docs"),
    # Public, without a key.
    path(f"{V1}programmes/", public.ProgrammeList.as_view(), name="programmes"),
    path(f"{V1}rounds/", public.RoundList.as_view(), name="rounds"),
    path(f"{V1}rounds/<int:pk>/call-notice/", public.CallNotice.as_view(), name="call_notice"),
    path(f"{V1}publicity/", public.PublicityList.as_view(), name="publicity_list"),
    path(f"{V1}publicity/<int:pk>/", public.PublicityDetail.as_view(), name="publicity_detail"),
    path(f"{V1}winners/", public.WinnerList.as_view(), name="winners"),
    # The programme's office (an office key).
    path(f"{V1}office/applications/", office.ApplicationList.as_view(), name="office_applications"),
    path(f"{V1}office/rounds/<int:pk>/ranking/", office.Ranking.as_view(), name="office_ranking"),
    path(
        f"{V1}office/rounds/<int:pk>/plenaries/",
        office.PlenaryList.as_view(),
        name="office_plenaries",
    ),
    path(
        f"{V1}office/rounds/<int:pk>/objections/",
        office.ObjectionList.as_view(),
        name="office_objections",
    ),
    path(f"{V1}office/approvals/", office.ApprovalList.as_view(), name="office_approvals"),
    path(f"{V1}office/grants/", office.GrantList.as_view(), name="office_grants"),
    path(f"{V1}office/obligations/", office.ObligationList.as_view(), name="office_obligations"),
    path(f"{V1}office/revocations/", office.RevocationList.as_view(), name="office_revocations"),
    path(f"{V1}office/bans/", office.BanList.as_view(), name="office_bans"),
    # A department's system (a department key).
    path(
        f"{V1}department/consultations/",
        department.ConsultationList.as_view(),
        name="department_consultations",
    ),
    path(
        f"{V1}department/consultations/<int:pk>/",
        department.ConsultationDetail.as_view(),
        name="department_consultation",
    ),
    path(
        f"{V1}department/consultations/<int:pk>/answer/",
        department.ConsultationAnswer.as_view(),
        name="department_consultation_answer",
    ),
    path(f"{V1}department/incidents/", department.Incidents.as_view(), name="department_incidents"),
    path(
        f"{V1}certificates/<str:number>/",
        public.CertificateVerification.as_view(),
        name="certificate",
    ),
    # Last: whatever else starts with /api/ is answered as the API answers (JSON).
    re_path(r"^api/", not_found, name="not_found"),
]
