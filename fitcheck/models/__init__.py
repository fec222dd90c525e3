"""The fit check's models, one module per concern; import them from here."""

from fitcheck.models.contacts import (
    BAND_ORDER,
    CHOICE_NAMES,
    FACT_NAMES,
    PHASE_OUT_BANDS,
    Band,
    Contact,
    ContactQuerySet,
    text_list,
)
from fitcheck.models.erased import ErasedAddress, ErasedAddressQuerySet
from fitcheck.models.followups import FollowUp, FollowUpQuerySet
from fitcheck.models.imports import (
    ContactImport,
    ContactImportQuerySet,
    ValueChoice,
    ValueChoiceQuerySet,
)
from fitcheck.models.intake import (
    IntakePage,
    IntakePageQuerySet,
    IntakeQuestion,
    IntakeQuestionQuerySet,
)
from fitcheck.models.jobs import (
    ImportedEmail,
    ImportJob,
    PreviewJob,
    RescoreJob,
    RescoreJobQuerySet,
)
from fitcheck.models.rubrics import Criterion, Rubric, RubricQuerySet
from fitcheck.models.scores import FitScore, FitScoreQuerySet
from fitcheck.models.snapshots import ClientSnapshot, ClientSnapshotQuerySet

__all__ = [
    "BAND_ORDER",
    "CHOICE_NAMES",
    "FACT_NAMES",
    "PHASE_OUT_BANDS",
    "Band",
    "ClientSnapshot",
    "ClientSnapshotQuerySet",
    "Contact",
    "ContactImport",
    "ContactImportQuerySet",
    "ContactQuerySet",
    "Criterion",
    "ErasedAddress",
    "ErasedAddressQuerySet",
    "FitScore",
    "FitScoreQuerySet",
    "FollowUp",
    "FollowUpQuerySet",
    "ImportJob",
    "ImportedEmail",
    "IntakePage",
    "IntakePageQuerySet",
    "IntakeQuestion",
    "IntakeQuestionQuerySet",
    "PreviewJob",
    "RescoreJob",
    "RescoreJobQuerySet",
    "Rubric",
    "RubricQuerySet",
    "ValueChoice",
    "ValueChoiceQuerySet",
    "text_list",
]
