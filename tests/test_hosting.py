"""_headers and _redirects for static hosts (site/hosting.py)."""

from __future__ import annotations

from types import SimpleNamespace

from pelican_collab.site.hosting import HEADERS_FILE, REDIRECTS_FILE, hosting_files
from pelican_collab.site.languages import build_languages


def test_headers_carry_the_sites_policy_and_redirects_each_languages_404() -> None:
    site = SimpleNamespace(
        base_path="/p",
        statement_url="https://www.was.digst.dk/x",
        content_security_policy="default-src 'self'",
        languages=build_languages(["da", "en"], "da", {}, every_language_in_folder=False),
    )
    files = hosting_files(site)
    headers = files[HEADERS_FILE].splitlines()
    assert "  Content-Security-Policy: default-src 'self'; frame-ancestors 'none'" in headers
    assert "  X-Content-Type-Options: nosniff" in headers
    redirects = [line for line in files[REDIRECTS_FILE].splitlines() if not line.startswith("#")]
    assert redirects == [
        "/p/was https://www.was.digst.dk/x 302",
        "/p/en/* /p/en/404.html 404",
        "/p/* /p/404.html 404",
    ]
