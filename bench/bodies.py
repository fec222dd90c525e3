"""Form fields the scenarios post, built from plain data: no database, no Django.

`fitcheck.criteria` needs no database or Django, which keeps these pure too.
"""

from collections.abc import Iterable, Mapping, Sequence

from fitcheck.criteria import Criterion, Kind

type Fields = list[tuple[str, str]]

# What the worksheet's part formsets allow (personas.part_forms.MAX_ROWS).
PART_MAX_NUM = 30


def formset_fields(
    prefix: str, rows: Sequence[Mapping[str, object]], *, initial: int
) -> Fields:
    """A formset's management form and its rows, as a browser posts them.

    The first `initial` rows are existing objects (they carry their `id`); a row's
    values are sent as text, and a False or None value is left out, as a browser
    leaves out an unticked box or an empty choice.
    """
    fields = [
        (f"{prefix}-TOTAL_FORMS", str(len(rows))),
        (f"{prefix}-INITIAL_FORMS", str(initial)),
        (f"{prefix}-MIN_NUM_FORMS", "0"),
        (f"{prefix}-MAX_NUM_FORMS", str(PART_MAX_NUM)),
    ]
    for index, row in enumerate(rows):
        fields += [
            (f"{prefix}-{index}-{name}", str(value))
            for name, value in row.items()
            if value is not None and value is not False
        ]
    return fields


def good_fit_answers(criteria: Iterable[Criterion]) -> Fields:
    """Intake answers that meet every positive criterion of a rubric.

    One answer per criterion, under the fact it reads (the intake names a
    question after its fact): the first expected term, or the middle of a range.
    Facts read by several criteria (pains, dreams) get several ticked boxes.
    Red flags and deal-breakers are never asked, so they get no answer.
    """
    answers = []
    for criterion in criteria:
        if criterion.weight <= 0 or criterion.penalty:
            continue
        if criterion.kind is Kind.KNOCK_OUT:
            continue
        answers.append((criterion.fact, _meeting_value(criterion)))
    return answers


def _meeting_value(criterion: Criterion) -> str:
    if criterion.kind is not Kind.IN_RANGE:
        return criterion.expected[0]
    bounds = [bound for bound in (criterion.low, criterion.high) if bound is not None]
    return str(round(sum(bounds) / len(bounds))) if bounds else ""
