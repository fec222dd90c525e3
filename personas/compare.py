"""What changed between two versions of a persona (pure: the standard library only).

Both versions come in their export shape (`transfer.persona_data`); the worksheet's
words for each field come from `personas/labels.py`, passed in. A field is one row.
A list (of texts, of choices, or of dreams, pains and red flags) is compared item
by item, so adding one item shows one added item, not a whole new list:

- items are lined up with `difflib.SequenceMatcher` on their text;
- an item only one side has is "added" or "removed", and one that took another's
  place is "changed";
- an item removed in one place and added unchanged in another is "moved";
- a part whose text stayed but whose details differ (a pain's intensity, say) is
  "changed", with each detail that changed.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Protocol

SAME, ADDED, REMOVED, CHANGED, MOVED = "same", "added", "removed", "changed", "moved"
CHANGE_WORDS = {
    SAME: "Unchanged",
    ADDED: "Added",
    REMOVED: "Removed",
    CHANGED: "Changed",
    MOVED: "Moved",
}


class Words(Protocol):
    """A field as the worksheet names it (`labels.FieldWords`)."""

    name: str
    label: str
    is_list: bool

    def show(self, value: object) -> str: ...


class PartListWords(Protocol):
    """A list of parts as the worksheet names it (`labels.PartWords`)."""

    name: str
    label: str

    @property
    def details(self) -> Sequence[Words]: ...


@dataclass(frozen=True)
class Segment:
    change: str
    text: str


@dataclass(frozen=True)
class Detail:
    label: str
    before: str
    after: str

    @property
    def segments(self) -> tuple[Segment, ...] | None:
        """The change word by word, when both sides are sentences."""
        return word_diff(self.before, self.after)


@dataclass(frozen=True)
class Item:
    change: str
    before: str
    after: str
    details: tuple[Detail, ...] = ()

    @property
    def words(self) -> str:
        return CHANGE_WORDS[self.change]


@dataclass(frozen=True)
class Row:
    field: str
    label: str
    before: str = ""
    after: str = ""
    items: tuple[Item, ...] | None = None

    @property
    def is_list(self) -> bool:
        return self.items is not None

    @property
    def changed(self) -> bool:
        if self.items is not None:
            return any(item.change != SAME for item in self.items)
        return self.before != self.after

    @property
    def changed_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items or () if item.change != SAME)

    @property
    def before_segments(self) -> tuple[Segment, ...] | None:
        """The old text with what was removed marked, when both are sentences."""
        segments = word_diff(self.before, self.after) if self.changed else None
        return None if segments is None else _side(segments, ADDED)

    @property
    def after_segments(self) -> tuple[Segment, ...] | None:
        """The new text with what was added marked, when both are sentences."""
        segments = word_diff(self.before, self.after) if self.changed else None
        return None if segments is None else _side(segments, REMOVED)


def compare(
    before: Mapping,
    after: Mapping,
    fields: Sequence[Words],
    parts: Sequence[PartListWords] = (),
) -> list[Row]:
    """One row per field, then one per list of parts, in the order given."""
    rows = [
        _field_row(words, before.get(words.name), after.get(words.name))
        for words in fields
    ]
    rows += [
        _parts_row(words, before.get(words.name), after.get(words.name))
        for words in parts
    ]
    return rows


def _field_row(words: Words, before: object, after: object) -> Row:
    if words.is_list:
        old = [words.show(item) for item in before or ()]
        new = [words.show(item) for item in after or ()]
        return Row(words.name, words.label, items=diff_items(old, new))
    return Row(words.name, words.label, words.show(before), words.show(after))


def _parts_row(words: PartListWords, before: object, after: object) -> Row:
    def details(old: Mapping | None, new: Mapping | None) -> tuple[Detail, ...]:
        return _part_details(words.details, old, new)

    items = diff_items(
        list(before or ()), list(after or ()), key=_part_text, details=details
    )
    return Row(words.name, words.label, items=items)


def _part_text(part: Mapping) -> str:
    return str(part.get("text", ""))


def _part_details(
    fields: Sequence[Words], old: Mapping | None, new: Mapping | None
) -> tuple[Detail, ...]:
    """The details that differ between two parts; for a part only one side has,
    the details it has."""
    found = []
    for words in fields:
        shown = [_shown(words, part) for part in (old, new)]
        if shown[0] != shown[1]:
            found.append(Detail(words.label, *shown))
    return tuple(found)


def _shown(words: Words, part: Mapping | None) -> str:
    if part is None:
        return ""
    value = part.get(words.name)
    if words.is_list:
        return "; ".join(words.show(item) for item in value or ())
    return words.show(value)


def diff_items[T](
    before: Sequence[T],
    after: Sequence[T],
    *,
    key: Callable[[T], str] = str,
    details: Callable[[T | None, T | None], tuple[Detail, ...]] = lambda old, new: (),
) -> tuple[Item, ...]:
    """Both lists item by item, in the order of `after` (removed items where they
    were)."""
    matcher = SequenceMatcher(
        a=[key(item) for item in before],
        b=[key(item) for item in after],
        autojunk=False,
    )
    items: list[Item] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = before[i1:i2], after[j1:j2]
        paired = len(old) if tag == "equal" else min(len(old), len(new))
        if tag in ("delete", "insert"):
            paired = 0
        for one, other in zip(old[:paired], new[:paired], strict=True):
            found = details(one, other)
            same = tag == "equal" and not found
            items.append(Item(SAME if same else CHANGED, key(one), key(other), found))
        items += [
            Item(REMOVED, key(one), "", details(one, None)) for one in old[paired:]
        ]
        items += [
            Item(ADDED, "", key(other), details(None, other)) for other in new[paired:]
        ]
    return _moves(items)


def _moves(items: list[Item]) -> tuple[Item, ...]:
    """An item removed in one place and added, unchanged, in another was moved:
    one "moved" item where it is now, instead of the pair."""
    removed: dict[tuple, list[Item]] = {}
    for item in items:
        if item.change == REMOVED:
            removed.setdefault((item.before, item.details), []).append(item)
    moved: set[int] = set()
    result = []
    for item in items:
        twins = removed.get((item.after, _flip(item.details)), [])
        if item.change == ADDED and twins:
            moved.add(id(twins.pop()))
            result.append(Item(MOVED, item.after, item.after))
        else:
            result.append(item)
    return tuple(item for item in result if id(item) not in moved)


def _flip(details: tuple[Detail, ...]) -> tuple[Detail, ...]:
    """A removed part's details as they would read had it been added."""
    return tuple(Detail(d.label, d.after, d.before) for d in details)


# Below this many words on either side, "before → after" reads better than a
# word-by-word diff.
SENTENCE_WORDS = 4


def word_diff(before: str, after: str) -> tuple[Segment, ...] | None:
    """Two texts word by word (spaces kept): what stayed, was removed or added.
    None unless both sides have a few words."""
    if min(len(before.split()), len(after.split())) < SENTENCE_WORDS:
        return None
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    # Spaces are junk: they never anchor a match on their own.
    matcher = SequenceMatcher(str.isspace, old, new, autojunk=False)
    segments = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment(SAME, "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment(REMOVED, "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment(ADDED, "".join(new[j1:j2])))
    return tuple(segments)


def _side(segments: tuple[Segment, ...], leave_out: str) -> tuple[Segment, ...]:
    return tuple(segment for segment in segments if segment.change != leave_out)
