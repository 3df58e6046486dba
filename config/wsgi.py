import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# The search tokenizer's dictionary loads with the process, not in some user's first search
# (on the stack each of 2 × 2 workers paid it in a request: seconds; docs/bench.md).
from apps.core.search import warm  # noqa: E402

warm()
