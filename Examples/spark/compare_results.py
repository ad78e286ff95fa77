#!/usr/bin/env python3
"""Checks that the Spark job graded a corpus exactly as `composure grade` does, row for row.

    compare_results.py --input CORPUS.jsonl --direct DIRECT.jsonl --spark OUT [--spark-format jsonl|parquet]
                       [--summary SUMMARY.json]
    compare_results.py --self-test

CORPUS.jsonl is the input both were given; DIRECT.jsonl is the output of
`composure grade --format jsonl --rubric R - < CORPUS.jsonl`; OUT is what
Examples/spark/grade_corpus.py wrote (a folder of part files, or one file).

It checks, and names every difference it finds (exit 1), or prints `ok` (exit 0):

- composure wrote one line per non-blank input line, and so did Spark: the Spark rows' `line`
  numbers are exactly the non-blank lines of the input, each once;
- the direct output lines up with the input: a line whose JSON has a string `id` got a result
  with that id, and an error line names its own line number;
- each Spark row equals the row made from the direct result for the same line: id, score,
  capped, every criterion's verdict and score, the count of turns each signal fired in, and
  the error text;
- with --summary, the job's summary agrees with the direct output (rows, graded, errors, mean
  score, capped, each criterion's pass/fail/n/a counts).

The rows are made from the direct output here, independently of grade_corpus.py's code.
Needs only the standard library (and pyspark for --spark-format parquet).
"""

import argparse
import glob
import json
import os
import re
import sys
import tempfile

FIELDS = ("id", "score", "capped", "verdicts", "criterion_scores", "signals", "error")
LOCATION = re.compile(r"^<stdin>:(\d+):\d+: ")


def nonblank_line_numbers(path):
    """The 1-based numbers of the lines composure grades: all but those of spaces and tabs only."""
    with open(path, "rb") as file:
        data = file.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    numbers, ids = [], {}
    for number, raw in enumerate(lines, start=1):
        raw = raw.rstrip(b"\r")
        if raw.strip(b" \t") == b"":
            continue
        numbers.append(number)
        try:
            value = json.loads(raw.decode("utf-8"))
        except ValueError:
            continue
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            ids[number] = value["id"]
    return numbers, ids


def row_from_direct(number, text):
    """The row the Spark job should have written for input line `number`, from composure's own line."""
    result = json.loads(text)
    if "error" in result:
        return {
            "line": number,
            "id": result.get("id"),
            "score": None,
            "capped": None,
            "verdicts": None,
            "criterion_scores": None,
            "signals": None,
            "error": result["error"],
        }
    signals = {}
    for turn in result["turns"]:
        for fired in turn["signals"]:
            signals[fired["id"]] = signals.get(fired["id"], 0) + 1
    return {
        "line": number,
        "id": result["id"],
        "score": result["score"],
        "capped": result["capped"],
        "verdicts": {c["id"]: c["verdict"] for c in result["criteria"]},
        "criterion_scores": {c["id"]: c["score"] for c in result["criteria"]},
        "signals": signals,
        "error": None,
    }


def read_direct(path):
    with open(path, encoding="utf-8") as file:
        return [line.rstrip("\n") for line in file]


def read_spark(path, spark_format):
    """The Spark job's rows as dicts, sorted by line."""
    if spark_format == "parquet":
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.master("local[1]").appName("compare-results").getOrCreate()
        try:
            rows = [row.asDict(recursive=True) for row in spark.read.parquet(path).collect()]
        finally:
            spark.stop()
    else:
        files = sorted(glob.glob(os.path.join(path, "part-*"))) if os.path.isdir(path) else [path]
        rows = []
        for name in files:
            with open(name, encoding="utf-8") as file:
                rows.extend(json.loads(line) for line in file if line.strip())
    return sorted(rows, key=lambda row: row.get("line", -1))


