# Production image: web (gunicorn), worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/srv/var DJANGO_SETTINGS_MODULE=config.settings_production

RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-hanazono fonts-babelstone-han libpango-1.0-0 \
      libpangoft2-1.0-0 libmagic1 gettext npm flite \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN SECRET_KEY=build-only python manage.py compilemessages --ignore=node_modules -v 0 \
 && SECRET_KEY=build-only python manage.py collectstatic --noinput -v 0 \
 && useradd --system --home /srv award && mkdir -p /srv/var && chown -R award /srv/var
USER award
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
