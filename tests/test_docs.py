"""The documentation: the README stays short, the reference lists every setting,
links between the documents resolve, and the tasks they tell people to run exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pelican_collab.site.settings import DEFAULTS

from .conftest import REPOSITORY
from .test_tasks_apart import MAINTAINER_TASKS, SITE_TASKS

README = REPOSITORY / "README.md"
REFERENCE = REPOSITORY / "docs" / "reference.md"
GUIDES = [REPOSITORY / "docs" / "editors-guide.da.md", REPOSITORY / "docs" / "editors-guide.en.md"]
DOCUMENTS = [README, REPOSITORY / "RELEASING.md", *sorted((REPOSITORY / "docs").glob("*.md"))]
TEMPLATES = REPOSITORY / "pelican_collab" / "tools" / "scaffold" / "templates"


def test_the_readme_is_at_most_150_lines() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= 150, f"README.md has {lines} lines; move the detail to docs/reference.md"


def test_the_readme_keeps_the_two_quick_start_commands_verbatim() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "python3 -m pip install -e . && python3 -m invoke build\n" in readme
    assert "python3 -m pip install -e '.[test]' && python3 -m pytest\n" in readme  # CI runs it


def test_every_collab_setting_is_in_the_configuration_reference() -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    table = reference[reference.index("## Configuration reference") :]
    table = table[: table.index("\n## ", 1)]
    missing = [key for key in DEFAULTS if f"| `{key}` |" not in table]
    assert not missing, f"document these in docs/reference.md's configuration reference: {missing}"


def _links(document: Path) -> list[tuple[int, str]]:
    """(line, target) of every relative Markdown link and image outside code blocks."""
    found, fenced = [], False
    for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced:
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)", re.sub(r"`[^`]*`", "", line)):
            if not re.match(r"[a-z]+:", target):
                found.append((number, target))
    return found


def _anchors(document: Path) -> set[str]:
    """GitHub's ids for a document's headings."""
    anchors = set()
    for line in document.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            text = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return anchors


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(REPOSITORY).as_posix())
def test_every_link_between_the_documents_resolves(document: Path) -> None:
    broken = []
    for number, target in _links(document):
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            broken.append(f"{number}: {target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{number}: {target} (no such heading)")
    assert not broken, f"{document.name}:\n" + "\n".join(broken)


@pytest.mark.parametrize(
    "document",
    [README, REFERENCE, *GUIDES, *sorted(TEMPLATES.glob("README*"))],
    ids=lambda path: path.name,
)
def test_every_invoke_task_the_documents_name_exists(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    fence = r"```[^\n]*\n(.*?)```"
    code = re.findall(fence, text, re.DOTALL) + re.findall(
        r"`([^`\n]+)`", re.sub(fence, "", text, flags=re.DOTALL)
    )
    named = set(re.findall(r"\binvoke ((?:i18n\.)?[a-z][a-z-]*)", "\n".join(code)))
    # A site's documents may name only a site's tasks; the repository's, the maintainers' too.
    known = (
        SITE_TASKS if document.parent == TEMPLATES or document in GUIDES else SITE_TASKS | MAINTAINER_TASKS
    )
    assert named, f"{document.name} names no task"
    assert named <= known, f"{document.name} names tasks that do not exist: {sorted(named - known)}"


def test_the_release_workflow_builds_tests_and_publishes_with_trusted_publishing() -> None:
    yaml = pytest.importorskip("yaml")  # PyYAML is no dependency of ours
    workflow = yaml.safe_load((REPOSITORY / ".github" / "workflows" / "release.yml").read_text())
    # PyYAML reads the key "on" as True (YAML 1.1).
    assert workflow[True] == {"push": {"tags": ["v*"]}}
    jobs = workflow["jobs"]
    assert jobs["test-wheel"]["needs"] == "build" and jobs["publish"]["needs"] == "test-wheel"
    publish = jobs["publish"]
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    assert [step.get("uses") for step in publish["steps"]][-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert workflow["permissions"] == {"contents": "read"}  # no job but publish may mint a token
