from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *portal]
