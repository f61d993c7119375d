"""Every handler module; importing this package imports each ``handlers/*.py``, which registers its routes,
collections and hooks with ``registry``. Adding a module here is all a new resource needs."""

import importlib
import pkgutil

for _module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
    importlib.import_module("%s.%s" % (__name__, _module))
