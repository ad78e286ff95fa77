#!/usr/bin/env python3
"""Grade a corpus of support conversations with Composure on Spark, the DataFrame way.

The same job as grade_corpus.py (same options, same output rows, same summary), built only
from the DataFrame API, so it also runs under Spark Connect, where there is no SparkContext
and no RDD:

- the corpus is read with `spark.read.text(path, lineSep="\\n")` (the public option, not
  Hadoop's `textinputformat.record.delimiter`);
- lines are numbered from the file-source metadata (`_metadata.file_path`,
  `_metadata.file_block_start`) and `monotonically_increasing_id()`, one extra pass that
  counts the lines of each block;
- each partition is graded by one composure process in `mapInArrow`: a thread writes the
  partition's non-blank lines to `composure grade --format jsonl --rubric R --jobs N -`
  while the task reads its results back, one per line, and returns them as Arrow batches;
- the binary, the rubric, its model (`model:`) and the Lexicon folder (zipped) reach the
  executors through `SparkContext.addFile`/`addArchive` in a classic session and through
  `SparkSession.addArtifacts` under Spark Connect.

A broken input line gives the row composure's own error line gives (`<stdin>:LINE:COLUMN:
error: ...`, LINE counted in the whole input). A composure that exits non-zero, or writes
fewer or more lines than it was given, fails the task with its standard error.

    python3 Examples/spark/grade_frame.py --master 'local[2]' \\
        --input Tests/EndToEndTests/Fixtures/helpdesk-dev.jsonl --output /tmp/graded \\
        --binary "$(Scripts/build-static | head -1)" --partitions 4
    python3 Examples/spark/grade_frame.py --remote sc://localhost:15002 ...   # Spark Connect

Needs pyarrow on the driver and the executors (and pandas, grpcio, grpcio-status,
googleapis-common-protos and zstandard for a Spark Connect client: `pip install
'pyspark[connect]'`). See Docs/scale-out.md.
"""

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grade_corpus as shared  # noqa: E402  (the rdd.pipe job: rows, schema, options, summary)

# How many result rows go into one Arrow batch returned by a task.
OUTPUT_BATCH_ROWS = 4096
# How much of composure's standard error a failed task quotes.
STDERR_TAIL_BYTES = 8192
# The name of the zipped Lexicon folder shipped to the executors.
LEXICON_ARCHIVE = "composure-lexicon.zip"


def parse_arguments(argv):
    parser = shared.argument_parser(
        "Grade JSONL support conversations with composure on Spark: a DataFrame stage (mapInArrow) "
        "that also runs under Spark Connect."
    )
    parser.add_argument(
        "--remote",
        default=None,
        metavar="URL",
        help="a Spark Connect server, e.g. sc://localhost:15002 (instead of --master)",
    )
    arguments = shared.check_arguments(parser, parser.parse_args(argv))
    if arguments.remote and arguments.master:
        parser.error("--remote and --master exclude each other: a Spark Connect server has its own master")
    return arguments


class Shipment:
    """What the driver shipped, by the names a task finds it under with SparkFiles.get."""

    def __init__(self, binary, rubric, lexicon_archive):
        self.binary = binary
        self.rubric = rubric
        self.lexicon_archive = lexicon_archive


def ship(spark, arguments, scratch):
    """Sends the binary, the rubric, its model and the zipped Lexicon to the executors.

    A classic session uses SparkContext.addFile and addArchive; Spark Connect, which has no
    SparkContext, uses SparkSession.addArtifacts (file=True, archive=True). Either way the
    files land in each executor's SparkFiles folder, and the archive is unpacked there into a
    folder of its own name, which becomes the task's COMPOSURE_HOME (composure looks for
    $COMPOSURE_HOME/Lexicon first).
    """
    files = [arguments.binary, arguments.rubric]
    model = shared.model_of(arguments.rubric)
    if model:
        files.append(model)  # composure resolves `model:` beside the rubric: both land in one folder
    archive = None
    if os.path.isdir(arguments.lexicon):
        lexicon = os.path.abspath(arguments.lexicon.rstrip("/"))
        base = os.path.join(scratch, LEXICON_ARCHIVE[: -len(".zip")])
        # The archive holds one folder named Lexicon, whatever the local folder is called.
        staging = os.path.join(scratch, "staging")
        shutil.copytree(lexicon, os.path.join(staging, "Lexicon"))
        archive = shutil.make_archive(base, "zip", root_dir=staging, base_dir="Lexicon")
    if is_connect(spark):
        spark.addArtifacts(*files, file=True)
        if archive:
            spark.addArtifacts(archive, archive=True)
    else:
        for name in files:
            spark.sparkContext.addFile(name)
        if archive:
            spark.sparkContext.addArchive(archive)
    return Shipment(
        os.path.basename(arguments.binary.rstrip("/")),
        os.path.basename(arguments.rubric.rstrip("/")),
        LEXICON_ARCHIVE if archive else None,
    )


