"""WSGI entry point for a production server: ``gunicorn jixiao.web.wsgi``."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings.production")

application = get_wsgi_application()
