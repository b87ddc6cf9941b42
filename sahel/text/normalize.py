"""Arabic normalization: options, presets, the Normalizer and the OffsetMap back to the original."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache

from sahel import _core

OPTIONS: dict[str, int] = {
    "diacritics": _core.NORM_DIACRITICS,
    "extended_marks": _core.NORM_EXTENDED_MARKS,
    "tatweel": _core.NORM_TATWEEL,
    "alef": _core.NORM_ALEF,
    "alef_maksura": _core.NORM_ALEF_MAKSURA,
    "teh_marbuta": _core.NORM_TEH_MARBUTA,
    "hamza_seats": _core.NORM_HAMZA_SEATS,
    "persian_letters": _core.NORM_PERSIAN_LETTERS,
    "digits": _core.NORM_DIGITS,
    "punctuation": _core.NORM_PUNCTUATION,
    "presentation_forms": _core.NORM_PRESENTATION_FORMS,
    "invisible": _core.NORM_INVISIBLE,
    "spaces": _core.NORM_SPACES,
    "collapse_spaces": _core.NORM_COLLAPSE_SPACES,
}

PRESETS: dict[str, int] = {
    # Search and matching: every option but teh marbuta, hamza seats, punctuation, collapsing.
    "search": _core.NORM_PRESET_SEARCH,
    # CAMeL Tools' chain: dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar,
    # normalize_teh_marbuta_ar.
    "camel": _core.NORM_PRESET_CAMEL,
    "none": 0,
}


@lru_cache(maxsize=256)
def _bits(preset: str, options: frozenset[tuple[str, bool]]) -> int:
    if not isinstance(preset, str) or preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}: choose one of {', '.join(PRESETS)}")
    bits = PRESETS[preset]
    for name, value in options:
        if name not in OPTIONS:
            raise ValueError(
                f"unknown normalization option {name!r}: choose from {', '.join(OPTIONS)}"
            )
        if not isinstance(value, bool):
            raise TypeError(f"option {name} must be True or False, not {type(value).__name__}")
        bits = bits | OPTIONS[name] if value else bits & ~OPTIONS[name]
    return bits


def option_bits(preset: str = "search", **options: bool) -> int:
    """The core's option bits for a preset with some options switched on or off."""
    return _bits(preset, frozenset(options.items()))


class OffsetMap:
    """Maps indices of a normalized string back to the original string.

    It holds a checkpoint where the two texts' distance changes (a deletion, an expansion),
    so its memory grows with the number of edits, not with the length of the text.
    """

    __slots__ = ("_norm", "_orig", "normalized_length", "original_length")

    def __init__(self, norm: bytes, orig: bytes, normalized_length: int, original_length: int):
        # Arrays of size_t, as the core writes them; typeshed's overloads of memoryview.cast
        # leave out the size_t codes "n" and "N".
        self._norm: memoryview[int] = memoryview(norm).cast("N")  # type: ignore[call-overload]
        self._orig: memoryview[int] = memoryview(orig).cast("N")  # type: ignore[call-overload]
        self.normalized_length = normalized_length
        self.original_length = original_length

    def __len__(self) -> int:
        """The number of checkpoints."""
        return len(self._norm)

    def __sizeof__(self) -> int:
        return object.__sizeof__(self) + 2 * len(self._norm) * self._norm.itemsize

    def to_original(self, index: int) -> int:
        """The original index of normalized index `index` (0 <= index <= normalized length)."""
        if not isinstance(index, int):
            raise TypeError(f"index must be int, not {type(index).__name__}")
        if not 0 <= index <= self.normalized_length:
            raise IndexError(
                f"index {index} outside the normalized text (0..{self.normalized_length})"
            )
        k = bisect_right(self._norm, index) - 1
        if k < 0:
            return index
        return self._orig[k] + (index - self._norm[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalized text[start:end]: from the character at `start`
        to just past the character at `end - 1` (characters deleted after it are left out)."""
        if start > end:
            raise ValueError(f"span start {start} is after its end {end}")
        if not isinstance(end, int):
            raise TypeError(f"end must be int, not {type(end).__name__}")
        if end > self.normalized_length:
            raise IndexError(
                f"span end {end} outside the normalized text (0..{self.normalized_length})"
            )
        first = self.to_original(start)
        if end == start:
            return first, first
        return first, self.to_original(end - 1) + 1

    def __repr__(self) -> str:
        return (
            f"OffsetMap({len(self)} checkpoints, normalized {self.normalized_length}, "
            f"original {self.original_length})"
        )


def _check_text(text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        raise TypeError("text must be str, not bytes: decode it first (text.decode('utf-8'))")
    raise TypeError(f"text must be str, not {type(text).__name__}")


class Normalizer:
    """A normalization configured once: a preset with options switched on or off by keyword."""

    __slots__ = ("preset", "bits")

    def __init__(self, preset: str = "search", **options: bool):
        self.preset = preset
        self.bits = option_bits(preset, **options)

    @property
    def options(self) -> dict[str, bool]:
        return {name: bool(self.bits & bit) for name, bit in OPTIONS.items()}

    def normalize(self, text: str) -> str:
        return _core.normalize(text, self.bits)

    def normalize_with_offsets(self, text: str) -> tuple[str, OffsetMap]:
        normalized, norm, orig = _core.normalize_with_offsets(_check_text(text), self.bits)
        return normalized, OffsetMap(norm, orig, len(normalized), len(text))

    def normalize_many(self, texts: Iterable[str]) -> list[str]:
        if isinstance(texts, (str, bytes)):
            raise TypeError(
                "texts must be an iterable of str, not a single string: use normalize()"
            )
        return _core.normalize_many(
            texts if isinstance(texts, (list, tuple)) else list(texts), self.bits
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Normalizer) and other.bits == self.bits

    def __hash__(self) -> int:
        return hash(self.bits)

    def __reduce__(self) -> tuple[Callable[[str, int], Normalizer], tuple[str, int]]:
        return (_from_bits, (self.preset, self.bits))

    def __repr__(self) -> str:
        preset_bits = PRESETS.get(self.preset, 0)
        changes = [
            f"{n}={bool(self.bits & b)}"
            for n, b in OPTIONS.items()
            if (self.bits ^ preset_bits) & b
        ]
        return f"Normalizer({', '.join([repr(self.preset), *changes])})"


def _from_bits(preset: str, bits: int) -> Normalizer:
    normalizer = Normalizer(preset)
    normalizer.bits = bits
    return normalizer


def normalize(text: str, preset: str = "search", **options: bool) -> str:
    """Normalize Arabic text; returns `text` itself when nothing changes."""
    return _core.normalize(text, option_bits(preset, **options))
