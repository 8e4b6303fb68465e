from applications.urls.applicant import urlpatterns as applicant_urls
from applications.urls.office import urlpatterns as office_urls

app_name = "applications"
urlpatterns = applicant_urls + office_urls
