"""The hooks and registries through which the apps above a lower app take part in it."""

from __future__ import annotations

import pytest

from common.hooks import Hook, Registry


def test_a_hook_calls_its_handlers_once_each_in_the_order_connected() -> None:
    calls: list[tuple[str, int]] = []
    hook: Hook[[int]] = Hook("moment")

    def first(n: int) -> None:
        calls.append(("first", n))

    def second(n: int) -> None:
        calls.append(("second", n))

    hook.connect(first)
    hook.connect(second)
    hook.connect(first)
    hook.send(7)
    assert calls == [("first", 7), ("second", 7)]


def test_a_handler_s_error_reaches_the_sender() -> None:
    hook: Hook[[]] = Hook("moment")

    def refuse() -> None:
        raise ValueError("refused")

    hook.connect(refuse)
    with pytest.raises(ValueError, match="refused"):
        hook.send()


def test_a_registry_keeps_the_order_added_and_each_item_once() -> None:
    registry: Registry[str] = Registry("sections")
    for item in ["reviews", "publicity", "reviews", "grants"]:
        registry.add(item)
    assert list(registry) == ["reviews", "publicity", "grants"]
    assert len(registry) == 3
