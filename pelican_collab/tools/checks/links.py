"""Links and anchors: every internal link, asset and ``#anchor`` resolves to a file
(and an element id) in the output; absolute links to ``SITEURL`` count as internal."""

from __future__ import annotations

from urllib.parse import unquote

from .base import DEFECT, Check, CheckedSite

#: Fragments browsers resolve without an element of that id.
BUILT_IN_FRAGMENTS = {"", "top"}


def broken_links(site: CheckedSite) -> list[str]:
    output = site.output
    found: list[str] = []
    for path in output.files:
        seen: set[str] = set()
        for link in output.parsed(path).links:
            if link.value in seen:
                continue
            seen.add(link.value)
            target, fragment, problem = output.resolve(link.value, path)
            where = f"{output.relative(path)}:{link.line}"
            if problem:
                found.append(f"{where}: broken link {link.value}: {problem}")
            elif target is not None and target.suffix == ".html":
                anchor = unquote(fragment)
                if anchor not in BUILT_IN_FRAGMENTS and anchor not in output.parsed(target).ids:
                    found.append(
                        f"{where}: broken link {link.value}: no id {anchor!r} in {output.relative(target)}"
                    )
    return found


CHECK = Check("links", DEFECT, "links and anchors", broken_links)
