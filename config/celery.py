import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("award_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The filesystem transport (no REDIS_URL) needs its folders before the first message.
from django.conf import settings  # noqa: E402

if str(getattr(settings, "CELERY_BROKER_URL", "")).startswith("filesystem://"):
    from pathlib import Path

    for _key in ("data_folder_in", "data_folder_out", "processed_folder"):
        Path(str(settings.CELERY_BROKER_TRANSPORT_OPTIONS[_key])).mkdir(parents=True, exist_ok=True)
