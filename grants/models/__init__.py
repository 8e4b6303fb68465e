"""The grants app's models: the approval, grants, certificates and what follows them
(``awarding``), and the records kept about grants (``records``)."""

from grants.models.awarding import ApprovalDecision, AwardGrant, Certificate, approval_document_path
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
    "ApprovalDecision",
    "AwardGrant",
    "Certificate",
    "HistoryImport",
    "PastBan",
    "PastWin",
    "PlaqueIssue",
    "PrizePayment",
    "WinnersOutlet",
    "approval_document_path",
    "history_file_path",
]
