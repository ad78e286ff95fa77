#!/usr/bin/env python3
"""Grade a corpus of support conversations with Composure on Spark.

Reads JSONL conversations ({"id", "channel", "meta", "turns": [{"role", "text"}]}, one per
line) from any path Spark can read (local files, HDFS, S3, globs, folders, .gz), ships the
composure binary, the rubric, the signal model it names (`model:`) and the lexicon folder
(Lexicon/, for the rubric's lemmas and word classes) to the executors (SparkContext.addFile,
the lexicon landing beside the binary, where composure looks for it), grades every
partition with `rdd.pipe` through

    composure grade --format jsonl --rubric <rubric> --jobs 1 -

and writes one row per non-blank input line as JSONL or Parquet:

    line              1-based position of the line in the input as Spark reads it (for a
                      single file: its line number)
    id                the conversation's id (null when a broken line had none)
    score             overall score 0-100 (null for a line that could not be graded)
    capped            a fatal signal capped the score
    verdicts          {criterion id: "pass" | "fail" | "not_applicable"}
    criterion_scores  {criterion id: 0-100, or null when not applicable}
    signals           {signal id: number of turns in which it fired}
    error             why the line could not be graded, else null
    result            the full result line of Docs/grade-output.md (only with --keep-result)

and prints a summary computed in Spark: rows, graded, errors, mean score, capped, pass rate
per criterion, the commonest errors. See Docs/scale-out.md.

Example (here, on two local cores):

    python3 Examples/spark/grade_corpus.py --master 'local[2]' \\
        --input Tests/EndToEndTests/Fixtures/helpdesk-dev.jsonl --output /tmp/graded \\
        --binary "$(Scripts/build-static | head -1)" --rubric Rubrics/core.yaml --partitions 4
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# The environment of every composure process: no colour, no terminal, UTF-8.
PIPE_ENV = {
    "NO_COLOR": "1",
    "TERM": "dumb",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
}

# composure names a broken line `<stdin>:LINE:COLUMN: error: ...`, counting lines of its own
# standard input, which in Spark is one partition. The job rewrites LINE to the line's position
# in the whole input, so the text is the same as `composure grade --format jsonl - < file` gives.
ERROR_LOCATION = re.compile(r"^<stdin>:(\d+):(\d+): ")

# A conversation that must grade cleanly: the preflight check on an executor.
PROBE_LINE = '{"id": "composure-probe", "turns": [{"role": "agent", "text": "I am so sorry."}]}\n'


def is_blank(line):
    """composure skips lines of spaces and tabs only, and writes nothing for them."""
    return line.strip(" \t\r") == ""


def result_row(line_number, output, keep_result=False):
    """One output row (a tuple in SCHEMA order) from composure's result line for input line `line_number`."""
    result = json.loads(output)  # not JSON: a broken contract; let the task fail loudly
    if "error" in result:
        error = ERROR_LOCATION.sub(
            lambda m: "<stdin>:%d:%s: " % (line_number, m.group(2)), result["error"], count=1
        )
        row = (line_number, result.get("id"), None, None, None, None, None, error)
    else:
        verdicts = {c["id"]: c["verdict"] for c in result["criteria"]}
        scores = {c["id"]: c["score"] for c in result["criteria"]}
        signals = {}
        for turn in result["turns"]:
            for signal in turn["signals"]:
                signals[signal["id"]] = signals.get(signal["id"], 0) + 1
        row = (line_number, result["id"], result["score"], result["capped"], verdicts, scores, signals, None)
    return row + (output,) if keep_result else row


def schema(keep_result):
    from pyspark.sql import types as T

    fields = [
        T.StructField("line", T.LongType(), False),
        T.StructField("id", T.StringType(), True),
        T.StructField("score", T.IntegerType(), True),
        T.StructField("capped", T.BooleanType(), True),
        T.StructField("verdicts", T.MapType(T.StringType(), T.StringType(), False), True),
        T.StructField("criterion_scores", T.MapType(T.StringType(), T.IntegerType(), True), True),
        T.StructField("signals", T.MapType(T.StringType(), T.IntegerType(), False), True),
        T.StructField("error", T.StringType(), True),
    ]
    if keep_result:
        fields.append(T.StructField("result", T.StringType(), True))
    return T.StructType(fields)


