"""Word-level differences between two texts, for people to read: what an imported file or a
new submitted version adds (``<ins>``) and removes (``<del>``).

Words are runs of letters and digits; Chinese, Japanese and Korean characters, written without
spaces, count one each; spaces and punctuation are tokens of their own so that the text is
given back exactly.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\s+"
    r"|[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
    r"|\w+"
    r"|[^\w\s]",
)


@dataclass(frozen=True)
class Part:
    """A piece of the diff: ``op`` is ``"equal"``, ``"del"`` or ``"ins"``."""

    op: str
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[Part]:
    """The parts that turn ``old`` into ``new``, adjacent parts of the same kind merged.
    ``"".join`` of the equal and deleted parts is ``old``; of the equal and inserted, ``new``."""
    a, b = tokens(old), tokens(new)
    parts: list[Part] = []

    def add(op, words):
        text = "".join(words)
        if not text:
            return
        if parts and parts[-1].op == op:
            parts[-1] = Part(op, parts[-1].text + text)
        else:
            parts.append(Part(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("del", a[i1:i2])
            add("ins", b[j1:j2])
    return parts


def changed_words(parts: list[Part]) -> int:
    """How many words were added or removed (spaces and punctuation not counted)."""
    return sum(1 for part in parts if part.op != "equal" for token in tokens(part.text) if token[0].isalnum())
