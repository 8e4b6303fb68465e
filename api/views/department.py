"""Endpoints for a department's system (a department key): its consultations (Art. 17), and
answering one through the same service as the liaison's page."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.authentication import DepartmentKey, request_key
from api.filters import WholeNumberFilter
from api.selectors import department_consultations, department_incidents, reportable_grant
from api.serializers.department import (
    AnswerSerializer,
    ConsultationSerializer,
    IncidentReportSerializer,
    IncidentSerializer,
)
from applications.enums import ConsultationResult
from applications.models import Consultation
from applications.services.application import answer_consultation
from decisionlog.services import through_api_key
from sanctions.models import Incident
from sanctions.services.incidents import report_by_liaison

DEPARTMENT_TAG = "department / 部门"


class ConsultationFilter(django_filters.FilterSet):
    result = django_filters.ChoiceFilter(choices=ConsultationResult.choices)
    round = WholeNumberFilter(field_name="application__round_id")

    class Meta:
        model = Consultation
        fields = ["result", "round"]


class _DepartmentView:
    permission_classes = [DepartmentKey]
    queryset = Consultation.objects.none()  # the schema's model; requests use get_queryset

    def get_queryset(self) -> QuerySet[Consultation]:
        key = request_key(self.request)  # type: ignore[attr-defined]
        assert key is not None
        return department_consultations(key)


@extend_schema(tags=[DEPARTMENT_TAG], summary="The department's consultations / 征求意见")
class ConsultationList(_DepartmentView, generics.ListAPIView[Consultation]):
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter


@extend_schema(tags=[DEPARTMENT_TAG], summary="One consultation / 征求意见")
class ConsultationDetail(_DepartmentView, generics.RetrieveAPIView[Consultation]):
    serializer_class = ConsultationSerializer


@extend_schema(
    tags=[DEPARTMENT_TAG],
    summary="Answer a consultation / 答复征求意见",
    request=AnswerSerializer,
    responses={200: ConsultationSerializer},
)
class ConsultationAnswer(_DepartmentView, generics.GenericAPIView[Consultation]):
    """答复与联络员页面相同：同样的规则，决策记录写明接口密钥名称，并通知评审办公室。
    The same as the liaison's page: the same rules, the decision log names the key, the
    office is told."""

    serializer_class = AnswerSerializer
    # JSON, or multipart when the sealed reply letter comes with the answer.
    parser_classes = [JSONParser, MultiPartParser]

    def post(self, request: Request, pk: int) -> Response:
        consultation = self.get_queryset().filter(pk=pk).first()
        if consultation is None:
            raise Http404(_("No such consultation."))
        answer = AnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        key = request_key(request)
        assert key is not None
        with through_api_key(key.name):
            answered = answer_consultation(
                consultation,
                actor=request.user,
                result=answer.validated_data["result"],
                details=answer.validated_data["details"],
                letter=answer.validated_data["letter"],
            )
        return Response(ConsultationSerializer(answered).data, status=status.HTTP_200_OK)


@extend_schema(tags=[DEPARTMENT_TAG])
class Incidents(generics.ListAPIView[Incident]):
    """部门就获奖组织报告的事件（第二十九条），与联络员页面相同。
    The department's reports about winners (Art. 29), as on the liaison's page."""

    permission_classes = [DepartmentKey]
    serializer_class = IncidentSerializer
    queryset = Incident.objects.none()

    def get_queryset(self) -> QuerySet[Incident]:
        key = request_key(self.request)
        assert key is not None
        return department_incidents(key)

    @extend_schema(summary="The department's incident reports / 事件报告")
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Report an incident about a winner / 报告事件",
        request=IncidentReportSerializer,
        responses={201: IncidentSerializer},
    )
    def post(self, request: Request) -> Response:
        """The same service as the liaison's page; the decision log names the key."""
        report = IncidentReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        key = request_key(request)
        assert key is not None
        grant = reportable_grant(key, report.validated_data["grant_id"])
        if grant is None:
            # Unknown, not in force, or another programme's: the key learns no more (404).
            raise NotFound(_("No award in force has this id."))
        with through_api_key(key.name):
            incident = report_by_liaison(
                grant,
                actor=request.user,
                kind=report.validated_data["kind"],
                description=report.validated_data["description"],
                occurred_on=report.validated_data["occurred_on"],
            )
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)
