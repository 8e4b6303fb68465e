"""The error every service raises when a rule refuses an action (the measures' articles, R-rules).

It lives at the bottom layer so that any app may raise or catch it; views turn it into a
message with :func:`common.views.run_service` or a form error."""

from __future__ import annotations

from common.measures import with_citation


class DomainError(Exception):
    """A rule of the measures refuses this action; the message is shown to the user."""

    def __init__(self, message: str, *, rule: str = "", articles: tuple[int, ...] = ()) -> None:
        """``rule``: the internal rule id (R1..R15, docs/rules.md), for code and logs;
        ``articles``: the articles of the measures the page cites, when not the rule's own
        (``common.measures.RULE_ARTICLES``), e.g. Art. 6 for R1's one round every two years."""
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.articles = articles

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}" if self.rule else self.message

    @property
    def user_message(self) -> str:
        """The message as a page shows it: with the article of the measures its rule rests on,
        if any (never the internal rule id)."""
        return with_citation(self.message, self.rule, self.articles)
