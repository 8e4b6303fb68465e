from django.urls import path

from webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("office/webhooks/", views.subscription_list, name="subscription_list"),
    path("office/webhooks/new/", views.subscription_create, name="subscription_create"),
    path("office/webhooks/<int:pk>/", views.subscription_detail, name="subscription_detail"),
    path(
        "office/webhooks/<int:pk>/disable/",
        views.subscription_disable,
        name="subscription_disable",
    ),
    path(
        "office/webhooks/deliveries/<int:pk>/resend/",
        views.delivery_resend,
        name="delivery_resend",
    ),
]
