from applications.urls_applicant import urlpatterns as applicant_urls
from applications.urls_office import urlpatterns as office_urls

app_name = "applications"
urlpatterns = applicant_urls + office_urls
