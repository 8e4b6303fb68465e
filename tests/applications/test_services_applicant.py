"""The applicant organisation's services: start, dossier, attachments, submission, withdrawal
(R1 window, R7 interval, R8 bar, R13 declaration and versions)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from applications.enums import ApplicationStatus
from applications.models import Application, Attachment, DossierVersion
from applications.services.application import (
    DossierConflict,
    add_attachment,
    declaration_text,
    remove_attachment,
    start_application,
    submit_application,
    update_dossier,
    withdraw_application,
)
from awards.enums import PrizeLevel, RoundStage
from common.dates import last_day_and_next
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from demo.dossiers import sample_form_data
from grants.enums import BanReason
from grants.models import ApprovalDecision, AwardGrant
from notifications.models import Notification
from sanctions.models import Ban
from tests.applications.factories import FullFormApplicationFactory
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RecommenderFactory,
    RoundFactory,
    applicant_user,
    office_user,
    programme,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def pdf(name: str = "申报书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


def complete_draft(**kwargs):
    """A draft with every field, one attachment and a recommending unit: ready to submit."""
    application = FullFormApplicationFactory(recommender=RecommenderFactory(), **kwargs)
    user = applicant_user(application.organisation)
    add_attachment(application, actor=user, upload=pdf(), kind="form")
    return application, user


def award(organisation, year: int, level: str = PrizeLevel.PRIZE) -> AwardGrant:
    """A win in an earlier round, entered directly (as imported history would be)."""
    past = RoundFactory(year=year, stage=RoundStage.PUBLISHED)
    application = ApplicationFactory(
        round=past, organisation=organisation, status=ApplicationStatus.AWARDED
    )
    approval = ApprovalDecision.objects.create(
        round=past,
        approved_on=date(year, 12, 1),
        meeting="市政府常务会议",
        document_number=f"赣市府字〔{year}〕1号",
        recorded_by=office_user(),
    )
    return AwardGrant.objects.create(
        round=past,
        application=application,
        organisation=organisation,
        approval=approval,
        level=level,
        approved_on=date(year, 12, 1),
        valid_until=date(year + 3, 12, 1),
    )


# --- start_application ---------------------------------------------------------------------


def test_start_application_opens_a_draft_and_logs_it() -> None:
    round = RoundFactory()
    organisation = OrganisationFactory(industry_section="L")
    user = applicant_user(organisation)
    application = start_application(round, organisation, actor=user)
    assert application.status == ApplicationStatus.DRAFT
    assert application.sector == "service"  # R2: every section but C
    entry = DecisionLogEntry.objects.get(action="application.start")
    assert (entry.actor, entry.object_id, entry.to_state) == (user, str(application.pk), "draft")


def test_start_application_twice_returns_the_same_draft() -> None:
    round = RoundFactory()
    organisation = OrganisationFactory()
    user = applicant_user(organisation)
    first = start_application(round, organisation, actor=user)
    second = start_application(round, organisation, actor=user)
    assert first.pk == second.pk
    assert Application.objects.count() == 1


def test_start_application_for_another_organisation_is_refused() -> None:
    organisation = OrganisationFactory()
    outsider = applicant_user(OrganisationFactory())
    with pytest.raises(DomainError):
        start_application(RoundFactory(), organisation, actor=outsider)
    assert Application.objects.count() == 0


def test_start_application_after_the_deadline_is_refused_r1() -> None:
    round = RoundFactory()
    organisation = OrganisationFactory()
    user = applicant_user(organisation)
    with (
        time_machine.travel(round.applications_close_at, tick=False),
        pytest.raises(DomainError) as refused,
    ):
        start_application(round, organisation, actor=user)
    assert refused.value.rule == "R1"
    assert Application.objects.count() == 0


def test_start_application_of_a_barred_organisation_is_refused_saying_until_when_r8() -> None:
    round = RoundFactory()
    organisation = OrganisationFactory(name="赣州失信企业有限公司")
    user = applicant_user(organisation)
    today = timezone.localdate()
    Ban.objects.create(
        organisation=organisation,
        programme=programme(),
        reason=BanReason.values[0],
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=365),
    )
    with pytest.raises(DomainError) as refused:
        start_application(round, organisation, actor=user)
    assert refused.value.rule == "R8"
    dates = last_day_and_next(today + timedelta(days=365))
    assert refused.value.message == (
        f"赣州失信企业有限公司 is barred from applying until and including {dates['until']}; "
        f"it may apply again from {dates['next']}."
    )
    assert Application.objects.count() == 0


def test_expired_ban_does_not_refuse_r8() -> None:
    round = RoundFactory()
    organisation = OrganisationFactory()
    today = timezone.localdate()
    Ban.objects.create(
        organisation=organisation,
        programme=programme(),
        reason=BanReason.values[0],
        starts_on=today - timedelta(days=4000),
        ends_on=today - timedelta(days=1),
    )
    application = start_application(round, organisation, actor=applicant_user(organisation))
    assert application.status == ApplicationStatus.DRAFT


def test_prize_winner_applying_one_round_later_is_refused_r7() -> None:
    organisation = OrganisationFactory(name="赣州金牌企业有限公司")
    award(organisation, 2038)
    round = RoundFactory(year=2040)
    with pytest.raises(DomainError) as refused:
        start_application(round, organisation, actor=applicant_user(organisation))
    assert refused.value.rule == "R7"
    assert refused.value.message == (
        "赣州金牌企业有限公司 won the prize in the 2038 round and may apply again only after 2 "
        "full rounds have been held since; rounds held since: 0."
    )


def test_prize_winner_two_rounds_later_is_still_refused_r7() -> None:
    organisation = OrganisationFactory()
    award(organisation, 2038)
    RoundFactory(year=2040)
    with pytest.raises(DomainError) as refused:
        start_application(RoundFactory(year=2042), organisation, actor=applicant_user(organisation))
    assert refused.value.rule == "R7"


def test_prize_winner_may_apply_again_after_two_full_rounds_r7() -> None:
    organisation = OrganisationFactory()
    award(organisation, 2038)
    RoundFactory(year=2040)
    RoundFactory(year=2042)
    application = start_application(
        RoundFactory(year=2044), organisation, actor=applicant_user(organisation)
    )
    assert application.status == ApplicationStatus.DRAFT


def test_r7_art27_the_interval_counts_rounds_held_not_years() -> None:
    """Art. 27 "两届后": the round after the win slipped a year (2041), so in 2044, six years
    after the win, only one round has been held since: refused; the next round may."""
    organisation = OrganisationFactory()
    award(organisation, 2038)
    RoundFactory(year=2041)
    with pytest.raises(DomainError) as refused:
        start_application(RoundFactory(year=2044), organisation, actor=applicant_user(organisation))
    assert refused.value.rule == "R7" and "rounds held since: 1" in refused.value.message
    application = start_application(
        RoundFactory(year=2047), organisation, actor=applicant_user(organisation)
    )
    assert application.status == ApplicationStatus.DRAFT


@pytest.mark.parametrize(("required", "may_apply"), [(1, True), (2, False), (3, False)])
def test_r7_art27_the_rounds_required_are_those_of_the_rounds_rules(
    required: int, may_apply: bool
) -> None:
    """The round's kept rules say how many rounds a prize winner waits (the 2022 measures: 2):
    one round held since the win is enough only where one is required."""
    organisation = OrganisationFactory()
    award(organisation, 2070)
    RoundFactory(year=2072)
    round = RoundFactory(year=2074, rule_settings={"reapplication_rounds": required})
    if may_apply:
        application = start_application(round, organisation, actor=applicant_user(organisation))
        assert application.status == ApplicationStatus.DRAFT
        return
    with pytest.raises(DomainError) as refused:
        start_application(round, organisation, actor=applicant_user(organisation))
    assert (
        f"may apply again only after {required} full rounds have been held since; rounds held "
        "since: 1." in refused.value.message
    )


def test_r7_art27_a_round_never_called_was_not_held() -> None:
    organisation = OrganisationFactory()
    award(organisation, 2060)
    RoundFactory(year=2062, stage=RoundStage.DRAFT)
    RoundFactory(year=2064)
    with pytest.raises(DomainError) as refused:
        start_application(RoundFactory(year=2066), organisation, actor=applicant_user(organisation))
    assert "rounds held since: 1" in refused.value.message


def test_nomination_prize_winner_may_apply_in_the_next_round_r7() -> None:
    organisation = OrganisationFactory()
    award(organisation, 2038, level=PrizeLevel.NOMINATION)
    application = start_application(
        RoundFactory(year=2040), organisation, actor=applicant_user(organisation)
    )
    assert application.status == ApplicationStatus.DRAFT


# --- dossier and attachments ---------------------------------------------------------------


def test_update_dossier_saves_the_fields() -> None:
    application = ApplicationFactory(main_products="")
    user = applicant_user(application.organisation)
    unit = RecommenderFactory()
    update_dossier(
        application,
        actor=user,
        main_products="钨制品",
        tag_digital_economy=True,
        recommender=unit,
    )
    application.refresh_from_db()
    assert (application.main_products, application.tag_digital_economy) == ("钨制品", True)
    assert application.recommender == unit


def test_update_dossier_by_another_organisation_is_refused() -> None:
    application = ApplicationFactory()
    outsider = applicant_user(OrganisationFactory())
    with pytest.raises(DomainError):
        update_dossier(application, actor=outsider, main_products="篡改")
    application.refresh_from_db()
    assert application.main_products == "稀土永磁材料"


def test_update_dossier_after_the_deadline_is_refused_r1() -> None:
    application = ApplicationFactory()
    user = applicant_user(application.organisation)
    with (
        time_machine.travel(application.round.applications_close_at, tick=False),
        pytest.raises(DomainError) as refused,
    ):
        update_dossier(application, actor=user, main_products="迟到的修改")
    assert refused.value.rule == "R1"


def test_add_attachment_with_unknown_kind_is_refused_and_nothing_stored() -> None:
    application = ApplicationFactory()
    user = applicant_user(application.organisation)
    with pytest.raises(DomainError):
        add_attachment(application, actor=user, upload=pdf(), kind="photo-of-cat")
    assert Attachment.objects.count() == 0


def test_remove_attachment_of_a_draft_deletes_row_and_file(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    user = applicant_user(application.organisation)
    attachment = add_attachment(application, actor=user, upload=pdf(), kind="form")
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        remove_attachment(attachment, actor=user)
    assert Attachment.objects.count() == 0
    assert storage.exists(name) is False


# --- submission (R1, R13) ------------------------------------------------------------------


def test_submit_keeps_version_1_exactly_as_submitted_and_logs_it_r13() -> None:
    application, user = complete_draft(tag_sme_innovation=True)
    attachment = application.attachments.get()
    submitted = submit_application(application, actor=user, declaration=True)
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.submitted_by == user
    assert submitted.declaration_accepted_at == submitted.submitted_at
    version = DossierVersion.objects.get(application=application)
    assert version.number == 1
    assert version.created_by == user
    assert version.data == {
        "organisation": application.organisation.name,
        "credit_code": application.organisation.credit_code,
        "sector": "manufacturing",
        "tags": {"sme_innovation": True, "digital_economy": False, "key_industry_leader": False},
        "main_products": "稀土永磁材料",
        "quality_summary": "质量管理成效显著",
        "self_assessment": "按 GB/T 19580 自评",
        **{
            name: value
            for name, value in sample_form_data(application.round).items()
            if name != "excellence_model_since"
        },
        "excellence_model_since": sample_form_data(application.round)[
            "excellence_model_since"
        ].isoformat(),
        "secret_sections": [],
        "non_profit": False,
        "social_contribution": "",
        "attachments": [
            {
                "id": attachment.pk,
                "kind": "form",
                "name": "申报书.pdf",
                "sha256": attachment.sha256,
            }
        ],
        "recommender": {"id": application.recommender_id, "name": "章贡区人民政府"},
        "declaration": declaration_text(),
        "submitted_at": submitted.submitted_at.isoformat(),
    }
    entry = DecisionLogEntry.objects.get(action="application.submitted")
    assert (entry.actor, entry.from_state, entry.to_state) == (user, "draft", "submitted")
    assert Notification.objects.filter(user=user, subject="Application submitted").count() == 1


def test_after_submission_every_change_is_refused_and_version_1_stays_r13() -> None:
    application, user = complete_draft()
    submit_application(application, actor=user, declaration=True)
    attachment = application.attachments.get()
    with pytest.raises(DomainError):
        update_dossier(application, actor=user, main_products="改过的产品")
    with pytest.raises(DomainError):
        add_attachment(application, actor=user, upload=pdf("补充.pdf"), kind="evidence")
    with pytest.raises(DomainError):
        remove_attachment(attachment, actor=user)
    with pytest.raises(DomainError):
        submit_application(application, actor=user, declaration=True)
    application.refresh_from_db()
    assert application.main_products == "稀土永磁材料"
    assert list(application.attachments.values_list("original_name", flat=True)) == ["申报书.pdf"]
    assert list(DossierVersion.objects.values_list("number", flat=True)) == [1]
    assert DossierVersion.objects.get().data["main_products"] == "稀土永磁材料"


def test_submit_after_the_deadline_is_refused_r1() -> None:
    application, user = complete_draft()
    close = application.round.applications_close_at
    with time_machine.travel(close - timedelta(seconds=1), tick=False):
        assert application.round.window_is_open() is True
    with (
        time_machine.travel(close, tick=False),
        pytest.raises(DomainError) as refused,
    ):
        submit_application(application, actor=user, declaration=True)
    assert refused.value.rule == "R1"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert DossierVersion.objects.count() == 0
    assert DecisionLogEntry.objects.filter(action="application.submitted").count() == 0


def test_submit_one_second_before_the_deadline_is_accepted_r1() -> None:
    application, user = complete_draft()
    with time_machine.travel(
        application.round.applications_close_at - timedelta(seconds=1), tick=False
    ):
        submitted = submit_application(application, actor=user, declaration=True)
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_submit_without_the_declaration_is_refused_r13() -> None:
    application, user = complete_draft()
    with pytest.raises(DomainError) as refused:
        submit_application(application, actor=user, declaration=False)
    assert refused.value.rule == "R13"
    assert refused.value.message == (
        "Submission needs the declaration that the dossier is true and complete."
    )
    assert DossierVersion.objects.count() == 0


def test_submit_incomplete_dossier_says_everything_that_is_missing() -> None:
    application = FullFormApplicationFactory(main_products="", self_assessment="  ")
    user = applicant_user(application.organisation)
    with pytest.raises(DomainError) as refused:
        submit_application(application, actor=user, declaration=True)
    assert refused.value.message == (
        "Fill in “main products or services”. Fill in “self-assessment summary”. "
        "Attach at least one file: the signed and sealed application form. "
        "Choose the recommending unit."
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_without_recommender_is_accepted_when_the_round_does_not_require_one() -> None:
    application = FullFormApplicationFactory(round=RoundFactory(recommendation_required=False))
    user = applicant_user(application.organisation)
    add_attachment(application, actor=user, upload=pdf(), kind="form")
    submitted = submit_application(application, actor=user, declaration=True)
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert DossierVersion.objects.get().data["recommender"] is None


def test_submit_by_another_organisation_is_refused() -> None:
    application, _user = complete_draft()
    outsider = applicant_user(OrganisationFactory())
    with pytest.raises(DomainError):
        submit_application(application, actor=outsider, declaration=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_when_a_bar_arose_after_starting_is_refused_r8() -> None:
    application, user = complete_draft()
    today = timezone.localdate()
    Ban.objects.create(
        organisation=application.organisation,
        programme=programme(),
        reason=BanReason.values[0],
        starts_on=today,
        ends_on=today + timedelta(days=3650),
    )
    with pytest.raises(DomainError) as refused:
        submit_application(application, actor=user, declaration=True)
    assert refused.value.rule == "R8"


# --- withdrawal ----------------------------------------------------------------------------


def test_withdraw_a_submitted_application_is_logged_with_the_reason() -> None:
    application, user = complete_draft()
    submit_application(application, actor=user, declaration=True)
    withdrawn = withdraw_application(application, actor=user, reason="今年准备不足")
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    entry = DecisionLogEntry.objects.get(action="application.withdrawn")
    assert (entry.actor, entry.reason, entry.from_state) == (user, "今年准备不足", "submitted")


def test_withdraw_by_another_organisation_is_refused() -> None:
    application, _user = complete_draft()
    outsider = applicant_user(OrganisationFactory())
    with pytest.raises(DomainError):
        withdraw_application(application, actor=outsider, reason="恶意撤回")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_withdraw_a_final_application_is_refused() -> None:
    application = ApplicationFactory(status=ApplicationStatus.INELIGIBLE)
    user = applicant_user(application.organisation)
    with pytest.raises(DomainError):
        withdraw_application(application, actor=user, reason="")


# --- no silent overwrite between colleagues -------------------------------------------------------


def test_update_dossier_increments_the_revision_and_records_who_saved_when() -> None:
    application = ApplicationFactory()
    user = applicant_user(application.organisation)
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        saved = update_dossier(application, actor=user, expected_revision=0, main_products="钨")
    application.refresh_from_db()
    assert saved.dossier_revision == application.dossier_revision == 1
    assert application.last_saved_by == user
    assert application.last_saved_at == moment


def test_update_dossier_with_a_stale_revision_is_refused_with_the_colleagues_values() -> None:
    application = ApplicationFactory(main_products="", quality_summary="")
    colleague_a = applicant_user(application.organisation)
    colleague_b = applicant_user(application.organisation)
    update_dossier(application, actor=colleague_a, expected_revision=0, main_products="A 的产品")
    with translation.override("en"), pytest.raises(DossierConflict) as refused:
        update_dossier(
            application,
            actor=colleague_b,
            expected_revision=0,
            main_products="B 的产品",
            quality_summary="",
        )
    assert refused.value.differences == {"main_products": "A 的产品"}
    assert refused.value.revision == 1
    assert refused.value.message.startswith(f"Not saved: {colleague_a} saved this dossier at ")
    application.refresh_from_db()
    assert (application.main_products, application.dossier_revision) == ("A 的产品", 1)
    assert application.last_saved_by == colleague_a


def test_update_dossier_with_the_current_revision_after_a_conflict_is_accepted() -> None:
    application = ApplicationFactory()
    colleague_a = applicant_user(application.organisation)
    colleague_b = applicant_user(application.organisation)
    update_dossier(application, actor=colleague_a, expected_revision=0, main_products="A")
    update_dossier(application, actor=colleague_b, expected_revision=1, main_products="B")
    application.refresh_from_db()
    assert (application.main_products, application.dossier_revision) == ("B", 2)
    assert application.last_saved_by == colleague_b


def test_update_dossier_after_the_users_own_later_save_is_not_a_conflict() -> None:
    """An autosave still in flight when the same user presses Save must not refuse the save."""
    application = ApplicationFactory()
    user = applicant_user(application.organisation)
    update_dossier(application, actor=user, expected_revision=0, main_products="自动保存")
    update_dossier(application, actor=user, expected_revision=0, main_products="手动保存")
    application.refresh_from_db()
    assert (application.main_products, application.dossier_revision) == ("手动保存", 2)
