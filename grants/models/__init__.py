"""The grants app's models: the approval, grants, certificates and what follows them
(``awarding``), and the records kept about grants (``records``)."""

from grants.models.awarding import (
    AnnualReport,
    ApprovalDecision,
    AwardGrant,
    Ban,
    Certificate,
    FraudBarCase,
    ReAssessment,
    Revocation,
    approval_document_path,
)
from grants.models.records import (
    BanNotice,
    FraudRecovery,
    HistoryImport,
    Incident,
    PastBan,
    PastWin,
    PlaqueIssue,
    PrizePayment,
    WinnersOutlet,
    history_file_path,
)

__all__ = [
    "AnnualReport",
    "ApprovalDecision",
    "AwardGrant",
    "Ban",
    "BanNotice",
    "Certificate",
    "FraudBarCase",
    "FraudRecovery",
    "HistoryImport",
    "Incident",
    "PastBan",
    "PastWin",
    "PlaqueIssue",
    "PrizePayment",
    "ReAssessment",
    "Revocation",
    "WinnersOutlet",
    "approval_document_path",
    "history_file_path",
]
