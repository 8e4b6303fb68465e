"""show_refusal: a service's DomainError becomes a form error or a message; success passes."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import translation

from common.errors import DomainError
from common.views import show_refusal


class _Form(forms.Form):
    email = forms.EmailField(required=False)
    name = forms.CharField(required=False)


class _FieldRefused(DomainError):
    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _messages(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_user_message_cites_the_article_never_the_rule_id() -> None:
    with translation.override("en"):
        assert DomainError("Full.", rule="R2").user_message == "Full. (Art. 6 of the Measures)"
        assert DomainError("Closed.", rule="R1", articles=(16,)).user_message == (
            "Closed. (Art. 16 of the Measures)"
        )
        assert DomainError("Closed.", rule="R1").user_message == "Closed."
        assert DomainError("Closed.").user_message == "Closed."
    assert str(DomainError("Closed.", rule="R1")) == "R1: Closed."  # logs and developers


def test_the_old_import_path_is_the_same_class() -> None:
    from decisionlog.workflow import DomainError as Old

    assert Old is DomainError


def test_refusal_without_form_becomes_an_error_message() -> None:
    request = _request()
    reached = []
    with show_refusal(request):
        raise DomainError("The window is closed.", rule="R2")
        reached.append("after")  # never runs
    assert reached == []
    assert _messages(request) == [("error", "The window is closed.（《管理办法》第六条）")]


def test_refusal_with_form_becomes_an_error_above_the_form() -> None:
    request = _request()
    form = _Form({})
    form.is_valid()
    with show_refusal(request, form=form):
        raise DomainError("Already answered.")
    assert form.non_field_errors() == ["Already answered."]
    assert _messages(request) == []


def test_refusal_goes_to_the_given_field() -> None:
    form = _Form({})
    form.is_valid()
    with translation.override("en"), show_refusal(_request(), form=form, field="email"):
        raise DomainError("Invited already.", rule="Art. 9")
    assert form.errors == {"email": ["Invited already. (Art. 9 of the Measures)"]}


def test_refusal_naming_a_field_of_the_form_goes_there() -> None:
    form = _Form({})
    form.is_valid()
    with show_refusal(_request(), form=form, field="email"):
        raise _FieldRefused("Choose a name.", field="name")
    assert form.errors == {"name": ["Choose a name."]}


def test_refusal_naming_an_unknown_field_goes_to_the_given_one() -> None:
    form = _Form({})
    form.is_valid()
    with show_refusal(_request(), form=form):
        raise _FieldRefused("Choose a name.", field="nickname")
    assert form.non_field_errors() == ["Choose a name."]


def test_success_runs_the_whole_block_and_shows_nothing() -> None:
    request = _request()
    done = []
    with show_refusal(request):
        done.append("service")
        done.append("success message")
    assert done == ["service", "success message"]
    assert _messages(request) == []


def test_other_errors_pass_through() -> None:
    request = _request()
    try:
        with show_refusal(request):
            raise ValueError("a bug")
    except ValueError as error:
        assert str(error) == "a bug"
    else:
        raise AssertionError("the ValueError was swallowed")


def test_show_rule_false_leaves_the_rule_out() -> None:
    request = _request()
    form = _Form({})
    form.is_valid()
    with show_refusal(request, form=form, show_rule=False):
        raise DomainError("Score every item first.", rule="R12")
    with show_refusal(request, show_rule=False):
        raise DomainError("The window is closed.", rule="R1")
    assert form.non_field_errors() == ["Score every item first."]
    assert _messages(request) == [("error", "The window is closed.")]
