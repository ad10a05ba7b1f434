"""Import returned files: check everything, then write every translation and stamp at once.

Each page of a file is checked against the original it was exported from
(the file's skeleton, whose section digests the file also carries): every
unit id known and present, its source unchanged, its inline codes each kept
exactly once, the target language the one exported for. The first problem
stops the import with one line naming the file, the line and the unit, and
nothing is written. Otherwise each translation is written: a new file where
it was missing (or a placeholder), else only the changed blocks in place,
keeping the translation's own metadata and every line the export did not
cover. Each page is stamped against the sections the file was exported
from, so an original edited since the export stays stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ...errors import display_path
from ...site.metadata import read_page_text
from ..freshness import (
    TRANSLATED_METADATA,
    load_stamps,
    page_sections,
    scan_paths,
    sections_stamp,
    stamps_text,
    write_atomically,
)
from . import po, xliff1, xliff2
from .markdown import (
    FORMATTED_METADATA,
    PLACEHOLDER_KEY,
    Code,
    Content,
    Page,
    Unit,
    parse_page,
    plain_text,
    render_block,
    render_inline,
)
from .model import ExchangeError, ReadPage, ReadUnit, Ref, last_unit_before, text_digest
from .plan import exchange_config, map_codes, pair_units

#: Metadata shown as plain text: written back as it is, not as Markdown.
PLAIN_METADATA = frozenset(TRANSLATED_METADATA) - frozenset(FORMATTED_METADATA)


@dataclass(frozen=True)
class Imported:
    path: Path  # the translation written
    created: bool
    changed_blocks: int
    source: str


def read_exchange_file(path: Path) -> list[ReadPage]:
    """The pages of a returned XLIFF 2.x, XLIFF 1.2 or PO file."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ExchangeError(path, None, "(file)", f"cannot be read ({error.strerror})") from None
    if Path(path).suffix.lower() in (".po", ".pot"):
        return po.read(Path(path), data)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or None
        unit = last_unit_before(data.decode("utf-8", "replace"), line or 0)
        raise ExchangeError(
            path, line, unit, f"not well-formed XML, the file is truncated or damaged ({error.msg})"
        ) from None
    namespace = etree.QName(root).namespace
    if namespace == xliff2.XLF:
        return xliff2.read(Path(path), root)
    if namespace == xliff1.XLF:
        return xliff1.read(Path(path), root)
    raise ExchangeError(path, root.sourceline, "(file)", f"not an XLIFF file (root <{root.tag}>)")


def import_files(settings: dict[str, Any], files: list[Path], project: Path | None = None) -> list[Imported]:
    """Check every page of every file, then write them all; raises :class:`ExchangeError` first."""
    config = exchange_config(settings, project)
    groups = scan_paths(config.content, config.languages, config.ignore_files)
    stamps = load_stamps(config.stamps_file)
    writes: dict[Path, str] = {}
    results: list[Imported] = []
    seen: dict[tuple[str, str], Path] = {}
    for file in files:
        for page in read_exchange_file(Path(file)):
            done = _import_page(config, groups, page, writes)
            key = (page.carried.get("source", ""), page.language)
            if key in seen:
                raise ExchangeError(
                    file,
                    page.line,
                    page.carried.get("key", ""),
                    f"this page is also in {display_path(seen[key])}",
                )
            seen[key] = Path(file)
            result, relative, sections = done
            stamps[relative] = sections_stamp(result.source, sections)
            results.append(result)
    writes[config.stamps_file] = stamps_text(stamps)
    write_atomically(writes)
    return results


def _import_page(config, groups, page: ReadPage, writes: dict[Path, str]):
    carried = page.carried
    where = (page.file, page.line)
    key = carried.get("key", "")
    language = carried.get("language", "")
    others = [code for code in config.languages if code != config.source_language]
    if not _same_language(page.language, language) or language not in others:
        raise ExchangeError(
            *where,
            key or "(file)",
            f"target language {page.language!r}: this page was exported for {language!r}"
            + ("" if language in others else f" (the site translates into {', '.join(others)})"),
        )
    if page.source_language and not _same_language(page.source_language, config.source_language):
        raise ExchangeError(
            *where,
            key,
            f"source language {page.source_language!r} is not the site's {config.source_language!r}",
        )
    if text_digest(page.text) != carried.get("text-digest") or " ".join(
        section.digest for section in page_sections(page.text)
    ) != carried.get("digests"):
        raise ExchangeError(
            *where, key, "the original in the file (its skeleton) was changed after the export"
        )
    source = parse_page(page.text)
    targets = _targets(page, source)
    source_relative = carried.get("source", "")
    if not (config.content / source_relative).is_file():
        raise ExchangeError(*where, key, f"its original {source_relative} no longer exists")
    existing = groups.get(key, {}).get(language)
    if existing is not None:
        text = read_page_text(existing)
        translation = parse_page(text)
        if translation.is_placeholder:
            new_text, changed = _render_new(source, targets), len(source.blocks)
        else:
            new_text, changed = _update(source, translation, targets)
        path, created = existing, False
    else:
        inside = source_relative.partition("/")[2]
        path, created = config.content / language / inside, True
        if path.exists():
            raise ExchangeError(
                *where,
                key,
                f"{display_path(path)} exists but is not this page's translation (Translation-Key?)",
            )
        new_text, changed = _render_new(source, targets), len(source.blocks)
    writes[path] = new_text
    relative = path.relative_to(config.content).as_posix()
    return Imported(path, created, changed, source_relative), relative, page_sections(page.text)


