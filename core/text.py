"""Text the app writes itself (labels, titles) made to fit the column it goes in."""

ELLIPSIS = "…"


def shortened(text: str, max_length: int) -> str:
    """`text` as it is when it fits in `max_length` characters; else cut at the
    last space that keeps at least half of it, with an ellipsis (pure). A text
    with no space in its second half is cut mid-word rather than to half."""
    if len(text) <= max_length:
        return text
    room = text[: max_length - len(ELLIPSIS)]
    at_word = room.rsplit(None, 1)[0] if " " in room[len(room) // 2 :] else room
    return at_word.rstrip(" ,;:–-") + ELLIPSIS
