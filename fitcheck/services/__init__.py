"""Writes of the fit check: rubrics, their versions, and fit scores.

Callers use the names below (`from fitcheck import services`); each lives in the
module of its concern. What the rubric pages read is in fitcheck/overview.py.
Constants are re-exported to be read; a test that changes one (BATCH_SIZE) or
replaces a function patches the submodule that looks the name up.
"""

from fitcheck.services.import_files import IMPORT_FILES_KEPT, delete_old_import_files
from fitcheck.services.jobs import (
    JOB_LOCK_BASE,
    STUCK_AFTER,
    requeue_stuck_jobs,
    run_rescore_job,
)
from fitcheck.services.preview import (
    MOVES_SHOWN,
    BandCount,
    Move,
    Preview,
    preview_draft,
)
from fitcheck.services.preview_jobs import (
    PREVIEW_LOCK_BASE,
    kept_preview,
    preview_job,
    queue_preview,
    requeue_stuck_previews,
    run_preview_job,
)
from fitcheck.services.rubric_versions import (
    DraftGone,
    applied_rubric,
    apply_draft,
    discard_draft,
    draft_rubric,
    queue_rescore,
    start_draft,
)
from fitcheck.services.scores import (
    BATCH_SIZE,
    FACT_FIELDS,
    SCORE_FIELDS,
    RubricReplaced,
    ScoreFn,
    contact_batches,
    fit_score_row,
    rescore_contacts,
    rescore_pairs,
    score_contact_now,
    score_other_personas,
    score_unscored,
)

__all__ = [
    "PREVIEW_LOCK_BASE",
    "kept_preview",
    "preview_job",
    "queue_preview",
    "requeue_stuck_previews",
    "run_preview_job",
    "IMPORT_FILES_KEPT",
    "delete_old_import_files",
    "BATCH_SIZE",
    "FACT_FIELDS",
    "JOB_LOCK_BASE",
    "MOVES_SHOWN",
    "SCORE_FIELDS",
    "STUCK_AFTER",
    "BandCount",
    "DraftGone",
    "Move",
    "Preview",
    "RubricReplaced",
    "ScoreFn",
    "applied_rubric",
    "apply_draft",
    "contact_batches",
    "fit_score_row",
    "discard_draft",
    "draft_rubric",
    "preview_draft",
    "queue_rescore",
    "requeue_stuck_jobs",
    "rescore_contacts",
    "rescore_pairs",
    "run_rescore_job",
    "score_contact_now",
    "score_other_personas",
    "score_unscored",
    "start_draft",
]