def _same_language(declared: str, expected: str) -> bool:
    """``en`` and ``en-GB`` (a CAT tool's locale) are the same language; ``de`` is not ``en``."""
    declared, expected = declared.replace("_", "-").lower(), expected.replace("_", "-").lower()
    return declared == expected or declared.startswith(expected + "-")


def _targets(page: ReadPage, source: Page) -> dict[str, Content]:
    """Each unit's translation as content with the source's codes, after every check."""
    units = source.by_id()
    for unit_id in page.order:
        if unit_id not in units:
            raise ExchangeError(page.file, page.units[unit_id].line, unit_id, "unknown unit id")
    targets: dict[str, Content] = {}
    for unit in source.units:
        read = page.units.get(unit.id)
        if read is None:
            raise ExchangeError(page.file, None, unit.id, "missing from the file (truncated?)")
        codes = {(code.id, code.kind): code for code in unit.codes}
        if _comparable(read.source) != _comparable_source(unit):
            raise ExchangeError(page.file, read.line, unit.id, "the source text was changed after the export")
        if read.target is None:
            raise ExchangeError(page.file, read.line, unit.id, "not translated (no target)")
        targets[unit.id] = _check_codes(page, read, unit, codes)
    return targets


def _comparable(items: list) -> list:
    text = "".join(item if isinstance(item, str) else f"\x00{item.kind}:{item.id}\x00" for item in items)
    return text.split()


def _comparable_source(unit: Unit) -> list:
    return _comparable([item if isinstance(item, str) else Ref(item.kind, item.id) for item in unit.content])


def _check_codes(page: ReadPage, read: ReadUnit, unit: Unit, codes: dict[tuple[str, str], Code]) -> Content:
    items: list = []
    open_stack: list[str] = []
    seen: set[tuple[str, str]] = set()
    for item in read.target or []:
        if isinstance(item, str):
            items.append(item)
            continue
        code = codes.get((item.id, item.kind))
        if code is None:
            raise ExchangeError(
                page.file, read.line, unit.id, f"broken inline code: {_describe(item)} is not in the source"
            )
        if (item.id, item.kind) in seen:
            raise ExchangeError(
                page.file, read.line, unit.id, f"broken inline code: {_describe(item)} occurs twice"
            )
        seen.add((item.id, item.kind))
        if item.kind == "open":
            open_stack.append(item.id)
        elif item.kind == "close" and (not open_stack or open_stack.pop() != item.id):
            raise ExchangeError(
                page.file,
                read.line,
                unit.id,
                f"broken inline code: {_describe(item)} closes out of order",
            )
        items.append(code)
    missing = [key for key in codes if key not in seen]
    if missing:
        code_id, kind = missing[0]
        raise ExchangeError(
            page.file,
            read.line,
            unit.id,
            f"broken inline code: {_describe(Ref(kind, code_id))} ({codes[missing[0]].name}) "
            "is missing from the target",
        )
    return tuple(items)


def _describe(ref: Ref) -> str:
    return {"open": f"code {ref.id} (start)", "close": f"code {ref.id} (end)"}.get(ref.kind, f"code {ref.id}")


# Writing Markdown ------------------------------------------------------------------------------


def _texts(units: list[Unit], contents: dict[str, Content]) -> dict[str, str]:
    """Each unit's Markdown; sub-flows (alt texts, titles) as plain text for their codes."""
    texts: dict[str, str] = {}
    for unit in units:
        if unit.parent is not None:
            texts[unit.id] = plain_text(contents[unit.id])
    for unit in units:
        if unit.parent is None and unit.kind in PLAIN_METADATA:
            texts[unit.id] = plain_text(contents[unit.id]).strip()
        elif unit.parent is None:
            texts[unit.id] = render_inline(contents[unit.id], texts).strip()
    return texts


