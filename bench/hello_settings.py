"""A bare Django "hello" project: no app, no middleware, no database, one view. bench/load.py
serves it with the same gunicorn settings beside the portal and divides by its requests per
second: how many empty Django requests one portal page costs."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

SECRET_KEY = "bench-hello-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "hello_settings"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
USE_I18N = False


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("hello/", hello)]
