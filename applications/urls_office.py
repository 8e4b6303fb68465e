"""Office, recommender and liaison URLs; concatenated into the "applications" namespace."""

from django.urls import path

from . import views_office as views

urlpatterns = [
    path("office/rounds/<int:round_pk>/applications/", views.office_list, name="office_list"),
    path("office/applications/<int:pk>/", views.office_detail, name="office_detail"),
    path("office/applications/<int:pk>/checks/", views.office_check, name="office_check"),
    path(
        "office/applications/<int:pk>/consultations/",
        views.office_consult,
        name="office_consult",
    ),
    path(
        "office/applications/<int:pk>/consultations/<int:consultation_pk>/waiver/",
        views.office_waive,
        name="office_waive",
    ),
    path("office/applications/<int:pk>/decision/", views.office_decide, name="office_decide"),
    path("office/applications/<int:pk>/disqualify/", views.disqualify, name="disqualify"),
    path("recommend/<int:pk>/", views.recommend, name="recommend"),
    path("consultations/<int:pk>/answer/", views.consultation_answer, name="consultation_answer"),
]
