"""Export for agencies: valid XLIFF 2.1 / 1.2, TMX and TBX; stable ids; pseudo-translation round trips."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from lxml import etree

from pelican_collab.engine.build import load_settings
from pelican_collab.translation.exchange import export_files, import_files, write_memory
from pelican_collab.translation.freshness import stamp, translation_status

from .conftest import REPOSITORY, FixtureSite
from .exchange_helpers import (
    CLOSE,
    OPEN,
    SCHEMAS,
    XLF2,
    pseudo_translate_xliff1,
    pseudo_translate_xliff2,
    structure,
    text_nodes,
    validator,
)

FIXTURE = REPOSITORY / "tests" / "fixtures" / "exchange" / "every-construct.md"
NS = {"x": XLF2, "mtc": "urn:oasis:names:tc:xliff:matches:2.0"}


@pytest.fixture
def narrative(site: FixtureSite) -> FixtureSite:
    """The bundled narrative, its translation, stamps, contacts and glossary, in a throw-away site."""
    for name in ("da/index.md", "en/index.md", "translation-stamps.json", "contacts.toml"):
        target = site.content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPOSITORY / "content" / name, target)
    (site.root / "docs").mkdir()
    shutil.copy(REPOSITORY / "docs" / "glossary.md", site.root / "docs" / "glossary.md")
    site.settings(
        'COLLAB_PARTNERS = [{"key": "silkeborg", "name": "Silkeborg Kommune"},'
        ' {"key": "viborg", "name": "Viborg Kommune"}]\n'
    )
    return site


@pytest.fixture
def constructs(site: FixtureSite) -> FixtureSite:
    """A page with every Markdown construct, missing in English."""
    site.page("da/index.md", FIXTURE.read_text(encoding="utf-8"))
    return site


def settings_of(site: FixtureSite) -> dict:
    return load_settings(site.settings_file)


def export(site: FixtureSite, **options) -> Path:
    written = export_files(settings_of(site), site.root / "export", project=site.root, **options)
    assert written, "nothing was exported"
    return written[0].path


def units(path: Path) -> list:
    return etree.parse(str(path)).findall(".//x:unit", NS)


def test_xliff2_of_the_narrative_validates_against_the_oasis_schemas(narrative: FixtureSite) -> None:
    path = export(narrative, everything=True)
    document = etree.parse(str(path))
    core = validator(SCHEMAS / "xliff-2.1" / "xliff_core_2.0.xsd")
    assert core.validate(document), core.error_log
    for module in ("matches.xsd", "metadata.xsd"):  # the modules used, checked strictly too
        schema = validator(SCHEMAS / "xliff-2.1" / module)
        for element in document.iter(f"{{{schema_namespace(module)}}}*"):
            if element.getparent().tag.startswith(f"{{{XLF2}}}"):
                assert schema.validate(etree.ElementTree(element)), schema.error_log
    assert document.getroot().get("version") == "2.1"
    # Every unit approved: the whole translation is up to date.
    assert {segment.get("state") for segment in document.iterfind(".//x:segment", NS)} == {"final"}


def schema_namespace(module: str) -> str:
    return {"matches.xsd": NS["mtc"], "metadata.xsd": "urn:oasis:names:tc:xliff:metadata:2.0"}[module]


def test_constructs_become_units_with_inline_codes(constructs: FixtureSite) -> None:
    path = export(constructs)
    assert validator(SCHEMAS / "xliff-2.1" / "xliff_core_2.0.xsd").validate(etree.parse(str(path)))
    found = {unit.get("name") for unit in units(path)}
    assert found >= {
        "title",
        "summary",
        "description",
        "heading",
        "paragraph",
        "item",
        "cell",
        "alt",
        "link-title",
    }
    sources = [
        etree.tostring(s, encoding="unicode") for s in etree.parse(str(path)).iterfind(".//x:source", NS)
    ]
    text = "\n".join(sources)
    # No raw Markdown a translator could break: emphasis, links, code and breaks are codes.
    for raw in ("**", "](", "`kode`", "<abbr>"):
        assert raw not in "".join(etree.parse(str(path)).xpath("//x:source//text()", namespaces=NS)), raw
    assert 'dispStart="**"' in text and 'type="link"' in text and 'disp="`kode`"' in text
    assert "subFlows=" in text  # the image's alt text is a unit of its own
    segments = etree.parse(str(path)).findall(".//x:unit[@name='paragraph']/x:segment", NS)
    assert len(segments) > len(etree.parse(str(path)).findall(".//x:unit[@name='paragraph']", NS))


def test_ids_are_stable_across_exports_and_follow_the_text(narrative: FixtureSite) -> None:
    first = [unit.get("id") for unit in units(export(narrative, everything=True))]
    second = [unit.get("id") for unit in units(export(narrative, everything=True))]
    assert first == second and len(set(first)) == len(first)
    original = narrative.content / "da" / "index.md"
    original.write_text(original.read_text().replace("vokser.", "vokser hurtigt."), encoding="utf-8")
    third = [unit.get("id") for unit in units(export(narrative, everything=True))]
    assert len([i for i in third if i not in first]) == 1


def test_one_edited_paragraph_gives_exactly_one_unit_to_translate(narrative: FixtureSite) -> None:
    original = narrative.content / "da" / "index.md"
    text = original.read_text(encoding="utf-8")
    original.write_text(
        text.replace("Kravene om offentlig digitalisering vokser.", "Kravene vokser."), "utf-8"
    )
    path = export(narrative, languages=["en"])
    document = etree.parse(str(path))
    open_units = [
        unit
        for unit in document.iterfind(".//x:unit", NS)
        if any(segment.get("state") != "final" for segment in unit.iterfind("x:segment", NS))
    ]
    assert len(open_units) == 1
    unit = open_units[0]
    diff = unit.find("x:notes/x:note[@category='diff']", NS).text
    assert "-Kravene om offentlig digitalisering vokser." in diff and "+Kravene vokser." in diff
    match = unit.find("mtc:matches/mtc:match", NS)
    assert "Demands for public-sector digitalisation are growing." in "".join(
        match.find("x:target", NS).itertext()
    )
    notes = [note.text for note in unit.iterfind("x:notes/x:note", NS)]
    assert any("Vi får større implementeringskraft" in note for note in notes)  # section heading
    assert any("realisere gevinster" in note and "realise benefits" in note for note in notes)  # glossary
    report = translation_status(settings_of(narrative))
    assert report.rows[0].status == "stale"


@pytest.mark.parametrize("source", ["narrative", "constructs"])
def test_pseudo_translation_round_trip_keeps_structure(source: str, request: pytest.FixtureRequest) -> None:
    site: FixtureSite = request.getfixturevalue(source)
    if source == "narrative":
        (site.content / "en" / "index.md").unlink()  # missing: written anew from the file
    path = export(site, languages=["en"])
    pseudo_translate_xliff2(path)
    for target in etree.parse(str(path)).iterfind(".//x:target", NS):
        for text in target.xpath(".//text()"):
            assert not text.strip() or (OPEN in text and CLOSE in text), text
    import_files(settings_of(site), [path], site.root)
    original = (site.content / "da" / "index.md").read_text(encoding="utf-8")
    translated = (site.content / "en" / "index.md").read_text(encoding="utf-8")
    assert structure(translated) == structure(original)
    for node in text_nodes(translated):  # every text node of the result is a marked translation
        node = re.sub(r"\s*\{#[\w-]+\}$", "", node)  # a heading's own id stays as it was
        node = re.sub(r"^https?://\S+$", "", node)  # an autolink is a code, not text
        assert OPEN in node or CLOSE in node or not node.strip(" .,;:!?()\n"), node
    assert translation_status(settings_of(site)).rows[0].status == "up to date"
    report = site.build()  # a real Pelican build of the imported translation
    assert report.pages_per_language["en"] == 1


def test_xliff1_validates_and_round_trips(constructs: FixtureSite) -> None:
    path = export(constructs, file_format="xliff1")
    document = etree.parse(str(path))
    schema = validator(SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd")
    assert schema.validate(document), schema.error_log
    text = etree.tostring(document, encoding="unicode")
    assert 'ctype="bold"' in text and "<seg-source>" in text and 'mtype="seg"' in text
    pseudo_translate_xliff1(path)
    import_files(settings_of(constructs), [path], constructs.root)
    translated = (constructs.content / "en" / "index.md").read_text(encoding="utf-8")
    assert structure(translated) == structure(FIXTURE.read_text(encoding="utf-8"))


def test_xliff1_marks_approved_units(narrative: FixtureSite) -> None:
    document = etree.parse(str(export(narrative, everything=True, file_format="xliff1")))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    units_ = document.findall(".//x:trans-unit", ns)
    assert units_ and all(u.get("approved") == "yes" for u in units_)
    assert {t.get("state") for t in document.iterfind(".//x:target", ns)} == {"final"}


def test_po_export_and_import(constructs: FixtureSite) -> None:
    path = export(constructs, file_format="po")
    with path.open("rb") as handle:
        catalog = read_po(handle)
    messages = [m for m in catalog if m.id]
    assert str(catalog.locale) == "en"
    assert any("<1>fed tekst</1>" in m.id for m in messages)
    assert all(m.context.startswith("da/index.md#u") for m in messages)
    text = path.read_text(encoding="utf-8")
    for message in messages:  # translate: the source with the tags kept
        old = message.id if isinstance(message.id, str) else message.id[0]
        text = text.replace(
            f'msgid "{_po(old)}"\nmsgstr ""', f'msgid "{_po(old)}"\nmsgstr "EN {_po(old)}"', 1
        )
    path.write_text(text, encoding="utf-8")
    import_files(settings_of(constructs), [path], constructs.root)
    translated = (constructs.content / "en" / "index.md").read_text(encoding="utf-8")
    assert "EN Første afsnit med **fed tekst**" in translated
    assert structure(translated) == structure(FIXTURE.read_text(encoding="utf-8"))


def _po(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def test_tmx_is_valid_against_its_dtd_and_holds_approved_pairs(narrative: FixtureSite) -> None:
    written = write_memory(settings_of(narrative), narrative.root / "memory", project=narrative.root)
    tmx = next(path for path in written if path.suffix == ".tmx")
    document = etree.parse(str(tmx))
    dtd = etree.DTD(str(SCHEMAS / "tmx-1.4b" / "tmx14.dtd"))
    assert dtd.validate(document), dtd.error_log
    pairs = {
        tuple("".join(seg.itertext()) for seg in tu.iterfind("tuv/seg")) for tu in document.iterfind(".//tu")
    }
    assert ("Sammen er vi stærkere", "Together we are stronger") in pairs
    assert (
        "Kravene om offentlig digitalisering vokser.",
        "Demands for public-sector digitalisation are growing.",
    ) in pairs


def test_tbx_holds_the_glossary(narrative: FixtureSite) -> None:
    written = write_memory(settings_of(narrative), narrative.root / "memory", project=narrative.root)
    tbx = etree.parse(str(next(path for path in written if path.suffix == ".tbx")))
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = {}
    for entry in tbx.iterfind(".//termEntry"):
        terms = {ls.get(lang): [t.text for t in ls.iterfind("tig/term")] for ls in entry.iterfind("langSet")}
        entries[terms["da"][0]] = (terms.get("en"), entry.findtext("note"))
    assert entries["grundfortælling"][0] == ["core narrative"]
    assert entries["Silkeborg Kommune"][0] == ["Silkeborg Municipality", "Viborg Municipality"]
    assert entries["samarbejde"][0] == ["partnership", "collaboration"]
    assert "Job title" in entries["It- og digitaliseringschef"][1]
    rows = [
        line
        for line in (REPOSITORY / "docs" / "glossary.md").read_text().splitlines()
        if line.startswith("| ")
    ]
    assert len(entries) == len(rows) - 2  # every row but the header and its rule


def test_per_page_files_and_new_words_in_the_status(narrative: FixtureSite) -> None:
    narrative.page("da/om.md", "Title: Om os\n\nVi er to kommuner, der arbejder sammen.\n")
    written = export_files(
        settings_of(narrative), narrative.root / "out", per_page=True, project=narrative.root
    )
    assert [item.path.relative_to(narrative.root).as_posix() for item in written] == ["out/da-en/om.xlf"]
    assert written[0].new_words == 2 + 7
    stamp(settings_of(narrative), [narrative.content / "da" / "index.md"], all_translations=True)
    assert export_files(
        settings_of(narrative), narrative.root / "out2", languages=["en"], project=narrative.root
    )
