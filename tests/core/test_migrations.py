"""Moving RateLimitBucket from accounts to core keeps the counters."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import ratelimit
from core.models import RateLimitBucket


def migrate(targets: list[tuple[str, str | None]] | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_counters_counted_before_the_move_are_still_counted_after_it():
    migrate([("core", None)])  # The database as the release before core had it.
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO accounts_ratelimitbucket (key, window_start, hits) "
                "VALUES ('login:account:ana@example.com', now(), 3)"
            )
    finally:
        migrate()

    bucket = RateLimitBucket.objects.get()
    assert (bucket.key, bucket.hits) == ("login:account:ana@example.com", 3)
    assert RateLimitBucket._meta.db_table == "core_ratelimitbucket"
    assert ratelimit.hit("login:account:ana@example.com", window_seconds=60) == 4
