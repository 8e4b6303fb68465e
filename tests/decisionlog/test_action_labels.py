"""Every action code written to the decision log reads as a label (no raw codes on the page).

The scan (``action_scan.py``) collects codes from the source, so an action added anywhere
without a label in ``decisionlog/labels.py`` fails here with its file and line.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from django.utils import translation

from decisionlog.labels import (
    ACTION_LABELS,
    KIND_LABELS,
    KIND_STATE_ENUMS,
    action_label,
    kind_enum,
    state_label,
)
from decisionlog.services import record_decision
from tests.decisionlog.action_scan import scan
from tests.factories import RoundFactory


def is_labelled(action: str) -> bool:
    """Whether ``action`` reads as words: listed, or a move to a state of a known kind."""
    if action in ACTION_LABELS:
        return True
    kind, _sep, state = action.partition(".")
    enum = kind_enum(kind)
    return kind in KIND_LABELS and enum is not None and state in enum.values


@pytest.fixture(scope="module")
def scanned():
    return scan()


def test_scan_finds_the_log_writers_and_known_codes(scanned):
    # The scan is not vacuous: it sees the writers and codes of several apps.
    assert {"record_decision", "transition_state"} <= scanned.writers
    assert {"incident.report", "list.confirm", "list.amend", "review.release_feedback"} <= set(
        scanned.codes
    )
    assert {"application", "grant", "revocation"} <= set(scanned.kinds)


def test_every_action_code_in_the_source_has_a_label(scanned):
    missing = sorted(
        f"{code} ({', '.join(str(s) for s in sites)})"
        for code, sites in scanned.codes.items()
        if not is_labelled(code)
    )
    assert not missing, "Action codes without a label in decisionlog/labels.py:\n" + "\n".join(
        missing
    )


def test_every_dynamic_kind_has_a_label_and_a_state_enum(scanned):
    missing = sorted(
        f"{kind} ({', '.join(str(s) for s in sites)})"
        for kind, sites in scanned.kinds.items()
        if kind not in KIND_LABELS or kind_enum(kind) is None
    )
    assert not missing, (
        "Kinds written as f'<kind>.{state}' without KIND_LABELS/KIND_STATE_ENUMS:\n"
        + ("\n".join(missing))
    )


def test_every_action_argument_can_be_checked(scanned):
    assert not scanned.unresolved, (
        "Write action codes as literals, f'<kind>.{state}' or module constants:\n"
        + "\n".join(f"{site}: {expr}" for site, expr in scanned.unresolved)
    )


def test_kind_enums_import():
    for kind in KIND_STATE_ENUMS:
        assert kind_enum(kind) is not None, kind


def test_labels_are_translated_not_codes():
    with translation.override("zh-hans"):
        for code in ACTION_LABELS:
            assert action_label(code) != code


def test_state_move_reads_as_kind_and_state():
    with translation.override("en"):
        assert action_label("revocation.revoked") == (
            "Revocation case: Revoked by the municipal government"
        )
        assert action_label("no_such.thing") == "no_such.thing"
        assert not is_labelled("no_such.thing")
        assert not is_labelled("grant.no_such_state")


def test_state_display_prefers_the_logged_objects_field():
    # A draw's states live in DrawStatus although its action starts with "review.".
    from reviews.enums import DrawStatus

    with translation.override("en"):
        assert state_label("review", DrawStatus.ACCEPTED, "reviews.Draw") == str(
            DrawStatus.ACCEPTED.label
        )
        assert state_label("review", "unknown_code", "no.Such") == "unknown_code"
        assert state_label("security", "required", "accounts.SecondFactorPolicy") == "Required"


@pytest.mark.django_db
def test_a_logged_row_shows_labels():
    round = RoundFactory()
    entry = record_decision(actor=None, action="list.amend", obj=round, reason="r")
    with translation.override("en"):
        assert entry.action_display == "Proposed list amended by the leading group"


def _write(tmp_path: Path, rel: str, text: str) -> None:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_scan_follows_wrappers_constants_and_conditionals(tmp_path):
    _write(
        tmp_path,
        "app/services.py",
        """
        from decisionlog.services import record_decision
        from decisionlog.workflow import transition_state

        DONE = "thing.done"

        def log_it(obj, *, action):
            record_decision(actor=None, action=action, obj=obj)

        def outer(obj, flag):
            log_it(obj, action="thing.a" if flag else "thing.b")
            transition_state(obj, "x", table={}, actor=None, action=f"thing.{flag}")
            record_decision(actor=None, action=DONE, obj=obj)
            record_decision(actor=None, action=obj.code, obj=obj)
        """,
    )
    _write(tmp_path, "tests/test_x.py", "record_decision(action='ignored.code')\n")
    _write(tmp_path, ".venv/lib/x.py", "record_decision(action='ignored.venv')\n")
    result = scan(tmp_path)
    assert "log_it" in result.writers
    assert set(result.codes) == {"thing.a", "thing.b", "thing.done"}
    assert set(result.kinds) == {"thing"}
    assert [expr for _site, expr in result.unresolved] == ["obj.code"]
