"""Data from settings and content files, made safe where it enters a page.

Templates escape everything they print (autoescape is on for every template),
which covers text and attribute values. What autoescaping cannot cover is
checked or escaped here: JSON inside a ``<script>`` element, URLs that end up
in ``href`` (a ``javascript:`` URL is harmless text to an escaper), and keys
that become file names (``vcard/<key>.vcf``, ``logos/<key>.svg``).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from ..errors import CollabError

#: Characters that could end a ``<script>`` element or open a comment inside
#: it (``</script>``, ``<!--``), or end a line for JavaScript (U+2028/9).
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")

#: A key that is also a file name and a URL part: letters, digits, - and _.
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
#: Spaces and control characters: a URL containing them could end a line of
#: _redirects or a vCard, and no valid URL needs them unencoded.
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def script_json(data: Any) -> str:
    """JSON to put inside a ``<script>`` element, as is (no further escaping).

    ``<``, ``>`` and ``&`` are written as JSON's ``\\u003c`` escapes, so no
    value can close the element or start a comment that keeps it open; JSON
    parsers read the same data.
    """
    text = json.dumps(data, ensure_ascii=False)
    return _SCRIPT_UNSAFE_RE.sub(lambda match: _SCRIPT_UNSAFE[match.group()], text)


def web_url(value: object, where: str) -> str:
    """An absolute http(s) URL, or an error naming the setting or field ``where``."""
    if (
        not isinstance(value, str)
        or _SPACE_OR_CONTROL.search(value)
        or urlsplit(value).scheme.lower() not in ("http", "https")
        or not urlsplit(value).netloc
    ):
        raise CollabError(f"{where}: {value!r} is not an http(s) URL")
    return value


def file_key(value: object, where: str) -> str:
    """A key that names files and addresses (letters, digits, - and _), or an error."""
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise CollabError(
            f"{where}: {value!r} is not a key: use letters, digits, '-' and '_' (it names files and links)"
        )
    return value
