from django.urls import path

from archives import views

app_name = "archives"
urlpatterns = [
    path("office/rounds/<int:pk>/archives/", views.round_archives, name="round_archives"),
    path("office/archives/<int:pk>/download/", views.download, name="download"),
]
