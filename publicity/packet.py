"""The plenary's meeting packet (审议材料, Art. 20-21): agenda, composite evaluation report,
candidate list with priority tags (R6) and repeat winners (R7), and the departments' replies
(Art. 17), as one printable PDF. Rendered like the certificate: escaped template, CJK fonts,
a fetcher that refuses every URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from applications.models import Consultation
from awards.models import Round
from common.documents import chinese_date, render_pdf
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


def render_meeting_packet(round: Round) -> bytes:
    """The packet as PDF bytes (nothing stored: it is made from the current data each time)."""
    html = render_to_string("publicity/meeting_packet_pdf.html", packet_context(round))
    return render_pdf(html)
