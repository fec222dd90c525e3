"""Side-by-side comparison of two versions of a persona (pure)."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    field: str
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def compare(before: Mapping, after: Mapping, labels: Mapping[str, str]) -> list[Row]:
    """One row per field in `labels`, in that order, with display text for each side.

    Lists (and the dreams, pains and red flags) are shown one item per line, so a
    changed item stands out.
    """
    return [
        Row(field, label, display(before.get(field)), display(after.get(field)))
        for field, label in labels.items()
    ]


def display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(display(item) for item in value)
    if isinstance(value, Mapping):
        return _display_part(value)
    return str(value)


def _display_part(part: Mapping) -> str:
    text = str(part.get("text", ""))
    details = [
        f"{key}: {', '.join(val) if isinstance(val, list) else val}"
        for key, val in part.items()
        if key != "text" and val
    ]
    return f"{text} ({'; '.join(details)})" if details else text
