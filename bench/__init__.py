"""`make bench`: the app's hot paths measured against bare Django views (README.md)."""
