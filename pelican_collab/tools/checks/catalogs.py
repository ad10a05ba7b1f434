"""Interface catalogs: a language whose theme catalog has untranslated or fuzzy strings
shows readers text in another language. (A language with no catalog at all falls back
to the English interface text, as documented, and is not a finding.)"""

from __future__ import annotations

from ...translation.freshness import catalog_states, site_paths
from .base import DEFECT, Check, CheckedSite


def incomplete_catalogs(site: CheckedSite) -> list[str]:
    states = catalog_states(site_paths(site.settings))
    return [state.problem for state in states if state.problem]


CHECK = Check("catalogs", DEFECT, "the interface catalogs", incomplete_catalogs)