def compare(numbers, ids, direct, spark_rows, summary=None, limit=20):
    """Every difference found, as sentences; empty when the results agree."""
    problems = []

    def problem(text):
        if len(problems) < limit:
            problems.append(text)
        elif len(problems) == limit:
            problems.append("... (more differences not shown)")

    if len(direct) != len(numbers):
        problem("direct output has %d lines for %d non-blank input lines" % (len(direct), len(numbers)))
    if len(spark_rows) != len(numbers):
        problem("Spark output has %d rows for %d non-blank input lines" % (len(spark_rows), len(numbers)))
    spark_lines = [row.get("line") for row in spark_rows]
    if spark_lines != numbers:
        missing = sorted(set(numbers) - set(spark_lines))[:5]
        extra = sorted(set(spark_lines) - set(numbers))[:5]
        twice = sorted({n for n in spark_lines if spark_lines.count(n) > 1})[:5] if len(spark_lines) < 100000 else []
        problem(
            "Spark rows' line numbers are not the non-blank input lines: missing %s, unexpected %s, repeated %s"
            % (missing, extra, twice)
        )

    expected = {}
    for number, text in zip(numbers, direct):
        try:
            row = row_from_direct(number, text)
        except (ValueError, KeyError, TypeError) as error:
            problem("direct output for line %d is not a result line (%s): %.120s" % (number, error, text))
            continue
        expected[number] = row
        if number in ids and row["id"] != ids[number]:
            problem("direct output for line %d has id %r; the input line has id %r" % (number, row["id"], ids[number]))
        if row["error"] is not None:
            located = LOCATION.match(row["error"])
            if not located or int(located.group(1)) != number:
                problem("direct error for line %d names another place: %s" % (number, row["error"]))

    for row in spark_rows:
        number = row.get("line")
        if number not in expected:
            continue
        want = expected[number]
        for field in FIELDS:
            if row.get(field) != want[field]:
                problem(
                    "line %d, %s: Spark has %s, composure has %s"
                    % (number, field, json.dumps(row.get(field), sort_keys=True), json.dumps(want[field], sort_keys=True))
                )

    if summary is not None:
        rows = list(expected.values())
        graded = [row for row in rows if row["error"] is None]
        want = {
            "rows": len(rows),
            "graded": len(graded),
            "errors": len(rows) - len(graded),
            "capped": sum(1 for row in graded if row["capped"]),
        }
        for key, value in want.items():
            if summary.get(key) != value:
                problem("summary %s is %r; the direct output gives %r" % (key, summary.get(key), value))
        mean = sum(row["score"] for row in graded) / len(graded) if graded else None
        got = summary.get("mean_score")
        if (mean is None) != (got is None) or (mean is not None and abs(got - mean) > 1e-9):
            problem("summary mean_score is %r; the direct output gives %r" % (got, mean))
        counts = {}
        for row in graded:
            for criterion, verdict in row["verdicts"].items():
                counts.setdefault(criterion, {"pass": 0, "fail": 0, "not_applicable": 0})[verdict] += 1
        summarised = {c["id"]: {k: c[k] for k in ("pass", "fail", "not_applicable")} for c in summary.get("criteria", [])}
        if summarised != counts:
            problem("summary criteria %s; the direct output gives %s" % (summarised, counts))
    return problems


