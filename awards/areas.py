"""R5 / Art. 13(1): a programme's registration area, "在本市行政区域内依法登记注册".

The area is a rule setting (``RuleSettings.registration_area``): the codes of the divisions
(``organisations.Division``) whose organisations may apply, kept by each round when it opens.
It is stored as divisions, never as "a whole city", so that a division added to a city later
does not widen a round already open; the pages name a city whose every division is in the
area by the city's name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.models import Round
from awards.rulesets import RuleSettings, round_rule_settings
from common.measures import with_citation
from decisionlog.workflow import DomainError
from organisations.models import Division, Organisation


@dataclass(frozen=True)
class CityDivisions:
    """A prefecture-level city and its divisions, in their official order."""

    city: str
    divisions: tuple[Division, ...]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(division.code for division in self.divisions)


def all_divisions() -> list[Division]:
    """Every division, in the official order (one query)."""
    return list(Division.objects.order_by("order", "code"))


def divisions_by_city(divisions: Sequence[Division] | None = None) -> list[CityDivisions]:
    """The divisions grouped by their city, the cities in the order of their first division;
    divisions without a city form a group of their own (named "")."""
    groups: dict[str, list[Division]] = {}
    for division in all_divisions() if divisions is None else divisions:
        groups.setdefault(division.city, []).append(division)
    return [CityDivisions(city, tuple(members)) for city, members in groups.items()]


def ordered_area(codes: Iterable[str], divisions: Sequence[Division] | None = None) -> list[str]:
    """The codes in the divisions' official order, each once (the same choice is never a
    change of the rules); unknown codes last, as given."""
    chosen = set(codes)
    known = [d.code for d in (all_divisions() if divisions is None else divisions)]
    return [code for code in known if code in chosen] + sorted(chosen - set(known))


def unknown_division_codes(codes: Iterable[str]) -> list[str]:
    """The codes that name no division."""
    given = set(codes)
    known = set(Division.objects.filter(code__in=given).values_list("code", flat=True))
    return sorted(given - known)


def area_parts(codes: Iterable[str], divisions: Sequence[Division] | None = None) -> list[str]:
    """The area as the pages list it: a city whose every division is in it by the city's
    name ("the whole of 赣州市"), other divisions by their names; empty for no restriction."""
    chosen = set(codes)
    if not chosen:
        return []
    parts: list[str] = []
    groups = divisions_by_city(divisions)
    for group in groups:
        inside = [d for d in group.divisions if d.code in chosen]
        if not inside:
            continue
        if group.city and len(inside) == len(group.divisions) and len(inside) > 1:
            parts.append(_("the whole of %(city)s") % {"city": group.city})
        else:
            parts.extend(d.name for d in inside)
    known = {d.code for group in groups for d in group.divisions}
    parts.extend(sorted(chosen - known))
    return parts


def area_text(codes: Iterable[str], divisions: Sequence[Division] | None = None) -> str:
    """The area in one phrase (赣州市行政区域、南昌市红谷滩区), or "no restriction"."""
    parts = area_parts(codes, divisions)
    return "、".join(parts) if parts else _("no restriction")


def in_registration_area(
    organisation: Organisation, round: Round, settings: RuleSettings | None = None
) -> bool:
    """R5 / Art. 13(1): whether the organisation is registered within the area ``round``'s
    rules kept (no query: the round's copy and the organisation's division id). ``settings``:
    the round's rules when the caller has read them already."""
    area = (settings or round_rule_settings(round)).registration_area
    if not area:
        return True
    return organisation.division.code in area


def _outside_message(
    organisation: Organisation, round: Round, divisions: Sequence[Division] | None
) -> str | None:
    if in_registration_area(organisation, round):
        return None
    return _(
        "%(programme)s is open only to organisations registered in %(area)s; %(organisation)s "
        "is registered in %(division)s."
    ) % {
        "programme": round.programme.name,
        "area": area_text(round_rule_settings(round).registration_area, divisions),
        "organisation": organisation.name,
        "division": organisation.division.name,
    }


def area_refusal(
    organisation: Organisation, round: Round, divisions: Sequence[Division] | None = None
) -> str | None:
    """R5 / Art. 13(1): why the organisation cannot apply to ``round``, registered outside
    the round's area, with the article it rests on; None inside the area. ``divisions`` (all
    of them) spares a query per round on a page listing several."""
    message = _outside_message(organisation, round, divisions)
    return None if message is None else with_citation(message, "R5", (13,))


def check_registration_area(organisation: Organisation, round: Round) -> None:
    """R5 / Art. 13(1): an organisation registered outside the round's area cannot apply,
    nor nominate its people (a nominee follows the employer's registration)."""
    message = _outside_message(organisation, round, None)
    if message is not None:
        raise DomainError(message, rule="R5", articles=(13,))