def _render_new(source: Page, targets: dict[str, Content]) -> str:
    """The translation written from the original: every block replaced by its translation."""
    texts = _texts(source.units, targets)
    lines = list(source.lines)
    for block in sorted(source.blocks, key=lambda b: b.start, reverse=True):
        lines[block.start : block.end] = render_block(block, texts, lines[block.start : block.end])
    return "".join(line for line in lines if not _is_placeholder_line(line, source))


def _is_placeholder_line(line: str, page: Page) -> bool:
    header_end = len(page.header)
    return line in page.lines[:header_end] and line.split(":", 1)[0].strip().lower() == PLACEHOLDER_KEY


def _update(source: Page, translation: Page, targets: dict[str, Content]) -> tuple[str, int]:
    """Changed blocks rewritten in place; a section whose structure differs, from the original."""
    paired = pair_units(source, translation)
    contents = {unit.id: unit.content for unit in translation.units}
    changed_blocks: set[int] = set()
    sub_changes: dict[str, Content] = {}
    for index, unit in enumerate(source.units):
        own = paired.get(index)
        if own is None:
            continue
        new = _onto(targets[unit.id], unit.content, own.content)
        if _markdown(new, own) != _markdown(own.content, own):
            contents[own.id] = new
            changed_blocks.add(own.block)
            if own.parent is not None:
                sub_changes[own.id] = new
    # Units of the original that pair with nothing: their section comes from the original.
    unpaired_sections = sorted(
        {unit.section for index, unit in enumerate(source.units) if index not in paired}
    )
    source_texts = _texts(source.units, targets)
    texts = _texts(translation.units, contents) | {
        key: value for key, value in source_texts.items() if key not in contents
    }
    edits: list[tuple[int, int, list[str]]] = []
    lines = translation.lines
    metadata_units = [unit for unit in source.units if unit.section == 0 and unit.parent is None]
    if len(source.sections) != len(translation.sections):
        # Drifted: the whole body from the original, the translation's own header kept.
        body = _render_lines(source, source.sections[0][0], len(source.lines), source_texts)
        edits.append((translation.sections[0][0], len(lines), body))
        unpaired_sections = []
        changed_blocks = {b for b in changed_blocks if translation.blocks[b].kind == "meta"}
    for section in unpaired_sections:
        start, end = source.sections[section]
        own_start, own_end = translation.sections[section]
        edits.append((own_start, own_end, _render_lines(source, start, end, source_texts)))
        changed_blocks = {
            b for b in changed_blocks if not (own_start <= translation.blocks[b].start < own_end)
        }
    for number in changed_blocks:
        block = translation.blocks[number]
        edits.append((block.start, block.end, render_block(block, texts, lines[block.start : block.end])))
    # Metadata the original has and the translation lacks: added to its header.
    own_keys = {unit.kind for unit in translation.units if unit.parent is None and unit.section == 0}
    added = [
        f"{_key_as_written(source, unit)}: {' '.join(source_texts[unit.id].split())}\n"
        for unit in metadata_units
        if source.blocks[unit.block].kind == "meta" and unit.kind not in own_keys
    ]
    if added:
        edits.append((len(translation.header), len(translation.header), added))
    new_lines = list(lines)
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        new_lines[start:end] = replacement
    header_end = len(translation.header) + len(added)
    text = "".join(
        line
        for number, line in enumerate(new_lines)
        if not (number < header_end and line.split(":", 1)[0].strip().lower() == PLACEHOLDER_KEY)
    )
    return text, len(edits)


def _key_as_written(page: Page, unit: Unit) -> str:
    return page.blocks[unit.block].key


def _render_lines(source: Page, start: int, end: int, texts: dict[str, str]) -> list[str]:
    lines = list(source.lines[start:end])
    for block in sorted(source.blocks, key=lambda b: b.start, reverse=True):
        if start <= block.start < end:
            lines[block.start - start : block.end - start] = render_block(
                block, texts, lines[block.start - start : block.end - start]
            )
    return lines


def _markdown(content: Content, unit: Unit) -> str:
    if unit.parent is not None or unit.kind in PLAIN_METADATA:
        return plain_text(content)
    return " ".join(render_inline(content, {}).split())


def _onto(target: Content, source: Content, own: Content) -> Content:
    """The target with the translation's own codes where they match the source's (its links)."""
    mapped = map_codes(source, own)
    if mapped is None:
        return target
    own_by_source: dict[tuple[str, str], Code] = {}
    own_codes = [item for item in own if isinstance(item, Code)]
    for mine, theirs in zip(own_codes, [item for item in mapped if isinstance(item, Code)], strict=True):
        own_by_source[(theirs.id, theirs.kind)] = mine
    return tuple(
        own_by_source.get((item.id, item.kind), item) if isinstance(item, Code) else item for item in target
    )
