from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("unread/", views.unread_badge, name="unread_badge"),
    path("office/outbox/", views.outbox, name="outbox"),
    path("office/outbox/retry-failed/", views.outbox_retry_failed, name="outbox_retry_failed"),
    path("office/outbox/<int:pk>/", views.outbox_message, name="outbox_message"),
    path("office/outbox/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
    path("office/templates/", views.templates_preview, name="templates_preview"),
]
