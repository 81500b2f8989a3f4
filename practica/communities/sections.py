"""Sections of a community's home page, contributed by the apps above communities.

Communities cannot import the apps built on it (discussions, meetings, library ...), so each app registers
what it adds to a community's home page when it loads. Sections show what is *inside* the community, so
the page builds them only for people who may read inside it. Each section's function must cost a fixed
number of queries, whatever the data: the community home page's query budget is the sum.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CommunitySection:
    name: str
    template: str
    # build(user, community) -> the template's `data`, or None to leave the section out.
    build: Callable[[object, object], dict | None]
    order: int = 100


_sections: dict[str, CommunitySection] = {}


def register_community_section(section: CommunitySection) -> None:
    _sections[section.name] = section


def build_community_sections(user, community) -> list[dict]:
    """The sections to show this reader of the community, in order; a section returning None is left out."""
    built = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        data = section.build(user, community)
        if data is not None:
            built.append({"name": section.name, "template": section.template, "data": data})
    return built
