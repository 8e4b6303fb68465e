"""Endpoints for the programme's office (an office key): what its pages show of its programme,
read through the same selectors as the pages (scoped to the key's account), narrowed to the
key's programme. The authentication has checked that the account is still that programme's
office (api.permissions.key_role_in_force), so the key's programme is what its pages show."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from api.authentication import OfficeKey, request_key
from api.filters import SectorBucketFilterSet, WholeNumberFilter
from api.models import ApiKey
from api.serializers.office import (
    ApplicationSerializer,
    ApprovalSerializer,
    BanSerializer,
    GrantSerializer,
    ObjectionSerializer,
    ObligationSerializer,
    PlenarySerializer,
    RankingSerializer,
    RevocationSerializer,
)
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors.application import applications_for_office
from awards.models import AwardProgramme, Round
from awards.permissions import has_signed_commitment
from awards.selectors import office_round, sector_bucket_codes
from grants.models import ApprovalDecision, AwardGrant
from monitoring.selectors.annual_reports import office_obligations
from publicity.models import Objection, PlenaryMeeting
from publicity.selectors.publicity import (
    objections_of_round,
    plenaries_of,
    round_for_publicity_office,
)
from reviews.permissions import can_view_composite_report
from reviews.selectors.review import composite_report
from sanctions.models import Ban, Revocation
from sanctions.selectors.revocation import bans_in_force, office_revocations

OFFICE_TAG = "office / 评审办公室"


class _OfficeView:
    permission_classes = [OfficeKey]
    request: Request

    @property
    def key(self) -> ApiKey:
        key = request_key(self.request)
        assert key is not None  # OfficeKey let the request through
        return key


class ApplicationFilter(SectorBucketFilterSet):
    round = WholeNumberFilter(field_name="round_id")
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)

    class Meta:
        model = Application
        fields = ["round", "status", "sector"]

    def valid_sector_codes(self) -> list[str]:
        """R2: the buckets of the round asked for, else of the key's programme and its rounds."""
        key = request_key(self.request) if self.request is not None else None
        programme_id = key.programme_id if key is not None else None
        rounds = Round.objects.filter(programme_id=programme_id)
        round_id = self.form.cleaned_data.get("round")
        # A round not of the programme lists nothing, as the round filter does alone.
        of_round = sector_bucket_codes(rounds.filter(pk=round_id), AwardProgramme.objects.none())
        if round_id and of_round:
            return of_round
        return sector_bucket_codes(rounds, AwardProgramme.objects.filter(pk=programme_id))


@extend_schema(tags=[OFFICE_TAG], summary="Applications with status and eligibility / 申报")
class ApplicationList(_OfficeView, generics.ListAPIView[Application]):
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    queryset = Application.objects.none()

    def get_queryset(self) -> QuerySet[Application]:
        return (
            applications_for_office(self.request.user)
            .filter(round__programme_id=self.key.programme_id)
            .prefetch_related("eligibility_checks")
            .order_by("-round__year", "organisation__name", "pk")
        )


@extend_schema(
    tags=[OFFICE_TAG],
    summary="Composite ranking and candidate list / 综合评价排序与候选名单",
    responses={200: RankingSerializer},
)
class Ranking(_OfficeView, generics.GenericAPIView[Any]):
    """综合评价报告的排序（按行业）与拟推荐等次；须先签署该年度的保密承诺。
    The composite report's ranking per sector with the proposed levels; the key's account
    must have signed the round's confidentiality commitment first, as on the page."""

    serializer_class = RankingSerializer

    def get(self, request: Request, pk: int) -> Response:
        round = office_round(request.user, pk)
        if (
            round is None
            or round.programme_id != self.key.programme_id
            or not can_view_composite_report(request.user, round)
            # R12: the page asks for the signature first; a system cannot sign.
            or not has_signed_commitment(request.user, round)
        ):
            raise Http404
        report = composite_report(round)
        return Response(RankingSerializer({"round_id": round.pk, **report}).data)


