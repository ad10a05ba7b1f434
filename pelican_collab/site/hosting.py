"""``_headers`` and ``_redirects`` for static hosts (Netlify, Cloudflare Pages).

Written into every build (harmless on other hosts): the security headers the
theme cannot set in a meta tag, the ``/was`` redirect to the accessibility
statement, and each language's own 404 page for missing paths.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .settings import Site

HEADERS_FILE = "_headers"
REDIRECTS_FILE = "_redirects"
#: Sent besides the site's Content-Security-Policy (see :func:`security_headers`).
OTHER_SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    (
        "Permissions-Policy",
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()",
    ),
)


def security_headers(site: Site) -> tuple[tuple[str, str], ...]:
    """The site's policy (``COLLAB_CONTENT_SECURITY_POLICY``, which the theme also sets
    in a meta tag), plus what only a real header can say: no framing by other sites."""
    policy = (("Content-Security-Policy", f"{site.content_security_policy}; frame-ancestors 'none'"),)
    return policy + OTHER_SECURITY_HEADERS


def hosting_files(site: Site) -> dict[str, str]:
    """``_headers`` and ``_redirects`` (Netlify and Cloudflare Pages syntax) for this site."""
    base = site.base_path
    headers = ["# Response headers for Netlify and Cloudflare Pages (written by pelican-collab)", "/*"]
    headers += [f"  {name}: {value}" for name, value in security_headers(site)]

    redirects = ["# Redirects for Netlify and Cloudflare Pages (written by pelican-collab)"]
    if site.statement_url:
        redirects.append("# /was: the accessibility statement (the /was/ page links it too)")
        redirects.append(f"{base}/was {site.statement_url} 302")
    redirects.append(
        "# Not found: each language's own 404 page (Netlify; Cloudflare Pages finds the nearest 404.html)"
    )
    for language in site.languages:
        if language.url_prefix:
            redirects.append(f"{base}/{language.url_prefix}* {base}/{language.url_prefix}404.html 404")
    redirects.append(f"{base}/* {base}/404.html 404")
    return {HEADERS_FILE: "\n".join(headers) + "\n", REDIRECTS_FILE: "\n".join(redirects) + "\n"}


def write_hosting_files(output: Path, site: Site) -> None:
    for name, text in hosting_files(site).items():
        (output / name).write_text(text, encoding="utf-8", newline="")
