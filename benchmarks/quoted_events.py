"""How well do the rules that pick quotable sentences (``timeline.quotable``) agree with blind per-event labels?

    python benchmarks/quoted_events.py [validation/audits/2026-12-08-quoted-events-a.jsonl ...-b.jsonl]

The labelled events are every sentence the rules accepted in the astronomy and economics corpora before the rules of
the twenty-fourth session were added (docs/multihop.md). An event is good when every annotator marks it
``standalone`` and ``is_event``, bad when none does. For each corpus the script prints how many events the current
rules still accept, how many bad events they now refuse and how many good ones they lose, and the good share of
what they accept. The labels were read when the rules were written, so these numbers are in-sample.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from benchsmith.generate import timeline

AUDITS = Path(__file__).resolve().parent.parent / "validation" / "audits"
DEFAULT = [AUDITS / "2026-12-08-quoted-events-a.jsonl", AUDITS / "2026-12-08-quoted-events-b.jsonl"]


def read_events(paths: list[Path]) -> dict[str, dict]:
    """Each event once, with the list of its annotators' verdicts (standalone and is_event both 1)."""
    events: dict[str, dict] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            event = events.setdefault(row["id"], {**row, "verdicts": []})
            event["verdicts"].append(row["labels"]["standalone"] == 1 and row["labels"]["is_event"] == 1)
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*", type=Path, default=DEFAULT)
    args = parser.parse_args()
    by_corpus: dict[str, list[dict]] = defaultdict(list)
    for event in read_events(args.labels).values():
        by_corpus[event["corpus"]].append(event)
    for corpus, events in sorted(by_corpus.items()):
        good = [e for e in events if all(e["verdicts"])]
        bad = [e for e in events if not any(e["verdicts"])]
        refused = {e["id"] for e in events if not timeline.quotable(e["sentence"], e["year"])}
        accepted = [e for e in events if e["id"] not in refused]
        refused_bad = sum(e["id"] in refused for e in bad)
        lost_good = [e for e in good if e["id"] in refused]
        share = sum(all(e["verdicts"]) for e in accepted) / max(1, len(accepted))
        print(f"{corpus}: {len(events)} labelled events, good {len(good)} ({len(good) / len(events):.0%}), bad "
              f"{len(bad)}; the rules now accept {len(accepted)}: refuse {refused_bad} of the bad, lose "
              f"{len(lost_good)} good; good share of the accepted {share:.0%}")
        for event in lost_good:
            print(f"    lost: {event['sentence'][:120]}")


if __name__ == "__main__":
    main()
