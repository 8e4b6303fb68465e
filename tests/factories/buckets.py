"""R2 / Art. 6: the sector buckets tests run programmes and rounds under: three buckets (制造业
C / 建筑业 E / 服务业, the catch-all), as a city keeping construction apart does, and a zone's
one bucket; as rule-settings JSON and as the lines the rules page takes."""

from __future__ import annotations

from typing import Any

THREE_BUCKET_CODES = ("manufacturing", "construction", "service")


def three_buckets(
    prize: tuple[int, int, int] = (2, 1, 2), nomination: tuple[int, int, int] = (2, 1, 2)
) -> list[dict[str, Any]]:
    """The three buckets with their prize and nomination places (manufacturing, construction,
    service); by default 2 + 1 + 2 of 5 at each level. A new list each call."""
    sections = (["C"], ["E"], [])
    names = ("制造业", "建筑业", "服务业")
    return [
        {
            "code": code,
            "name": name,
            "sections": list(section),
            "prize_places": prize[i],
            "nomination_places": nomination[i],
        }
        for i, (code, name, section) in enumerate(
            zip(THREE_BUCKET_CODES, names, sections, strict=True)
        )
    ]


# The default three buckets as the office types them on the rules page.
THREE_BUCKET_LINES = "manufacturing | 制造业 | C | 2 | 2\nconstruction | 建筑业 | E | 1 | 1\nservice | 服务业 | * | 2 | 2"


def one_bucket(prize: int = 3, nomination: int = 0) -> list[dict[str, Any]]:
    """A zone award's one bucket taking every section."""
    return [
        {
            "code": "all",
            "name": "全部行业",
            "sections": [],
            "prize_places": prize,
            "nomination_places": nomination,
        }
    ]
