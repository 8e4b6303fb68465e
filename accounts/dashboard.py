"""Each role lands on its own dashboard showing what it has to do next.

Every app contributes sections (role, template, context function) in its ``AppConfig.ready()``
(see each app's ``registrations.py``): accounts sits below them and knows none. The context
function takes the user and returns the template's context; it reads through that app's
selectors. ``order`` places the section on the page, lower first (the stages of a round).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.models import User


@dataclass(frozen=True)
class Section:
    role: str
    template: str
    context: Callable[[User], dict[str, Any]]
    order: int


_sections: dict[tuple[str, str], Section] = {}


def register_section(
    role: str, template: str, context: Callable[[User], dict[str, Any]], *, order: int
) -> None:
    """Add an app's section for ``role`` (registering the same role and template replaces it)."""
    _sections[(role, template)] = Section(role, template, context, order)


def sections() -> list[Section]:
    """Every registered section, in page order."""
    return sorted(_sections.values(), key=lambda s: s.order)


def sections_for(user: User, roles: frozenset[str]) -> list[dict[str, Any]]:
    return [
        {"role": section.role, "template": section.template, "context": section.context(user)}
        for section in sections()
        if section.role in roles
    ]
