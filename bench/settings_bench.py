"""The portal's settings plus one trivial Django view (bench/urls_bench.py), served by the same
gunicorn through the same middleware: the yardstick the load script divides by."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "urls_bench"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
