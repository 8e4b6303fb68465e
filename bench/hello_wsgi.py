"""WSGI entry of the bare hello project (bench/hello_settings.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hello_settings")
application = get_wsgi_application()
