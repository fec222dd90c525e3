"""Background work of the privacy app."""

from django.tasks import task

from privacy.services import leaving


@task
def delete_workspace(*, workspace_id: int) -> None:
    """Delete a workspace its owner chose to delete; a second run finds nothing."""
    leaving.delete_workspace(workspace_id=workspace_id)