def argument_parser(description):
    """The options both jobs take (this one and grade_frame.py, which adds its own)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--input", required=True, help="JSONL conversations: any path or glob Spark can read")
    parser.add_argument("--output", required=True, help="where to write the results (a folder of part files)")
    parser.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl", help="output format")
    parser.add_argument(
        "--rubric",
        default=os.path.join(ROOT, "Rubrics", "core.yaml"),
        help="the rubric YAML file (a local path or a URI addFile accepts: hdfs://, s3a://, https://)",
    )
    parser.add_argument(
        "--lexicon",
        default=os.path.join(ROOT, "Lexicon"),
        help="the Lexicon folder composure reads the rubric's lemmas and word classes from (local path)",
    )
    parser.add_argument(
        "--binary",
        default=os.path.join(ROOT, ".build", "static", "release", "composure"),
        help="a composure binary that runs on the executors (Scripts/build-static); path or URI",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        default=None,
        help="how many partitions to grade (default: what Spark makes of the input); each runs one composure",
    )
    parser.add_argument("--master", default=None, help="Spark master, e.g. local[4] (default: spark-submit's)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="composure --jobs per task; more than 1 only with spark.task.cpus set to match",
    )
    parser.add_argument(
        "--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace the output if it exists")
    parser.add_argument("--keep-result", action="store_true", help="add the full result line as column 'result'")
    parser.add_argument("--summary-json", default=None, help="also write the summary as JSON to this local file")
    parser.add_argument("--top-errors", type=int, default=5, help="how many error messages the summary lists")
    return parser


def check_arguments(parser, arguments):
    """Stops with a usage error (status 2) on option values argparse cannot check by itself."""
    if arguments.partitions is not None and arguments.partitions < 1:
        parser.error("--partitions must be at least 1")
    if arguments.jobs < 1:
        parser.error("--jobs must be at least 1")
    for setting in arguments.conf:
        if "=" not in setting:
            parser.error("--conf takes KEY=VALUE, not %r" % setting)
    return arguments


def parse_arguments(argv):
    parser = argument_parser("Grade JSONL support conversations with composure on Spark (rdd.pipe).")
    return check_arguments(parser, parser.parse_args(argv))


def model_of(rubric_path):
    """The signal model file a local rubric names with a top-level `model:` key, or None.

    A URI rubric (hdfs://, s3a://) is not read here: name its model with --conf or ship it yourself.
    """
    if re.match(r"^[a-z][a-z0-9+.-]*://", rubric_path):
        return None
    try:
        with open(rubric_path, encoding="utf-8") as file:
            text = file.read()
    except OSError:
        return None  # composure reports the missing rubric in the preflight
    found = re.search(r"^model:[ \t]*['\"]?([^'\"#\s]+)", text, re.MULTILINE)
    if not found:
        return None
    name = found.group(1)
    return name if os.path.isabs(name) else os.path.join(os.path.dirname(os.path.abspath(rubric_path)), name)


def ship(sc, arguments):
    """addFile the binary, the rubric, its model and the lexicon; returns (binary, rubric, criteria) as an
    executor sees them.

    A one-task job grades a probe conversation on an executor first, so a binary that cannot
    run there (a missing shared library) or a broken rubric stops the job with composure's own
    message. The probe's result also gives the rubric's criteria in rubric order.
    """
    sc.addFile(arguments.binary)
    sc.addFile(arguments.rubric)
    # The model must sit beside the rubric (composure resolves `model:` relative to it): addFile puts
    # every file in one folder on each executor. The lexicon folder lands beside the binary.
    model = model_of(arguments.rubric)
    if model:
        sc.addFile(model)
    if os.path.isdir(arguments.lexicon):
        sc.addFile(arguments.lexicon, recursive=True)
    binary_name = os.path.basename(arguments.binary.rstrip("/"))
    rubric_name = os.path.basename(arguments.rubric.rstrip("/"))

    def preflight(_):
        from pyspark import SparkFiles

        # On a cluster SparkFiles' root is the executor's working folder ("."), which is also the
        # working folder of the Python worker and so of the composure it starts; in local mode it
        # is an absolute temporary folder. Either way the path is good on every executor.
        binary, rubric = SparkFiles.get(binary_name), SparkFiles.get(rubric_name)
        command = [binary, "grade", "--format", "jsonl", "--rubric", rubric, "--jobs", "1", "-"]
        try:
            done = subprocess.run(
                command, input=PROBE_LINE.encode(), capture_output=True, env=PIPE_ENV, timeout=120
            )
        except OSError as error:
            return (binary, rubric, "cannot run %s: %s" % (binary, error), [])
        lines = done.stdout.decode("utf-8", "replace").splitlines()
        if done.returncode != 0 or len(lines) != 1 or '"score"' not in lines[0]:
            problem = "%s exited %d: %s%s" % (
                " ".join(command),
                done.returncode,
                done.stderr.decode("utf-8", "replace").strip(),
                done.stdout.decode("utf-8", "replace").strip(),
            )
            return (binary, rubric, problem, [])
        return (binary, rubric, None, [c["id"] for c in json.loads(lines[0])["criteria"]])

    binary, rubric, problem, criteria = sc.parallelize([0], 1).map(preflight).first()
    if problem:
        sys.exit("error: composure does not work on the executors: " + problem)
    return binary, rubric, criteria


def grade(sc, arguments, binary, rubric):
    """An RDD of output rows, one per non-blank input line, and whether it left input order."""
    # Lines end at "\n" only, as composure reads them (Hadoop's default also ends one at a lone "\r").
    sc._jsc.hadoopConfiguration().set("textinputformat.record.delimiter", "\n")
    lines = sc.textFile(arguments.input, minPartitions=arguments.partitions)
    # Number the lines before anything moves them: the number travels with each line.
    numbered = lines.zipWithIndex()
    reordered = False
    if arguments.partitions is not None and arguments.partitions != numbered.getNumPartitions():
        if arguments.partitions < numbered.getNumPartitions():
            numbered = numbered.coalesce(arguments.partitions)
        else:
            numbered = numbered.repartition(arguments.partitions)
        reordered = True
    work = numbered.filter(lambda pair: not is_blank(pair[0]))

    command = " ".join(
        shlex.quote(part)
        for part in [binary, "grade", "--format", "jsonl", "--rubric", rubric, "--jobs", str(arguments.jobs), "-"]
    )
    # checkCode: a composure that exits non-zero (a rubric it cannot load, a crash) fails the task.
    outputs = work.map(lambda pair: pair[0]).pipe(command, env=PIPE_ENV, checkCode=True)
    # One output line per input line, in order, is composure's contract; zip checks the count of
    # each partition (a mismatch fails the job) and pairs each output with its line number.
    keep = arguments.keep_result
    rows = outputs.zip(work.map(lambda pair: pair[1] + 1)).map(
        lambda pair: result_row(pair[1], pair[0], keep)
    )
    return rows, reordered, work.getNumPartitions()


def summarise(df, top_errors, order):
    """The summary, computed in Spark; criteria in `order` (the rubric's), any others after them."""
    from pyspark.sql import functions as F

    totals = df.agg(
        F.count(F.lit(1)).alias("rows"),
        F.count("score").alias("graded"),
        F.count("error").alias("errors"),
        F.avg("score").alias("mean_score"),
        F.sum(F.when(F.col("capped"), 1).otherwise(0)).alias("capped"),
    ).first()
    criteria = (
        df.select(F.explode("verdicts").alias("criterion", "verdict"))
        .groupBy("criterion")
        .agg(
            F.sum(F.when(F.col("verdict") == "pass", 1).otherwise(0)).alias("pass"),
            F.sum(F.when(F.col("verdict") == "fail", 1).otherwise(0)).alias("fail"),
            F.sum(F.when(F.col("verdict") == "not_applicable", 1).otherwise(0)).alias("not_applicable"),
        )
        .collect()
    )
    rank = {criterion: position for position, criterion in enumerate(order)}
    criteria.sort(key=lambda c: (rank.get(c["criterion"], len(rank)), c["criterion"]))
    errors = (
        df.where(F.col("error").isNotNull())
        .select(F.regexp_extract("error", r"error: (.*)$", 1).alias("message"), "line")
        .groupBy("message")
        .agg(F.count(F.lit(1)).alias("count"), F.min("line").alias("first_line"))
        .orderBy(F.desc("count"), "first_line")
        .limit(top_errors)
        .collect()
    )
    return {
        "rows": totals["rows"],
        "graded": totals["graded"],
        "errors": totals["errors"],
        "mean_score": totals["mean_score"],
        "capped": totals["capped"] or 0,
        "criteria": [
            {
                "id": c["criterion"],
                "pass": c["pass"],
                "fail": c["fail"],
                "not_applicable": c["not_applicable"],
                "pass_rate": c["pass"] / (c["pass"] + c["fail"]) if c["pass"] + c["fail"] else None,
            }
            for c in criteria
        ],
        "top_errors": [{"message": e["message"], "count": e["count"], "first_line": e["first_line"]} for e in errors],
    }


def print_summary(summary, out=sys.stdout):
    mean = "%.2f" % summary["mean_score"] if summary["mean_score"] is not None else "-"
    print(
        "graded %d of %d conversations (%d errors), mean score %s, %d capped, in %d partitions, %.1f s"
        % (
            summary["graded"],
            summary["rows"],
            summary["errors"],
            mean,
            summary["capped"],
            summary["partitions"],
            summary["seconds"],
        ),
        file=out,
    )
    if summary["criteria"]:
        print("criterion        pass rate   pass   fail    n/a", file=out)
        for c in summary["criteria"]:
            rate = "%6.1f%%" % (100 * c["pass_rate"]) if c["pass_rate"] is not None else "      -"
            print("%-16s %9s %6d %6d %6d" % (c["id"], rate, c["pass"], c["fail"], c["not_applicable"]), file=out)
    if summary["top_errors"]:
        print("commonest errors:", file=out)
        for e in summary["top_errors"]:
            print("  %6d  %s (first at line %d)" % (e["count"], e["message"], e["first_line"]), file=out)


def write_and_summarise(df, reordered, arguments, order, partitions, started):
    """Writes the graded rows to `arguments.output` and returns the summary; both jobs end this way."""
    import time

    if reordered:
        df = df.orderBy("line")
    # Grade once: the write and the summary both read the cached rows.
    df = df.persist()
    writer = df.write.mode("overwrite" if arguments.overwrite else "error")  # Spark Connect knows "error", not its alias
    if arguments.format == "jsonl":
        writer.option("ignoreNullFields", "false").json(arguments.output)
    else:
        writer.parquet(arguments.output)
    summary = summarise(df, arguments.top_errors, order)
    summary["partitions"] = partitions
    summary["seconds"] = time.time() - started
    df.unpersist()
    return summary


def report(summary, arguments):
    """Prints the summary, and writes it as JSON to `--summary-json` when given."""
    print_summary(summary)
    if arguments.summary_json:
        with open(arguments.summary_json, "w", encoding="utf-8") as file:
            json.dump(summary, file, indent=2)
            file.write("\n")


def main(argv=None):
    import time

    arguments = parse_arguments(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("composure-grade")
    if arguments.master:
        builder = builder.master(arguments.master)
    for setting in arguments.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    started = time.time()
    try:
        binary, rubric, order = ship(spark.sparkContext, arguments)
        rows, reordered, partitions = grade(spark.sparkContext, arguments, binary, rubric)
        df = spark.createDataFrame(rows, schema(arguments.keep_result))
        summary = write_and_summarise(df, reordered, arguments, order, partitions, started)
    finally:
        spark.stop()
    report(summary, arguments)


if __name__ == "__main__":
    main()
