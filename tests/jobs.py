"""Background jobs as a test sets them up (see core/jobs.py)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from core import jobs


def left_by_a_dead_worker(**values: Any) -> dict[str, Any]:
    """Fields of a job whose worker died part way: its lease has run out."""
    then = timezone.now() - timedelta(seconds=1)
    return {"status": "running", "claimed_by": "dead", "claimed_until": then} | values


def held_by_a_live_worker(**values: Any) -> dict[str, Any]:
    """Fields of a job another worker is running right now."""
    until = timezone.now() + jobs.LEASE
    return {"status": "running", "claimed_by": "alive", "claimed_until": until} | values


def record_progress(monkeypatch) -> list[int | None]:
    """The `done` of each progress update and of the finish, in order."""
    seen: list[int | None] = []
    heartbeat, finish = jobs.Claim.heartbeat, jobs.Claim.finish

    def recorded_heartbeat(claim: jobs.Claim, **progress: Any) -> None:
        seen.append(progress.get("done"))
        heartbeat(claim, **progress)

    def recorded_finish(claim: jobs.Claim, **values: Any) -> bool:
        seen.append(values.get("done"))
        return finish(claim, **values)

    monkeypatch.setattr(jobs.Claim, "heartbeat", recorded_heartbeat)
    monkeypatch.setattr(jobs.Claim, "finish", recorded_finish)
    return seen