class _ProgrammeRoundFilter(django_filters.FilterSet):
    round = WholeNumberFilter(field_name="round_id")


class ApprovalFilter(_ProgrammeRoundFilter):
    class Meta:
        model = ApprovalDecision
        fields = ["round"]


@extend_schema(tags=[OFFICE_TAG], summary="Government approvals / 政府审定")
class ApprovalList(_OfficeView, generics.ListAPIView[ApprovalDecision]):
    serializer_class = ApprovalSerializer
    filterset_class = ApprovalFilter
    queryset = ApprovalDecision.objects.none()

    def get_queryset(self) -> QuerySet[ApprovalDecision]:
        return ApprovalDecision.objects.filter(round__programme_id=self.key.programme_id).order_by(
            "-approved_on", "pk"
        )


class GrantFilter(_ProgrammeRoundFilter):
    class Meta:
        model = AwardGrant
        fields = ["round", "status"]


@extend_schema(tags=[OFFICE_TAG], summary="Awards granted / 授奖")
class GrantList(_OfficeView, generics.ListAPIView[AwardGrant]):
    serializer_class = GrantSerializer
    filterset_class = GrantFilter
    queryset = AwardGrant.objects.none()

    def get_queryset(self) -> QuerySet[AwardGrant]:
        return (
            AwardGrant.objects.filter(round__programme_id=self.key.programme_id)
            .select_related("organisation", "certificate")
            .order_by("-round__year", "organisation__name", "pk")
        )


@extend_schema(tags=[OFFICE_TAG], summary="Winners' obligations / 获奖组织年度报告义务")
class ObligationList(_OfficeView, generics.ListAPIView[Any]):
    serializer_class = ObligationSerializer
    queryset = AwardGrant.objects.none()

    def get_queryset(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return [
            row
            for row in office_obligations(self.request.user)
            if row["grant"].round.programme_id == self.key.programme_id
        ]


@extend_schema(tags=[OFFICE_TAG], summary="Revocations / 撤销")
class RevocationList(_OfficeView, generics.ListAPIView[Revocation]):
    serializer_class = RevocationSerializer
    queryset = Revocation.objects.none()

    def get_queryset(self) -> QuerySet[Revocation]:
        return office_revocations(self.request.user).filter(
            grant__round__programme_id=self.key.programme_id
        )


@extend_schema(tags=[OFFICE_TAG], summary="Bars in force / 禁止申报")
class BanList(_OfficeView, generics.ListAPIView[Ban]):
    """每个评审办公室均可查看所有生效的禁止申报决定（与页面相同）。
    Every office lists every bar in force, as on its page."""

    serializer_class = BanSerializer
    queryset = Ban.objects.none()

    def get_queryset(self) -> QuerySet[Ban]:
        return bans_in_force()


class _OfficeRoundList(_OfficeView):
    """A list of one round of the key's programme, loaded as the office's page loads it."""

    kwargs: dict[str, Any]

    def office_round(self) -> Any:
        round = round_for_publicity_office(self.request.user, self.kwargs["pk"])
        if round is None or round.programme_id != self.key.programme_id:
            raise Http404
        return round


@extend_schema(tags=[OFFICE_TAG], summary="Plenary decisions of a round / 全体会议审议")
class PlenaryList(_OfficeRoundList, generics.ListAPIView[PlenaryMeeting]):
    serializer_class = PlenarySerializer
    queryset = PlenaryMeeting.objects.none()

    def get_queryset(self) -> QuerySet[PlenaryMeeting]:
        return plenaries_of(self.office_round()).order_by("held_on", "pk")


@extend_schema(tags=[OFFICE_TAG], summary="Objections of a round / 异议")
class ObjectionList(_OfficeRoundList, generics.ListAPIView[Objection]):
    serializer_class = ObjectionSerializer
    queryset = Objection.objects.none()

    def get_queryset(self) -> QuerySet[Objection]:
        return objections_of_round(self.office_round())
