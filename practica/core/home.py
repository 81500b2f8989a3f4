"""Sections of the signed-in home page, contributed by the apps above core.

Core cannot import the apps built on it, so each app registers what it adds to the home page (its
communities, upcoming meetings, latest topics ...) when it loads. Each section's function must cost a fixed
number of queries, whatever the data: the home page's query budget is the sum.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeSection:
    name: str
    template: str
    build: Callable[[object], dict | None]
    order: int = 100


_sections: dict[str, HomeSection] = {}


def register_home_section(section: HomeSection) -> None:
    _sections[section.name] = section


def build_home_sections(user) -> list[dict]:
    """The sections to show this user, in order; a section returning None is left out."""
    built = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        data = section.build(user)
        if data is not None:
            built.append({"name": section.name, "template": section.template, "data": data})
    return built


@dataclass(frozen=True)
class StaffTool:
    """A card on the staff tools page, contributed by the app that owns the tool."""

    title: str
    description: str
    url_name: str
    order: int = 100


_staff_tools: dict[str, StaffTool] = {}


def register_staff_tool(tool: StaffTool) -> None:
    _staff_tools[tool.url_name] = tool


def staff_tools() -> list[StaffTool]:
    return sorted(_staff_tools.values(), key=lambda tool: (tool.order, tool.url_name))
