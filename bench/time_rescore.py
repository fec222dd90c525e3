"""Time a re-score of 100,000 contacts in-process, without `make bench`'s servers.

    .venv/bin/python -m bench.time_rescore [COUNT]

Prints figures for COUNT synthetic contacts (100,000 by default) of the
`rescore_100k` scenario's workspace: the scoring rules alone over facts already in
memory, then the worker's whole re-score (batched reads, scoring, upserts) with the
real rules and with a constant result in their place, as the scenario measures it,
and the ratio of the two, whose goal is 0.5. Each line also gives this process's
CPU time per contact, which other work on a shared machine disturbs far less than
the rates. It uses the database the settings name
(the checkout's embedded PostgreSQL when DATABASE_URL is unset), in a workspace of
its own that the next run deletes.
"""

import os
import sys
import time


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench import data
    from fitcheck import scoring
    from fitcheck.models import Contact, FitScore
    from fitcheck.services.rubric_versions import applied_rubric
    from fitcheck.services.scores import FACT_FIELDS, rescore_contacts

    practice = data.new_workspace("time_rescore")
    rubric = applied_rubric(persona=data.full_persona(practice.workspace))
    data.add_contacts(practice.workspace, count)
    contacts = Contact.objects.filter(workspace=practice.workspace).only(*FACT_FIELDS)
    facts = [contact.scoring_facts() for contact in contacts]
    compiled = rubric.as_scoring()

    started, cpu = time.perf_counter(), time.process_time()
    for one in facts:
        scoring.score_contact(compiled, one)
    rules, rules_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"rules alone: {count / rules:,.0f} contacts/s, "
        f"{1e6 * rules_cpu / count:.0f} µs of CPU each"
    )

    constant = scoring.score_contact(compiled, facts[0])
    rates = {}
    for name, score_fn in [
        ("bare", lambda rules, facts: constant),
        ("app", scoring.score_contact),
    ]:
        FitScore.objects.filter(persona_id=rubric.persona_id).delete()
        data.vacuum_analyze(Contact, FitScore)
        started, cpu = time.perf_counter(), time.process_time()
        rescore_contacts(rubric=rubric, score_fn=score_fn)
        rates[name] = count / (time.perf_counter() - started)
        used = 1e6 * (time.process_time() - cpu) / count
        print(
            f"{name} re-score: {rates[name]:,.0f} contacts/s, {used:.0f} µs of CPU each"
        )
    print(f"ratio {rates['app'] / rates['bare']:.2f} (goal 0.5)")
    data.forget("bench-time-rescore")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
