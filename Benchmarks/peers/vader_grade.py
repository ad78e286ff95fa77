#!/usr/bin/env python3
"""A peer for `composure grade`: scores the same JSONL conversations with VADER, on one core.

Reads the transcript JSONL format (one conversation per line: id, turns[role, text]) from
the files named (or standard input) and writes one JSON line per conversation with the
VADER compound score of every turn and their mean, the way `composure grade --format jsonl`
writes one line per conversation. Used by Docs/performance.md's side-by-side comparison:

    pip install vaderSentiment
    python3 Benchmarks/peers/vader_grade.py corpus.jsonl > /dev/null
"""
import json
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def main(paths):
    analyzer = SentimentIntensityAnalyzer()
    out = sys.stdout
    files = [open(path, encoding="utf-8") for path in paths] or [sys.stdin]
    for handle in files:
        for line in handle:
            if not line.strip():
                continue
            conversation = json.loads(line)
            scores = [
                {"index": index, "role": turn["role"], "compound": analyzer.polarity_scores(turn["text"])["compound"]}
                for index, turn in enumerate(conversation["turns"])
            ]
            mean = sum(s["compound"] for s in scores) / len(scores) if scores else 0.0
            out.write(json.dumps({"id": conversation["id"], "score": round(mean, 4), "turns": scores}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
