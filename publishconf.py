"""Settings for publishing: pelicanconf plus the public address of the site.

Set the environment variable SITEURL to the address the site is served from,
e.g. ``SITEURL=https://example.org/partnership invoke preview``.
"""

import os
import runpy

# Read pelicanconf.py beside this file by path, not by `import pelicanconf`:
# an import could pick up another site's pelicanconf already loaded in this process.
_base = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelicanconf.py"))
globals().update({name: value for name, value in _base.items() if name.isupper()})

SITEURL = os.environ.get("SITEURL", _base["SITEURL"])
