"""Helpers every app uses: workspace access, rate limits, CSV export, keeping a
logged-out form post, the email task and the background-job runner.

The bottom of the project: `core` imports no app, and every app may import it.
"""
