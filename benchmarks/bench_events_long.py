"""Event extraction on one unpunctuated record of growing length (a sentence of 10k to 100k
characters): seconds and seconds per 10k characters, which stay flat when the work is linear.

    .venv/bin/python benchmarks/bench_events_long.py [--sizes 10000,20000,40000,100000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sahel  # noqa: E402
from sahel.extract.events import extract_events  # noqa: E402

UNIT = (
    "وزار الرئيس الروسي فلاديمير بوتين النيجر في 12 مارس 2024، ووقع اتفاقا عسكريا مع مالي "
    "بعد أن أدانت فرنسا الهجوم على تركيا يوم الأحد، وقال إن البلدين سيعقدان اجتماعا "
    "ونشرت روسيا قواتها في بوركينا فاسو التي انسحبت من إيكواس "
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,20000,40000,100000")
    args = parser.parse_args()
    matcher = sahel.Matcher(sahel.Gazetteer.default())
    print(f"{'chars':>8}{'events':>8}{'seconds':>10}{'s/10k':>8}")
    for n in map(int, args.sizes.split(",")):
        text = (UNIT * (n // len(UNIT) + 1))[:n]
        mentions = matcher.find(text)
        start = time.perf_counter()
        events = extract_events(text, mentions, [(0, len(text))])
        seconds = time.perf_counter() - start
        print(f"{n:>8}{len(events):>8}{seconds:>10.2f}{seconds / n * 10_000:>8.3f}")


if __name__ == "__main__":
    main()
