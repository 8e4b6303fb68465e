"""The grants app's models: the approval, grants, certificates and what follows them
(``awarding``), and the records kept about grants (``records``)."""

from grants.models.awarding import (
    AnnualReport,
    ApprovalDecision,
    AwardGrant,
    Certificate,
    ReAssessment,
    approval_document_path,
)
from grants.models.records import (
    HistoryImport,
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
    "Certificate",
    "HistoryImport",
    "PastBan",
    "PastWin",
    "PlaqueIssue",
    "PrizePayment",
    "ReAssessment",
    "WinnersOutlet",
    "approval_document_path",
    "history_file_path",
]
