"""LZ-string ``decompressFromUTF16``, as PRSM writes its ``.prsm`` files, with a cap on the output.

Written here rather than taken from the ``lzstring`` package because a decompressor must stop at a
size cap while it runs (a few kilobytes of LZ input can describe gigabytes), which that package
cannot do. The algorithm is pieroxy's lz-string (MIT), read from its description.

>>> decompress_from_utf16("")
''

tests/test_formats_prsm_map.py checks it on a real PRSM 3.0.3 file; tests/test_formats_bombs.py on
a crafted bomb.
"""

from __future__ import annotations

from collections.abc import Callable


class DecompressError(ValueError):
    """The text is not LZ-string UTF-16 output."""


class OutputTooLarge(ValueError):
    """Decompressing would produce more than the cap."""


def decompress_from_utf16(text: str, max_chars: int = 50 * 1024 * 1024) -> str:
    """The string ``compressToUTF16`` was given; :class:`OutputTooLarge` past ``max_chars``."""
    if not text:
        return ""
    codes = [ord(ch) - 32 for ch in text]
    return _decompress(len(codes), 16384, lambda i: codes[i] if i < len(codes) else 0, max_chars)


def _decompress(length: int, reset: int, value_at: Callable[[int], int], max_chars: int) -> str:
    state = {"val": value_at(0), "pos": reset, "index": 1}

    def read(nbits: int) -> int:
        bits, power = 0, 1
        for _ in range(nbits):
            bit = state["val"] & state["pos"]
            state["pos"] >>= 1
            if state["pos"] == 0:
                state["pos"] = reset
                state["val"] = value_at(state["index"])
                state["index"] += 1
            if bit:
                bits |= power
            power <<= 1
        return bits

    dictionary: list[str] = ["", "", ""]
    enlarge_in, num_bits = 4, 3
    kind = read(2)
    if kind == 2:
        return ""
    if kind not in (0, 1):
        raise DecompressError("not LZ-string data")
    first = chr(read(8 if kind == 0 else 16))
    dictionary.append(first)
    w, out, size = first, [first], 1
    while True:
        if state["index"] > length + 1:
            raise DecompressError("LZ-string data ends early")
        code = read(num_bits)
        if code in (0, 1):
            dictionary.append(chr(read(8 if code == 0 else 16)))
            code = len(dictionary) - 1
            enlarge_in -= 1
        elif code == 2:
            return "".join(out)
        if enlarge_in == 0:
            enlarge_in, num_bits = 1 << num_bits, num_bits + 1
        if code < len(dictionary):
            entry = dictionary[code]
        elif code == len(dictionary):
            entry = w + w[0]
        else:
            raise DecompressError("not LZ-string data (bad back-reference)")
        size += len(entry)
        if size > max_chars:
            raise OutputTooLarge(f"decompresses to more than {max_chars} characters")
        out.append(entry)
        dictionary.append(w + entry[0])
        enlarge_in -= 1
        w = entry
        if enlarge_in == 0:
            enlarge_in, num_bits = 1 << num_bits, num_bits + 1
