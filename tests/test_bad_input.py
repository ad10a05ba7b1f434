"""Bad input: one clear line naming the setting or file, exit 1, output untouched."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pelican_collab.errors import CollabError

from .conftest import FixtureSite


def run_cli(site: FixtureSite) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pelican_collab", "build", "-s", str(site.settings_file)],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("pelican-collab: error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def snapshot(site: FixtureSite) -> dict[str, bytes]:
    return {str(p.relative_to(site.output)): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}


def test_invalid_language_code_names_the_setting(two_language_site: FixtureSite) -> None:
    two_language_site.settings('COLLAB_LANGUAGES = ["da", "xx"]\n')
    line = error_line(run_cli(two_language_site))
    assert line == "pelican-collab: error: COLLAB_LANGUAGES: 'xx' is not a language Babel knows"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('COLLAB_DEFAULT_LANGUAGE = "de"\n', "COLLAB_DEFAULT_LANGUAGE: 'de' is not one of COLLAB_LANGUAGES"),
        ("COLLAB_LANGUAGES = []\n", "COLLAB_LANGUAGES: give a list"),
        ('COLLAB_LOCALES = {"en": "en-XX-nonsense"}\n', "COLLAB_LOCALES: 'en-XX-nonsense'"),
        ('SITEURL = ""\n', "SITEURL: hreflang and canonical links need an absolute URL"),
        (
            'CACHE_CONTENT = True\nCONTENT_CACHING_LAYER = "generator"\n',
            "CONTENT_CACHING_LAYER: 'generator' is not supported by pelican-collab",
        ),
    ],
)
def test_bad_settings_name_the_setting(two_language_site: FixtureSite, extra: str, message: str) -> None:
    two_language_site.settings(extra)
    with pytest.raises(CollabError) as raised:
        two_language_site.build()
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_duplicate_translation_key_names_both_files(two_language_site: FixtureSite) -> None:
    two_language_site.page("en/story.md", "Title: Story\nTranslation-Key: grundfortaelling\n\nAgain.\n")
    line = error_line(run_cli(two_language_site))
    assert "content/en/core-narrative.md" in line and "content/en/story.md" in line
    assert "'grundfortaelling'" in line


def test_page_outside_every_language_folder_is_named(two_language_site: FixtureSite) -> None:
    two_language_site.page("notes.md", "Title: Notes\n\nStray page.\n")
    line = error_line(run_cli(two_language_site))
    assert line.startswith("pelican-collab: error: content/notes.md: is outside every language folder")


def test_page_in_a_folder_that_is_no_configured_language_is_named(two_language_site: FixtureSite) -> None:
    two_language_site.page("de/index.md", "Title: Startseite\n\nHallo.\n")
    line = error_line(run_cli(two_language_site))
    assert "content/de/index.md: is outside every language folder (content/da/, content/en/)" in line


def test_malformed_date_names_file_and_line(two_language_site: FixtureSite) -> None:
    two_language_site.page("en/news.md", "Title: News\nDate: the day after tomorrow-ish\n\nText.\n")
    line = error_line(run_cli(two_language_site))
    assert line.startswith("pelican-collab: error: content/en/news.md:2: ")
    assert "the day after tomorrow-ish" in line


def test_lang_line_contradicting_the_folder_is_named(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/wrong.md", "Title: Wrong\nLang: en\n\nText.\n")
    line = error_line(run_cli(two_language_site))
    assert line.startswith(
        "pelican-collab: error: content/da/wrong.md:2: Lang: en contradicts its folder da/"
    )


def test_two_pages_written_to_one_file_are_named(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/a.md", "Title: A\nSlug: samme\n\nA.\n")
    two_language_site.page("da/b.md", "Title: B\nSlug: samme\n\nB.\n")
    line = error_line(run_cli(two_language_site))
    assert "content/da/a.md and content/da/b.md: both would be written to samme/index.html" in line


def test_failed_build_leaves_the_previous_output_untouched(two_language_site: FixtureSite) -> None:
    assert run_cli(two_language_site).returncode == 0
    before = snapshot(two_language_site)
    assert "index.html" in before
    two_language_site.page("da/index.md", "Title: Forside\nDate: not-a-date\n\nÆndret.\n")
    error_line(run_cli(two_language_site))
    assert snapshot(two_language_site) == before
