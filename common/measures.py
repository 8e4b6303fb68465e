"""How users see the rules: by the articles of the measures (赣市府发〔2022〕15号), never by
the portal's internal rule ids (R1..R15, docs/rules.md), which stay in code and developer docs.

``RULE_ARTICLES`` names, for each rule id a :class:`common.errors.DomainError` may carry, the
article(s) a refusal under that rule cites (as docs/rules.md lists them); a rule
with no single article to cite (the stage order, the decision log) shows none.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language
from django.utils.translation import gettext as _

RULE_ARTICLES: dict[str, tuple[int, ...]] = {
    "R1": (),  # stages and their order: Art. 6, 10, 16-22, cited where a message needs it
    "R2": (6,),
    "R3": (7,),
    "R4": (8,),
    "R5": (13,),
    "R6": (15,),
    "R7": (27,),
    "R8": (28, 30),
    "R9": (23,),
    "R10": (26,),
    "R11": (30,),
    "R12": (31,),
    "R13": (28,),
    "R14": (),  # the decision log: Art. 10, 11(6), 32
    "R15": (23,),
}

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1..99 as Chinese numerals, as articles are numbered: 6 -> 六, 27 -> 二十七."""
    if not 0 < number < 100:
        raise ValueError(number)
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


def cite_articles(articles: tuple[int, ...]) -> str:
    """ "Art. 28 and 30 of the Measures" / "《管理办法》第二十八条、第三十条" (in the active
    language); empty for no article."""
    if not articles:
        return ""
    if (get_language() or "").startswith("zh"):
        return "《管理办法》" + "、".join(f"第{chinese_numeral(n)}条" for n in articles)
    numbers = [str(n) for n in articles]
    joined = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return f"Art. {joined} of the Measures"


_ARTICLE = re.compile(r"Art\. (\d+)")


def rule_citation(rule: str) -> str:
    """The article(s) a refusal under ``rule`` cites, or "" for none: an internal rule id
    (R1..R15) or an article named directly ("Art. 24")."""
    if rule in RULE_ARTICLES:
        return cite_articles(RULE_ARTICLES[rule])
    return cite_articles(tuple(int(n) for n in _ARTICLE.findall(rule)))


def with_citation(message: str, rule: str, articles: tuple[int, ...] = ()) -> str:
    """``message`` followed by ``articles`` (or, if none are given, those of ``rule``) in
    brackets of the active language."""
    citation = cite_articles(articles) if articles else rule_citation(rule)
    if not citation:
        return message
    return _("%(message)s (%(articles)s)") % {"message": message, "articles": citation}


_BRACKETED_RULE_IDS = re.compile(r"\s?[(（](R\d{1,2}(?:[,，、] ?R\d{1,2})*)[)）]")


def cite_rule_ids(text: str) -> str:
    """``text`` with bracketed rule ids ("(R9)", "（R8、R11）"), as rows written before the
    portal cited articles carry them, replaced by the articles they stand for, or dropped."""

    def articles(match: re.Match[str]) -> str:
        numbers: list[int] = []
        for rule in re.findall(r"R\d{1,2}", match.group(1)):
            numbers += [n for n in RULE_ARTICLES.get(rule, ()) if n not in numbers]
        if not numbers:
            return ""
        return _("%(message)s (%(articles)s)") % {
            "message": "",
            "articles": cite_articles(tuple(numbers)),
        }

    return _BRACKETED_RULE_IDS.sub(articles, text)
