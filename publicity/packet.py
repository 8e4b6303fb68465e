"""The plenary's meeting packet (审议材料, Art. 20-21): agenda, composite evaluation report,
candidate list with priority tags (R6) and repeat winners (R7), and the departments' replies
(Art. 17), as one printable PDF. Rendered like the certificate: escaped template, CJK fonts,
a fetcher that refuses every URL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Consultation
from awards.models import Round
from common.built_documents import DocumentKind, DocumentSource
from common.documents import chinese_date
from publicity.models import PlenaryMeeting
from publicity.selectors.publicity import plenary_candidates
from reviews.selectors.review import composite_report


def packet_context(round: Round) -> dict[str, Any]:
    """The packet's contents. Before the plenary: the candidates, dated the day it is printed
    for the meeting. After it: the candidates the latest plenary decided on, dated the
    meeting's day, so a packet printed for the file reads as it did at the meeting."""
    waiting = plenary_candidates(round)
    meeting = PlenaryMeeting.objects.filter(round=round).order_by("-held_on", "-pk").first()
    if waiting or meeting is None:
        candidates, dated = waiting, timezone.localdate()
    else:
        candidates, dated = plenary_candidates(round, decided_at=meeting), meeting.held_on
    consultations = (
        Consultation.objects.filter(application__in=[c.application for c in candidates])
        .select_related("department", "application__organisation")
        .order_by("application__organisation__name", "department__name")
    )
    return {
        "font_family": settings.CERTIFICATE_FONT_FAMILY,
        "round": round,
        "today": chinese_date(dated),
        "candidates": candidates,
        "report": composite_report(round),
        "consultations": list(consultations),
    }


def packet_source(round_pk: int, printed_at: datetime | None) -> DocumentSource | None:
    """The packet's HTML, made from the current data (built in the background and kept until
    that data changes, or the day it is dated by passes)."""
    round = Round.objects.select_related("programme").filter(pk=round_pk).first()
    if round is None:
        return None
    return DocumentSource(
        html=render_to_string("publicity/meeting_packet_pdf.html", packet_context(round)),
        file_name=f"{round.title}-审议材料.pdf",
    )


MEETING_PACKET = DocumentKind(
    name="publicity.meeting_packet", title=_("Meeting packet (PDF)"), source=packet_source
)
