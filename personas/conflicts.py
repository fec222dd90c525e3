"""Edits saved elsewhere while a worksheet step was open: find them, and let the
person choose per answer.

A step page carries a fingerprint of what it showed (`Loaded`): a short digest of
each of the step's answers and of each row of its lists. When the step is posted,
what is saved now ("theirs": a teammate's save, or another tab's) is compared
with that fingerprint, under the persona's row lock, and with what this person
typed ("yours"). For each answer and each row:

- nobody else changed it since the page loaded: it is saved as typed;
- it was changed elsewhere and what was typed differs from the change: that is a
  conflict, and nothing is saved until the person keeps theirs or keeps their
  own per conflict (or overwrites everything with their own);
- a row added elsewhere is kept: nothing typed competes with it.

Digests rather than a version number: a version says *that* something changed,
the digests say *what*, so a save of another step, or of this step from the same
page a moment ago, is no conflict, and the person sees exactly which answers
clash. Pure rules on plain values, no database: the worksheet reads the forms
into `Snapshot`s and calls these.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

THEIRS = "theirs"
MINE = "mine"
# The digest of a row that is not there (removed, on either side).
GONE = "-"
DIGEST_BYTES = 6


def digest(value: object) -> str:
    """A short fingerprint of an answer (a text, a number, a list, a row's dict)."""
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=DIGEST_BYTES).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """A step's answers: field name -> value, and each list's rows by id.

    For what was typed, `removed` names the rows marked for removal, and `rows`
    holds only rows that carry an id (new rows compete with nothing)."""

    fields: Mapping[str, object]
    rows: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    removed: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Loaded:
    """What a step page showed when it was loaded, as digests."""

    fields: Mapping[str, str]
    rows: Mapping[str, Mapping[str, str]]

    @classmethod
    def of(cls, snapshot: Snapshot) -> "Loaded":
        return cls(
            fields={name: digest(value) for name, value in snapshot.fields.items()},
            rows={
                prefix: {row_id: digest(row) for row_id, row in rows.items()}
                for prefix, rows in snapshot.rows.items()
            },
        )

    def dumps(self) -> str:
        return json.dumps({"f": self.fields, "r": self.rows}, separators=(",", ":"))

    @classmethod
    def loads(cls, text: str) -> "Loaded":
        """The fingerprint a page posted back; ValueError if it is not one."""
        try:
            document = json.loads(text)
        except RecursionError:
            raise ValueError("Nested too deeply.") from None
        if not isinstance(document, dict):
            raise ValueError("Not a step fingerprint.")
        fields, rows = document.get("f"), document.get("r")
        if not _strings(fields) or not isinstance(rows, dict):
            raise ValueError("Not a step fingerprint.")
        if not all(isinstance(p, str) and _strings(r) for p, r in rows.items()):
            raise ValueError("Not a step fingerprint.")
        return cls(fields=fields, rows=rows)

    def gone(self, prefix: str, existing: set[str]) -> set[str]:
        """Rows the page showed that are not there any more."""
        return set(self.rows.get(prefix, {})) - existing


def _strings(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


@dataclass(frozen=True)
class Conflict:
    """An answer (or a list's row) changed elsewhere that differs from what was
    typed. `theirs` or `yours` is None for a row removed on that side; `mark` is
    the digest of theirs, so that a choice made against one version of theirs is
    not applied to a newer one."""

    name: str
    theirs: object
    yours: object
    you_changed: bool
    mark: str
    row: str = ""

    @property
    def key(self) -> str:
        return f"{self.name}-{self.row}" if self.row else self.name

    @property
    def default(self) -> str:
        """Keep whichever side changed it; when both did, what was typed."""
        return MINE if self.you_changed else THEIRS


def find_conflicts(
    *, loaded: Loaded, theirs: Snapshot, yours: Snapshot
) -> list[Conflict]:
    """The answers and rows changed elsewhere since `loaded` that differ from
    what was typed, in the order of the step's fields, then rows."""
    conflicts = []
    for name, value in yours.fields.items():
        base = loaded.fields.get(name)
        if base is None or name not in theirs.fields:
            continue  # Not shown when the page loaded: nothing to compare.
        now, mine = digest(theirs.fields[name]), digest(value)
        if now != base and mine != now:
            conflicts.append(
                Conflict(name, theirs.fields[name], value, mine != base, now)
            )
    for prefix, base_rows in loaded.rows.items():
        conflicts += _row_conflicts(prefix, base_rows, theirs, yours)
    return conflicts


def _row_conflicts(
    prefix: str, base_rows: Mapping[str, str], theirs: Snapshot, yours: Snapshot
) -> list[Conflict]:
    their_rows = theirs.rows.get(prefix, {})
    my_rows = yours.rows.get(prefix, {})
    removed = yours.removed.get(prefix, frozenset())
    conflicts = []
    for row_id, base in base_rows.items():
        now = digest(their_rows[row_id]) if row_id in their_rows else GONE
        if now == base:
            continue
        if row_id in my_rows:
            mine, typed = digest(my_rows[row_id]), my_rows[row_id]
        elif row_id in removed:
            mine, typed = GONE, None
        else:
            continue  # The page no longer posts the row: theirs stands.
        if mine != now:
            conflicts.append(
                Conflict(
                    prefix, their_rows.get(row_id), typed, mine != base, now, row_id
                )
            )
    return conflicts


def added_elsewhere(*, loaded: Loaded, theirs: Snapshot) -> dict[str, list[object]]:
    """Rows saved elsewhere since the page loaded, by list: they are kept."""
    added = {}
    for prefix, rows in theirs.rows.items():
        new = [
            row
            for row_id, row in rows.items()
            if row_id not in loaded.rows.get(prefix, {})
        ]
        if new and prefix in loaded.rows:
            added[prefix] = new
    return added


def choices(
    conflicts: list[Conflict], posted: Mapping[str, str], *, overwrite: bool
) -> dict[str, str] | None:
    """Which side to keep for each conflict, from the page's "keep-<key>" answers
    ("theirs:<mark>" or "mine:<mark>"), or None while any conflict has no answer
    made against the version of theirs saved now. Overwriting keeps yours for
    every conflict the page showed."""
    picked = {}
    for conflict in conflicts:
        side, _, mark = posted.get(f"keep-{conflict.key}", "").partition(":")
        if mark != conflict.mark or side not in (THEIRS, MINE):
            return None
        picked[conflict.key] = MINE if overwrite else side
    return picked
