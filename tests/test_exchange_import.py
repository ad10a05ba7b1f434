"""Import of returned files: refusals that change nothing, in-place updates, stamps, entry points."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from pelican_collab.engine.build import load_settings
from pelican_collab.errors import CollabError
from pelican_collab.translation.exchange import export_files, import_files
from pelican_collab.translation.freshness import translation_status

from .conftest import FixtureSite
from .exchange_helpers import XLF2, pseudo_translate_xliff2, run

NS = {"x": XLF2}
DANISH = """\
Title: Om samarbejdet
Summary: Kort om *samarbejdet*.
Modified: 2026-11-27

Første afsnit med **fed** tekst og et [link](/om/).

## Hvorfor

Andet afsnit. Det har to sætninger.

- Et punkt
- Et andet punkt
"""
ENGLISH = """\
Title: About the partnership
Summary: Briefly about *the partnership*.
Modified: 2026-11-27
Translation-Key: om
Slug: about

First paragraph with **bold** text and a [link](/en/about/).

## Why

Second paragraph. It has two sentences.

- An item
- Another item

<!-- translator's own comment, not exported -->
"""


@pytest.fixture
def pages(site: FixtureSite) -> FixtureSite:
    site.page("da/om.md", DANISH)
    site.page("en/about.md", ENGLISH)
    site.page("da/index.md", "Title: Forside\n\nVelkommen.\n")
    site.page("en/index.md", "Title: Home\n\nWelcome.\n")
    from pelican_collab.translation.freshness import stamp

    stamp(
        load_settings(site.settings_file),
        [site.content / "da" / "om.md", site.content / "da" / "index.md"],
        all_translations=True,
    )
    return site


def snapshot(site: FixtureSite) -> dict[str, bytes]:
    return {str(p.relative_to(site.content)): p.read_bytes() for p in site.content.rglob("*") if p.is_file()}


def exported(site: FixtureSite, **options) -> Path:
    written = export_files(
        load_settings(site.settings_file), site.root / "export", project=site.root, **options
    )
    return written[0].path


def edit_danish(site: FixtureSite) -> None:
    path = site.content / "da" / "om.md"
    path.write_text(path.read_text().replace("Det har to sætninger.", "Det har nu tre sætninger."), "utf-8")


def translate_open_units(path: Path, replacement: str = "It now has three sentences.") -> None:
    tree = etree.parse(str(path))
    for segment in tree.iterfind(".//x:segment", NS):
        if segment.find("x:target", NS) is None:
            target = etree.SubElement(segment, f"{{{XLF2}}}target")
            target.text = "Second paragraph. " + replacement
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def refuse(site: FixtureSite, path: Path) -> str:
    before = snapshot(site)
    with pytest.raises(CollabError) as raised:
        import_files(load_settings(site.settings_file), [path], site.root)
    assert snapshot(site) == before, "a refused import changed a file"
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_import_updates_changed_blocks_in_place_and_keeps_the_rest(pages: FixtureSite) -> None:
    edit_danish(pages)
    path = exported(pages, languages=["en"])
    translate_open_units(path)
    import_files(load_settings(pages.settings_file), [path], pages.root)
    text = (pages.content / "en" / "about.md").read_text(encoding="utf-8")
    assert text == ENGLISH.replace(
        "Second paragraph. It has two sentences.", "Second paragraph. It now has three sentences."
    )
    assert translation_status(load_settings(pages.settings_file)).rows[1].status == "up to date"


def test_import_stamps_against_the_exported_source(pages: FixtureSite) -> None:
    edit_danish(pages)
    path = exported(pages, languages=["en"])
    translate_open_units(path)
    original = pages.content / "da" / "om.md"  # edited again after the export
    original.write_text(original.read_text() + "\nEt nyt afsnit.\n", encoding="utf-8")
    import_files(load_settings(pages.settings_file), [path], pages.root)
    row = translation_status(load_settings(pages.settings_file)).rows[1]
    assert row.status == "stale" and row.changed_sections == ("Hvorfor",)


def test_import_creates_a_missing_translation_and_replaces_a_placeholder(pages: FixtureSite) -> None:
    (pages.content / "en" / "about.md").unlink()
    pages.page("en/index.md", "Title: [Translate] Forside\nTranslation-Status: placeholder\n\nVelkommen.\n")
    path = exported(pages, languages=["en"])
    names = {f.get("original") for f in etree.parse(str(path)).iterfind(".//x:file", NS)}
    assert names == {"da/om.md", "da/index.md"}
    pseudo_translate_xliff2(path)
    import_files(load_settings(pages.settings_file), [path], pages.root)
    created = (pages.content / "en" / "om.md").read_text(encoding="utf-8")
    assert created.startswith(
        "Title: ⟪Om samarbejdet⟫\nSummary: ⟪Kort om⟫ *⟪samarbejdet⟫*⟪.⟫\nModified: 2026-11-27\n"
    )
    home = (pages.content / "en" / "index.md").read_text(encoding="utf-8")
    assert "Translation-Status" not in home and "⟪Velkommen.⟫" in home
    stamps = json.loads((pages.content / "translation-stamps.json").read_text())
    assert stamps["en/om.md"]["source"] == "da/om.md"
    assert pages.build().pages_per_language == {"da": 2, "en": 2}


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda x: x.replace('<unit id="u', '<unit id="x', 1), "unknown unit id"),
        (
            lambda x: re.sub(r"(<segment[^>]*>\s*<source>)Andet afsnit", r"\1Tredje afsnit", x, count=1),
            "the source text was changed",
        ),
        (
            lambda x: re.sub(r"(<target>[^<]*)<pc [^>]*>([^<]*)</pc>", r"\1\2", x, count=1),
            "is missing from the target",
        ),
        (lambda x: x.replace("</target>", '<ph id="99"/></target>', 1), "code 99 is not in the source"),
        (lambda x: x.replace('trgLang="en"', 'trgLang="de"'), "target language 'de'"),
        (lambda x: x[: len(x) // 2], "truncated"),
    ],
    ids=["unknown-id", "changed-source", "pc-removed", "extra-code", "wrong-language", "truncated"],
)
def test_a_damaged_file_is_refused_in_one_line_and_changes_nothing(
    pages: FixtureSite, damage, expected: str
) -> None:
    edit_danish(pages)
    path = exported(pages, everything=True, languages=["en"])
    translate_open_units(path)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    message = refuse(pages, path)
    assert expected in message
    assert re.match(
        rf"{re.escape(str(path.relative_to(pages.root)))}(:\d+)?: [\w.()-]+: ", message
    ) or re.match(r".*export/da-en\.xlf(:\d+)?: [\w.() -]+: ", message), message


def test_an_untranslated_unit_is_refused(pages: FixtureSite) -> None:
    edit_danish(pages)
    path = exported(pages, languages=["en"])
    assert "not translated" in refuse(pages, path)


def test_cli_and_invoke_entry_points(pages: FixtureSite) -> None:
    (pages.root / "tasks.py").write_text("from pelican_collab.tools.tasks import namespace  # noqa: F401\n")
    edit_danish(pages)
    result = run("invoke", "i18n.export", "--lang", "en", "-o", "out", cwd=pages.root)
    assert result.returncode == 0, result.stderr
    assert "1 page(s)" in result.stdout and "new words" in result.stdout
    path = pages.root / "out" / "da-en.xlf"
    broken = path.read_text().replace('trgLang="en"', 'trgLang="sv"')
    (pages.root / "broken.xlf").write_text(broken)
    result = run("pelican_collab", "import", "broken.xlf", cwd=pages.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.match(r"pelican-collab: error: broken.xlf:\d+: om: target language 'sv'", result.stderr)
    result = run("invoke", "i18n.import", "broken.xlf", cwd=pages.root)
    assert result.returncode == 1 and re.match(r"error: broken.xlf:\d+: om: ", result.stderr), result.stderr
    translate_open_units(path)
    result = run("invoke", "i18n.import", "out/da-en.xlf", cwd=pages.root)
    assert result.returncode == 0, result.stderr
    result = run("pelican_collab", "status", "--json", cwd=pages.root)
    assert json.loads(result.stdout)["new_words"] == {"en": 0}
    result = run("pelican_collab", "memory", "-o", "mem", cwd=pages.root)
    assert result.returncode == 0 and (pages.root / "mem" / "da-en.tmx").is_file()
    result = run(
        "pelican_collab", "export", "--all", "--format", "xliff1", "--per-page", "-o", "x1", cwd=pages.root
    )
    assert result.returncode == 0 and (pages.root / "x1" / "da-en" / "om.xlf").is_file()
    shutil.rmtree(pages.root / "x1")
