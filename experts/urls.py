from django.urls import path

from experts.views import agency as views_agency
from experts.views import pool as views_pool

app_name = "experts"
urlpatterns = [
    # The expert pool (评审员专家库) and disqualification (Art. 32).
    path("office/experts/", views_pool.pool_list, name="pool_list"),
    path("office/experts/new/", views_pool.pool_create, name="pool_create"),
    path("office/experts/template.xlsx", views_pool.pool_template, name="pool_template"),
    path("office/experts/import/", views_pool.pool_import, name="pool_import"),
    path("office/experts/<int:pk>/", views_pool.pool_edit, name="pool_edit"),
    path("office/experts/<int:pk>/login/", views_pool.pool_login, name="pool_login"),
    path("office/experts/<int:pk>/share/", views_pool.pool_share, name="pool_share"),
    path(
        "office/experts/<int:pk>/disqualify/",
        views_pool.pool_propose_disqualification,
        name="pool_propose_disqualification",
    ),
    path(
        "experts/disqualifications/",
        views_pool.pool_disqualifications,
        name="pool_disqualifications",
    ),
    path(
        "experts/disqualifications/<int:pk>/",
        views_pool.pool_disqualification_decide,
        name="pool_disqualification_decide",
    ),
    # Contracted review agencies (评审机构) and their disqualification (Art. 32).
    path("office/agencies/", views_agency.agencies, name="agencies"),
    path("office/agencies/<int:pk>/", views_agency.agency_detail, name="agency_detail"),
    path("office/agencies/<int:pk>/experts/", views_agency.agency_member, name="agency_member"),
    path(
        "office/agencies/<int:pk>/disqualify/", views_agency.agency_propose, name="agency_propose"
    ),
    path(
        "agencies/disqualifications/<int:pk>/",
        views_agency.agency_disqualification_decide,
        name="agency_disqualification_decide",
    ),
]
