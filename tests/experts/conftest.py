"""The expert pool's tests use the review's fixtures (the office, a round in material review,
an eligible application and an expert), with English messages for exact asserts."""

from tests.reviews.conftest import _english, application, office, reviewer, round

__all__ = ["_english", "application", "office", "reviewer", "round"]
