"""Writes of the privacy app, one module per concern: `erasure` (a person's data
removed on request or by the retention rule), `retention` (which prospects the
rule erases, and when), `leaving` (a whole workspace exported and deleted)."""
