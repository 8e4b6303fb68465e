"""Public endpoints (no key, rate-limited): what the public pages show, read through the same
selectors."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from api.authentication import PublicRateThrottle
from api.filters import SectorBucketFilter, SectorBucketFilterSet, WholeNumberFilter
from api.selectors import public_programmes
from api.serializers.public import (
    CallNoticeSerializer,
    CertificateVerificationSerializer,
    ProgrammeSerializer,
    PublicitySerializer,
    RoundSerializer,
    WinnerSerializer,
)
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round
from awards.rulesets import RuleSettings
from awards.selectors import public_round, public_rounds, sector_bucket_codes
from grants.models import AwardGrant
from grants.selectors.approval import certificate_by_number, public_grants
from publicity.models import PublicityPeriod
from publicity.selectors.publicity import public_publicities, public_publicity

PUBLIC_TAG = "public / 公开"


class _Public:
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    throttle_classes = [PublicRateThrottle]


@extend_schema(tags=[PUBLIC_TAG], summary="Award programmes / 奖项")
class ProgrammeList(_Public, generics.ListAPIView[AwardProgramme]):
    serializer_class = ProgrammeSerializer

    def get_queryset(self) -> QuerySet[AwardProgramme]:
        return public_programmes()


class RoundFilter(django_filters.FilterSet):
    programme = WholeNumberFilter(field_name="programme_id")
    year = WholeNumberFilter()
    stage = django_filters.ChoiceFilter(choices=RoundStage.choices)

    class Meta:
        model = Round
        fields = ["programme", "year", "stage"]


@extend_schema(tags=[PUBLIC_TAG], summary="Rounds with their stage and dates / 评审年度")
class RoundList(_Public, generics.ListAPIView[Round]):
    serializer_class = RoundSerializer
    filterset_class = RoundFilter

    def get_queryset(self) -> QuerySet[Round]:
        return public_rounds()


@extend_schema(tags=[PUBLIC_TAG], summary="A round's call notice / 申报通知")
class CallNotice(_Public, generics.RetrieveAPIView[Round]):
    serializer_class = CallNoticeSerializer

    def get_object(self) -> Round:
        round = public_round(self.kwargs["pk"])
        if round is None:
            raise Http404
        return round


def open_publicities() -> QuerySet[PublicityPeriod]:
    """Publicity periods open now (publicity.rules.publicity_state == open): a list is public
    through the API during its period only."""
    now = timezone.now()
    return public_publicities().filter(closed_at=None, starts_at__lte=now, ends_at__gt=now)


@extend_schema(tags=[PUBLIC_TAG], summary="Publicity lists open now / 公示名单")
class PublicityList(_Public, generics.ListAPIView[PublicityPeriod]):
    serializer_class = PublicitySerializer

    def get_queryset(self) -> QuerySet[PublicityPeriod]:
        return open_publicities().prefetch_related(
            "applications__organisation", "applications__round__programme"
        )


@extend_schema(tags=[PUBLIC_TAG], summary="One publicity list open now / 公示名单")
class PublicityDetail(_Public, generics.RetrieveAPIView[PublicityPeriod]):
    serializer_class = PublicitySerializer

    def get_object(self) -> PublicityPeriod:
        period = public_publicity(self.kwargs["pk"])
        if period is None or not open_publicities().filter(pk=period.pk).exists():
            raise Http404
        return period


class WinnerFilter(SectorBucketFilterSet):
    programme = WholeNumberFilter(field_name="round__programme_id")
    round = WholeNumberFilter(field_name="round_id")
    year = WholeNumberFilter(field_name="round__year")
    sector = SectorBucketFilter(field_name="application__sector")

    class Meta:
        model = AwardGrant
        fields = ["programme", "round", "year", "sector"]

    def valid_sector_codes(self) -> list[str]:
        """R2: the buckets of the round asked for, else of the public programme asked for (or
        every public one) and their published rounds."""
        rounds = public_rounds()
        programmes = public_programmes()
        programme_id, round_id = (self.form.cleaned_data.get(k) for k in ("programme", "round"))
        # The narrowest of these that knows any bucket (a round or programme not public lists
        # nothing, as its filter does alone); with no public round, the 2022 measures' buckets.
        choices = [
            (rounds.filter(pk=round_id or 0), programmes.none()),
            (
                rounds.filter(programme_id=programme_id or 0),
                programmes.filter(pk=programme_id or 0),
            ),
            (rounds, programmes),
        ]
        for of_rounds, of_programmes in choices:
            codes = sector_bucket_codes(of_rounds, of_programmes)
            if codes:
                return codes
        return [b.code for b in RuleSettings().buckets()]


@extend_schema(tags=[PUBLIC_TAG], summary="Winners with their validity / 获奖名单")
class WinnerList(_Public, generics.ListAPIView[AwardGrant]):
    serializer_class = WinnerSerializer
    filterset_class = WinnerFilter

    def get_queryset(self) -> QuerySet[AwardGrant]:
        return public_grants()


@extend_schema(
    tags=[PUBLIC_TAG],
    summary="Verify a certificate by its number / 证书查验",
    parameters=[OpenApiParameter("number", str, OpenApiParameter.PATH)],
    responses={200: CertificateVerificationSerializer},
)
class CertificateVerification(_Public, generics.GenericAPIView[Any]):
    """与公开查验页面的答复相同：真实有效、已过期、已撤销，或查无此号（404）。
    The answer of the public verification page: genuine and valid, expired, revoked, or no
    such number (404)."""

    # R15: nothing more than the page says.

    serializer_class = CertificateVerificationSerializer

    def get(self, request: Request, number: str) -> Response:
        certificate = certificate_by_number(number.strip()[:40])
        if certificate is None:
            raise Http404(_("No certificate has this number."))
        return Response(self.get_serializer(certificate).data)
