"""Run by test_binding_asan.py in a process with the core built under AddressSanitizer.

argv[1] is the folder holding that build of sahel/_core*.so. Threads replace the items of the
list that normalize_many and Matcher.find_many read (texts long enough for the GIL to be
released), and rebuild the lists given to the Matcher and Lexicon constructors from an __index__
they call. Any use after free aborts the process with an ASan report; a clean run prints "ok".
"""

import importlib.util
import sys
import threading
from pathlib import Path


def load_core(folder: str):
    path = next(Path(folder).glob("sahel/_core*.so"))
    spec = importlib.util.spec_from_file_location("sahel._core", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    core = load_core(sys.argv[1])
    options = core.NORM_PRESET_SEARCH
    matcher = core.Matcher(options, [("تركيا", 1, 0), ("مالي", 2, 0)], [], [])
    big = core.RELEASE_GIL_FROM * 4

    def fresh(i: int) -> str:
        # a new object each time, so that replacing it frees the old one
        return ("أنقرة وتركيا ومالي " * (big // 19 + 1)) + str(i)

    texts = [fresh(i) for i in range(8)]
    stop = threading.Event()

    def mutate() -> None:
        i = 0
        while not stop.is_set():
            texts[i % len(texts)] = fresh(i)
            i += 1

    workers = [threading.Thread(target=mutate) for _ in range(2)]
    for w in workers:
        w.start()
    try:
        for _ in range(60):
            out = core.normalize_many(texts, options)
            assert len(out) == len(texts)
            cols = matcher.find_many(texts, 0)
            assert len(cols) == 8
    finally:
        stop.set()
        for w in workers:
            w.join()

    # an __index__ that empties the list being read, in both constructors
    class Shrinking:
        def __init__(self, items: list) -> None:
            self.items = items

        def __index__(self) -> int:
            self.items.clear()
            return 0

    aliases: list = []
    aliases.extend([("تركيا" * 50 + str(i), Shrinking(aliases), 0) for i in range(4)])
    core.Matcher(options, aliases, [], [])
    entries: list = []
    entries.extend([("مالي" * 50 + str(i), Shrinking(entries), 0) for i in range(4)])
    core.Lexicon(options, entries)
    print("ok")


if __name__ == "__main__":
    main()