def self_test():
    """The checker must pass equal results and catch each kind of difference."""
    corpus = "\n".join(
        [
            '{"id": "a", "turns": [{"role": "agent", "text": "I am so sorry"}]}',
            "",
            "{broken",
            '{"id": "b", "turns": [{"role": "customer", "text": "Cancel it"}]}',
        ]
    )
    def result(id, score, verdict, signal):
        return json.dumps(
            {
                "id": id,
                "score": score,
                "capped": False,
                "criteria": [
                    {"id": "apology", "verdict": verdict, "score": score, "weight": 1, "evidence": [], "feedback": ""},
                    {"id": "let_go", "verdict": "not_applicable", "score": None, "weight": 1, "evidence": [], "feedback": ""},
                ],
                "turns": [{"index": 0, "role": "agent", "signals": [{"id": signal, "evidence": []}]}],
            }
        )
    direct = [
        result("a", 100, "pass", "apology"),
        json.dumps({"id": None, "error": "<stdin>:3:1: error: not valid JSON"}),
        result("b", 0, "fail", "cancel_request"),
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "corpus.jsonl")
        with open(path, "w", encoding="utf-8") as file:
            file.write(corpus + "\n")
        numbers, ids = nonblank_line_numbers(path)
    assert numbers == [1, 3, 4], numbers
    good = [row_from_direct(n, t) for n, t in zip(numbers, direct)]
    summary = {
        "rows": 3, "graded": 2, "errors": 1, "capped": 0, "mean_score": 50.0,
        "criteria": [
            {"id": "apology", "pass": 1, "fail": 1, "not_applicable": 0},
            {"id": "let_go", "pass": 0, "fail": 0, "not_applicable": 2},
        ],
    }
    failures = []
    found = compare(numbers, ids, direct, good, summary)
    if found:
        failures.append("equal results reported as different: %s" % found)

    def mutated(change):
        rows = json.loads(json.dumps(good))
        change(rows)
        return rows

    mutations = {
        "a score": lambda rows: rows[0].__setitem__("score", 99),
        "a verdict": lambda rows: rows[2]["verdicts"].__setitem__("apology", "pass"),
        "a criterion score": lambda rows: rows[0]["criterion_scores"].__setitem__("let_go", 0),
        "a signal count": lambda rows: rows[0]["signals"].__setitem__("apology", 2),
        "a missing signal": lambda rows: rows[2]["signals"].clear(),
        "capped": lambda rows: rows[0].__setitem__("capped", True),
        "an id": lambda rows: rows[2].__setitem__("id", "c"),
        "an error text": lambda rows: rows[1].__setitem__("error", "<stdin>:3:1: error: other"),
        "an error became a result": lambda rows: rows[1].__setitem__("error", None),
        "a dropped row": lambda rows: rows.pop(1),
        "a repeated row": lambda rows: rows.insert(1, dict(rows[0])),
        "two rows swapped": lambda rows: (rows[0].__setitem__("line", 4), rows[2].__setitem__("line", 1), rows.reverse()),
    }
    for name, change in mutations.items():
        if not compare(numbers, ids, direct, mutated(change), summary):
            failures.append("not caught: %s" % name)
    # The direct side and the summary are checked too.
    if not compare(numbers, ids, direct[:2], good, summary):
        failures.append("not caught: a direct line missing")
    if not compare(numbers, ids, [direct[0], direct[2], direct[1]], good, summary):
        failures.append("not caught: direct output out of order")
    if not compare(numbers, ids, direct, good, dict(summary, mean_score=51.0)):
        failures.append("not caught: a wrong mean score in the summary")
    if not compare(numbers, ids, direct, good, dict(summary, errors=0)):
        failures.append("not caught: a wrong error count in the summary")
    if failures:
        for failure in failures:
            print("self-test: " + failure, file=sys.stderr)
        return 1
    print("self-test: ok (%d differences, each caught; equal results pass)" % (len(mutations) + 4))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", help="the JSONL corpus both were given")
    parser.add_argument("--direct", help="composure grade --format jsonl - output for it")
    parser.add_argument("--spark", help="the Spark job's output folder (or file)")
    parser.add_argument("--spark-format", choices=["jsonl", "parquet"], default="jsonl")
    parser.add_argument("--summary", help="the job's --summary-json file, to check as well")
    parser.add_argument("--self-test", action="store_true", help="check the checker itself and exit")
    arguments = parser.parse_args(argv)
    if arguments.self_test:
        return self_test()
    if not (arguments.input and arguments.direct and arguments.spark):
        parser.error("--input, --direct and --spark are required (or --self-test)")
    numbers, ids = nonblank_line_numbers(arguments.input)
    direct = read_direct(arguments.direct)
    spark_rows = read_spark(arguments.spark, arguments.spark_format)
    summary = None
    if arguments.summary:
        with open(arguments.summary, encoding="utf-8") as file:
            summary = json.load(file)
    problems = compare(numbers, ids, direct, spark_rows, summary)
    if problems:
        for text in problems:
            print("difference: " + text, file=sys.stderr)
        print("FAILED: the Spark results differ from composure's", file=sys.stderr)
        return 1
    errors = sum(1 for row in spark_rows if row.get("error") is not None)
    print(
        "ok: %d non-blank input lines, %d direct lines, %d Spark rows, equal row for row (%d error rows)"
        % (len(numbers), len(direct), len(spark_rows), errors)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
