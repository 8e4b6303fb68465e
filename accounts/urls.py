from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts.forms import PortalPasswordChangeForm, PortalPasswordResetForm, PortalSetPasswordForm
from accounts.views import home as views
from accounts.views import password as views_password
from accounts.views import second_factor as views_second_factor

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/count/", views.work_count, name="work_count"),
    path("two-step/", views_second_factor.security, name="second_factor"),
    path("two-step/enrol/", views_second_factor.enrol, name="second_factor_enrol"),
    path("two-step/verify/", views_second_factor.verify, name="second_factor_verify"),
    path(
        "two-step/backup-codes/",
        views_second_factor.backup_codes,
        name="second_factor_backup_codes",
    ),
    path(
        "two-step/backup-codes/new/",
        views_second_factor.regenerate_backup_codes,
        name="second_factor_regenerate",
    ),
    path("two-step/remove/", views_second_factor.remove, name="second_factor_remove"),
    path("two-step/policy/", views_second_factor.policy, name="second_factor_policy"),
    path("two-step/reset/", views_second_factor.reset, name="second_factor_reset"),
    path(
        "password/change/",
        views_second_factor.fresh_second_factor_required(
            auth_views.PasswordChangeView.as_view(
                template_name="accounts/password_change.html",
                form_class=PortalPasswordChangeForm,
                success_url=reverse_lazy("accounts:password_change_done"),
            )
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views_password.ThrottledPasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=PortalPasswordResetForm,
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=PortalSetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
