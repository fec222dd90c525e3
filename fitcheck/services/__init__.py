"""Writes of the fit check, one module per concern; import the module you use
(`from fitcheck.services import scores`). What the pages read is in
fitcheck/queries.py."""
