"""Run one queued contact import as a worker process would, and report on it.

    python -m bench.import_worker JOB_ID

`import_1m` queues the import as the confirming page does, then starts this with
the bench's environment (settings and database), so the job's task runs in a
fresh process of its own, as in a `db_worker`: its peak memory is the whole
process's (Django, the connection and the import), its high-water mark read
from the kernel once the job is over (bench/memory.py). It prints one JSON
line: rows imported and rejected, the job's status, its seconds, and the peak
in KiB. With `--profile`, cProfile's costliest functions (cumulative) go to
stderr.
"""

import cProfile
import json
import pstats
import sys
import time

PROFILED = 40  # Functions printed, costliest first.


def main(job_id: int, *, profile: bool = False) -> None:
    import django

    django.setup()
    from bench.memory import process_peak_kib
    from fitcheck.models import ContactImport, ImportJob
    from fitcheck.tasks import import_contacts

    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    import_contacts.call(job_id=job_id)  # The task's own function, as a worker runs it.
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    peak_kib = process_peak_kib()
    job = ImportJob.objects.get(pk=job_id)
    contact_import = ContactImport.objects.get(pk=job.contact_import_id)
    report = {
        "imported": contact_import.imported_count,
        "rejected": job.result.get("rejected_total", 0),
        "status": job.status,
        "problem": job.error or contact_import.message,
        "seconds": seconds,
        "peak_kib": peak_kib,
    }
    print(json.dumps(report))
    if profiler:
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(PROFILED)


if __name__ == "__main__":
    main(int(sys.argv[1]), profile="--profile" in sys.argv[2:])
