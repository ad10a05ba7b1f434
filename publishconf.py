"""Settings for publishing: pelicanconf plus the public address of the site.

Set the environment variable SITEURL to the address the site is served from,
e.g. SITEURL=https://example.org/partnership invoke preview
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", SITEURL)  # noqa: F405
