"""Build-time benchmarks: pelican-collab against lean Pelican, i18n_subsites and Hugo.

Run them with ``invoke bench`` (or ``python -m benchmarks.run``); see README.md here.
"""