def is_connect(spark):
    """Whether `spark` is a Spark Connect session (it has no SparkContext)."""
    try:
        from pyspark.sql.utils import is_remote
    except ImportError:  # pragma: no cover - older pyspark
        return False
    return is_remote() or type(spark).__module__.startswith("pyspark.sql.connect")


def located(shipment):
    """(binary, rubric, environment) as this executor sees them; runs in a task."""
    import stat

    from pyspark import SparkFiles

    binary, rubric = SparkFiles.get(shipment.binary), SparkFiles.get(shipment.rubric)
    if not os.access(binary, os.X_OK):
        # addFile marks files executable; an artifact store may not. Mark it, or use a private copy.
        try:
            os.chmod(binary, os.stat(binary).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        except OSError:
            copy = os.path.join(tempfile.mkdtemp(prefix="composure-"), shipment.binary)
            shutil.copyfile(binary, copy)
            os.chmod(copy, 0o755)
            binary = copy
    environment = dict(shared.PIPE_ENV)
    if shipment.lexicon_archive:
        environment["COMPOSURE_HOME"] = SparkFiles.get(shipment.lexicon_archive)
    return binary, rubric, environment


def preflight(spark, shipment):
    """Grades a probe conversation in one task: returns the rubric's criteria in order, or exits.

    A binary that cannot start on an executor (a missing shared library, the wrong
    architecture) or a rubric with mistakes stops the job here with composure's own message
    instead of failing every task.
    """

    def probe(batches):
        import pyarrow as pa

        for _ in batches:
            pass
        binary, rubric, environment = located(shipment)
        command = [binary, "grade", "--format", "jsonl", "--rubric", rubric, "--jobs", "1", "-"]
        problem, criteria = None, []
        try:
            done = subprocess.run(
                command, input=shared.PROBE_LINE.encode(), capture_output=True, env=environment, timeout=120
            )
            lines = done.stdout.decode("utf-8", "replace").splitlines()
            if done.returncode != 0 or len(lines) != 1 or '"score"' not in lines[0]:
                problem = "%s exited %d: %s%s" % (
                    " ".join(command),
                    done.returncode,
                    done.stderr.decode("utf-8", "replace").strip(),
                    done.stdout.decode("utf-8", "replace").strip(),
                )
            else:
                criteria = [c["id"] for c in json.loads(lines[0])["criteria"]]
        except (OSError, subprocess.SubprocessError) as error:
            problem = "cannot run %s: %s" % (binary, error)
        yield pa.RecordBatch.from_pylist(
            [{"problem": problem, "criteria": criteria}],
            schema=pa.schema([("problem", pa.string()), ("criteria", pa.list_(pa.string()))]),
        )

    row = spark.range(0, 1, 1, 1).mapInArrow(probe, "problem string, criteria array<string>").first()
    if row["problem"]:
        sys.exit("error: composure does not work on the executors: " + row["problem"])
    return list(row["criteria"])


def numbered_lines(spark, path):
    """A DataFrame (value, line) of every line of the input, whether it spans several files, and
    how many partitions the scan made (of those that hold lines).

    `line` is the 1-based position of the line in the input, the files taken in path order (for
    one file, its line number). Spark reads each block of a file in one partition, in order, and
    `monotonically_increasing_id()` counts rows within a partition, so a line's position in its
    file is the number of lines in the file's earlier blocks plus its place in its block. One
    pass counts the lines of each block; the counts (a row per block) are joined back by
    broadcast, which keeps the scan's partitions as they are.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    text = spark.read.text(path, lineSep="\n")
    scanned = text.select(
        "value",
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.file_block_start").alias("block"),
        F.monotonically_increasing_id().alias("position"),
    )
    blocks = (
        scanned.groupBy("file", "block")
        .agg(F.count(F.lit(1)).alias("lines"), F.min("position").alias("first"))
        .collect()
    )
    offsets, before = [], 0
    for block in sorted(blocks, key=lambda b: (b["file"], b["block"])):
        # The line number of the block's first line, less its position.
        offsets.append((block["file"], block["block"], before + 1 - block["first"]))
        before += block["lines"]
    schema = T.StructType(
        [
            T.StructField("file", T.StringType(), False),
            T.StructField("block", T.LongType(), False),
            T.StructField("offset", T.LongType(), False),
        ]
    )
    table = spark.createDataFrame(offsets, schema)
    lines = scanned.join(F.broadcast(table), ["file", "block"]).select(
        "value", (F.col("position") + F.col("offset")).alias("line")
    )
    # monotonically_increasing_id() keeps the partition's index in its upper 31 bits.
    partitions = 1 + max((b["first"] >> 33 for b in blocks), default=0)
    return lines, len({b["file"] for b in blocks}) > 1, partitions


def grader(shipment, jobs, keep_result, spark_schema):
    """The function mapInArrow runs on each partition: Arrow batches (value, line) in, rows out."""
    from pyspark.sql.pandas.types import to_arrow_schema

    arrow_schema = to_arrow_schema(spark_schema)
    finished = object()  # the end of the line numbers

    def to_batch(rows):
        import pyarrow as pa

        columns = list(zip(*rows))
        arrays = []
        for index, values in enumerate(columns):
            kind = arrow_schema.field(index).type
            if pa.types.is_map(kind):
                values = [None if v is None else list(v.items()) for v in values]
            arrays.append(pa.array(values, type=kind))
        return pa.RecordBatch.from_arrays(arrays, schema=arrow_schema)

    def grade_partition(batches):
        binary, rubric, environment = located(shipment)
        command = [binary, "grade", "--format", "jsonl", "--rubric", rubric, "--jobs", str(jobs), "-"]
        errors = tempfile.TemporaryFile()  # a file, not a pipe: a partition of broken lines cannot fill it
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, env=environment
        )
        numbers = queue.SimpleQueue()  # the line numbers written, in order, then `finished`
        feeding_failed = []

        def feed():
            # Writing from its own thread: composure answers while it reads, so a task that wrote
            # a whole partition before reading would block once both pipes are full.
            try:
                for batch in batches:
                    values = batch.column(0).to_pylist()
                    lines = batch.column(1).to_pylist()
                    chunk = []
                    for value, line in zip(values, lines):
                        if shared.is_blank(value):
                            continue
                        numbers.put(line)  # before the write, so its answer never comes first
                        chunk.append(value)
                    if chunk:
                        process.stdin.write(("\n".join(chunk) + "\n").encode("utf-8"))
            except (BrokenPipeError, ValueError):
                pass  # composure stopped reading; its exit status and standard error tell why
            except BaseException as error:  # noqa: BLE001 - re-raised by the task below
                feeding_failed.append(error)
            finally:
                try:
                    process.stdin.close()
                except OSError:
                    pass
                numbers.put(finished)

        def failure(what):
            errors.seek(0, os.SEEK_END)
            errors.seek(max(0, errors.tell() - STDERR_TAIL_BYTES))
            tail = errors.read().decode("utf-8", "replace").strip()
            return RuntimeError("%s: %s\n%s" % (" ".join(command), what, tail or "(nothing on standard error)"))

        feeder = threading.Thread(target=feed, name="composure-stdin", daemon=True)
        feeder.start()
        try:
            rows = []
            for output in process.stdout:
                number = numbers.get()
                if number is finished:
                    process.kill()
                    raise failure("wrote more result lines than it was given input lines")
                rows.append(shared.result_row(number, output.decode("utf-8").rstrip("\n"), keep_result))
                if len(rows) >= OUTPUT_BATCH_ROWS:
                    yield to_batch(rows)
                    rows = []
            status = process.wait()
            feeder.join()
            if feeding_failed:
                raise feeding_failed[0]
            if status != 0:
                raise failure("exited with status %d" % status)
            missing = 0
            while numbers.get() is not finished:
                missing += 1
            if missing:
                raise failure("exited 0 but wrote %d result lines fewer than it was given" % missing)
            if rows:
                yield to_batch(rows)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            errors.close()

    return grade_partition


def grade(spark, arguments, shipment):
    """The result rows as a DataFrame, one per non-blank input line, and whether it left input order."""
    lines, several_files, partitions = numbered_lines(spark, arguments.input)
    # The scan orders a partition's blocks by size, and files by size across partitions: with
    # several files the part files may not follow path order, so the rows are sorted by line.
    reordered = several_files
    if arguments.partitions is not None:
        if arguments.partitions < partitions:
            lines = lines.coalesce(arguments.partitions)
        elif arguments.partitions > partitions:
            lines = lines.repartition(arguments.partitions)
            reordered = True
        partitions = arguments.partitions
    spark_schema = shared.schema(arguments.keep_result)
    rows = lines.select("value", "line").mapInArrow(
        grader(shipment, arguments.jobs, arguments.keep_result, spark_schema), spark_schema
    )
    return rows, reordered, partitions


def main(argv=None):
    arguments = parse_arguments(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("composure-grade-frame")
    if arguments.remote:
        builder = builder.remote(arguments.remote)
    elif arguments.master:
        builder = builder.master(arguments.master)
    for setting in arguments.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if not is_connect(spark):
        spark.sparkContext.setLogLevel("WARN")
    # The task function is pickled with the helpers it calls from grade_corpus (this folder is not
    # on the executors' path): pickle that module's functions by value, not by reference.
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(shared)
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="composure-frame-")
    try:
        shipment = ship(spark, arguments, scratch)
        order = preflight(spark, shipment)
        df, reordered, partitions = grade(spark, arguments, shipment)
        summary = shared.write_and_summarise(df, reordered, arguments, order, partitions, started)
    finally:
        spark.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    shared.report(summary, arguments)

if __name__ == "__main__":
    main()
