"""Text a prospect or a practitioner types into the intake: lists typed into one
box, and referral lines with their web addresses."""

import re
from collections.abc import Iterable
from dataclasses import dataclass


def split_other(text: str) -> list[str]:
    """The items of an "other" box: separated by commas, semicolons or lines."""
    return unique_items(re.split(r"[,;\n]", text or ""))


def unique_items(items: Iterable[str]) -> list[str]:
    """Each item once, stripped, ignoring case; the first spelling is kept."""
    seen: dict[str, str] = {}
    for item in items:
        text = item.strip()
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())


URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
URL_TRAILING = ".,;:!?)]}"


@dataclass(frozen=True)
class Part:
    """A piece of a referral line; with `url`, shown as a link."""

    text: str
    url: str = ""


def referral_lines(text: str) -> list[list[Part]]:
    """The practitioner's referrals, one per line, web addresses made links.

    Only http and https addresses become links, so a line can never carry a
    `javascript:` link; the template escapes every part.
    """
    return [_parts(line.strip()) for line in text.splitlines() if line.strip()]


def _parts(line: str) -> list[Part]:
    parts, position = [], 0
    for match in URL.finditer(line):
        url = match.group().rstrip(URL_TRAILING)
        if match.start() > position:
            parts.append(Part(line[position : match.start()]))
        parts.append(Part(url, url))
        position = match.start() + len(url)
    if position < len(line):
        parts.append(Part(line[position:]))
    return parts
