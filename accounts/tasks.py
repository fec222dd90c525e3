"""Rows the task queue holds from before the email task moved to core/tasks.py
name it by this path; the worker imports it from here. Delete this module once
no queued row names `accounts.tasks.send_email`."""

from core.tasks import send_email

__all__ = ["send_email"]
