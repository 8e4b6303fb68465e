"""The assignment suggestion and the random draw (随机抽取) of reviewers, as pure functions.

Everything the draw depends on is plain data (``DrawInputs``), recorded with the draw and in the
decision log (R14), so that running :func:`draw` again with the recorded seed and inputs gives
the same result: the draw can be checked by anyone afterwards.

- Conflicts (R12) are resolved before the draw: an application's candidates are the pool less
  the experts excluded for it (conflict declared, detected or named; already assigned or
  withdrawn). The draw never sees an excluded expert.
- The suggestion prefers experts whose industries match the applicant's, then the lighter
  load, then the seeded lottery; the random draw takes the lighter load, then the lottery.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reviews.enums import DrawMethod

# The largest seed the office may enter (fits in a PositiveBigIntegerField).
MAX_SEED = 2**63 - 1
MAX_PER_APPLICATION = 15


@dataclass(frozen=True)
class DrawInputs:
    """What a draw depends on. ``needed`` maps each application to the number of reviewers it
    still needs; ``excluded`` the experts it may not have (R12 conflicts, already assigned or
    withdrawn); ``matches`` the experts whose industries match it; ``load`` each expert's
    active assignments in the round before the draw."""

    pool: tuple[int, ...]
    needed: Mapping[int, int]
    excluded: Mapping[int, frozenset[int]] = field(default_factory=dict)
    matches: Mapping[int, frozenset[int]] = field(default_factory=dict)
    load: Mapping[int, int] = field(default_factory=dict)

    def candidates(self, application_id: int) -> list[int]:
        excluded = self.excluded.get(application_id, frozenset())
        return [e for e in self.pool if e not in excluded]

    def to_json(self) -> dict[str, Any]:
        """JSON-safe form (keys as strings, lists sorted) stored with the draw and logged."""
        return {
            "pool": sorted(self.pool),
            "needed": {str(k): v for k, v in sorted(self.needed.items())},
            "excluded": {str(k): sorted(v) for k, v in sorted(self.excluded.items()) if v},
            "matches": {str(k): sorted(v) for k, v in sorted(self.matches.items()) if v},
            "load": {str(k): v for k, v in sorted(self.load.items()) if v},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DrawInputs:
        return cls(
            pool=tuple(sorted(int(e) for e in data.get("pool", []))),
            needed={int(k): int(v) for k, v in data.get("needed", {}).items()},
            excluded={int(k): frozenset(map(int, v)) for k, v in data.get("excluded", {}).items()},
            matches={int(k): frozenset(map(int, v)) for k, v in data.get("matches", {}).items()},
            load={int(k): int(v) for k, v in data.get("load", {}).items()},
        )


def draw(inputs: DrawInputs, *, seed: int, method: str) -> dict[int, list[int]]:
    """The reviewers drawn for each application (expert ids, in the order drawn).

    Applications are served in id order; for each, every candidate gets a lottery ticket from
    ``random.Random(seed)`` (in expert id order), and the candidates are ranked by
    (industry match first, for the suggestion) lighter load, then the ticket. The first
    ``needed`` are drawn and their load goes up by one. Deterministic for given inputs, seed
    and method. An application with fewer candidates than it needs gets all of them."""
    if method not in DrawMethod.values:
        raise ValueError(f"unknown draw method {method!r}")
    rng = random.Random(seed)
    load = {e: int(inputs.load.get(e, 0)) for e in inputs.pool}
    result: dict[int, list[int]] = {}
    for application_id in sorted(inputs.needed):
        candidates = sorted(inputs.candidates(application_id))
        tickets = {e: rng.random() for e in candidates}
        matches = inputs.matches.get(application_id, frozenset())
        keys = {
            e: (0 if method == DrawMethod.RANDOM or e in matches else 1, load[e], tickets[e])
            for e in candidates
        }
        chosen = sorted(candidates, key=keys.__getitem__)[: max(0, inputs.needed[application_id])]
        for e in chosen:
            load[e] += 1
        result[application_id] = chosen
    return result


def result_to_json(result: Mapping[int, Iterable[int]]) -> dict[str, list[int]]:
    return {str(k): list(v) for k, v in sorted(result.items())}


def result_from_json(data: Mapping[str, Iterable[Any]]) -> dict[int, list[int]]:
    return {int(k): [int(e) for e in v] for k, v in data.items()}


def shortfalls(inputs: DrawInputs, result: Mapping[int, list[int]]) -> dict[int, int]:
    """Applications that could not get all the reviewers they need: how many are missing."""
    return {
        pk: needed - len(result.get(pk, []))
        for pk, needed in inputs.needed.items()
        if len(result.get(pk, [])) < needed
    }


# --- industries ----------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[、,，;；/|\s]+")


def industry_tokens(industries: str) -> list[str]:
    """The expert's industries as words: "制造业、电子信息" -> ["制造业", "电子信息"]."""
    return [t for t in _SEPARATORS.split(industries or "") if t]


def industry_matches(tokens: Iterable[str], descriptors: Iterable[str]) -> bool:
    """Whether any of the expert's industry words names the applicant's industry: equal to its
    GB/T 4754 section letter, or contained in (or containing) its section, class or sector
    name. A single letter only ever matches the section letter."""
    names = [d.strip().lower() for d in descriptors if d and d.strip()]
    letters = {d for d in names if len(d) == 1}
    words = [d for d in names if len(d) > 1]
    for token in tokens:
        t = token.strip().lower()
        if not t:
            continue
        if len(t) == 1:
            if t in letters:
                return True
            continue
        if any(t in w or w in t for w in words):
            return True
    return False
