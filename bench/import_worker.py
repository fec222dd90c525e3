"""Run one contact import as a worker process would, and report on it.

    python -m bench.import_worker IMPORT_ID

`import_1m` starts it with the bench's environment (settings and database), so
the import runs in a fresh process of its own, as in a `db_worker`: its peak
memory is the whole process's (Django, the connection and the import), read
from the kernel (`ru_maxrss`) once the import is over. It prints one JSON line:
rows imported and rejected, the import's seconds, and the peak in KiB.
"""

import json
import resource
import sys
import time


def main(import_id: int) -> None:
    import django

    django.setup()
    from fitcheck.models import ContactImport
    from fitcheck.services.imports import run_import

    contact_import = ContactImport.objects.get(pk=import_id)
    started = time.perf_counter()
    result = run_import(contact_import=contact_import, mapping=contact_import.mapping)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux.
    report = {
        "imported": result.imported,
        "rejected": result.rejected_total,
        "problem": result.problem,
        "seconds": seconds,
        "peak_kib": peak_kib,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(int(sys.argv[1]))
