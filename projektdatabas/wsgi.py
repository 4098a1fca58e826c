import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "projektdatabas.settings")
application = get_wsgi_application()

# Python's full garbage collection walks every object the process holds: in a server worker at
# a million projects about 150,000 (the modules, the compiled templates and URLs, what is kept
# per worker), 150-220 ms each time, during which the worker answers nothing; at the
# benchmark's pace every 1,000-1,500 uncached pages (bench/README.md). Those objects live as
# long as the process, so once the first requests have made them they are frozen: left out
# of every later collection (gc.freeze). A full collection then takes 10-20 ms.
WARM_AFTER_REQUESTS = 200
_requests_left = WARM_AFTER_REQUESTS


def _freeze_when_warm(**kwargs) -> None:
    global _requests_left
    _requests_left -= 1
    if _requests_left == 0:
        request_finished.disconnect(_freeze_when_warm)
        # The young garbage first (0.4 ms): frozen, it would stay. A full collection would
        # find a few hundred objects more for 140 ms of this worker's time.
        gc.collect(1)
        gc.freeze()


request_finished.connect(_freeze_when_warm)
