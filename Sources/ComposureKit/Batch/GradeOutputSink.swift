/// Where a ``GradeOutputSink`` writes: standard output or an `--out` file, buffered.
package protocol GradeOutputTarget: AnyObject {
    /// Writes text.
    func write(_ text: String)
    /// Writes UTF-8 bytes.
    func write(_ bytes: [UInt8])
    /// Writes out what is buffered.
    func flush()
    /// Writes out what is buffered and ends the output (a file is put in place).
    func close()
    /// Ends the output without putting it in place: a file's earlier version stays.
    func discard()
}

/// A `grade` output format as a ``GradeSink``: the header, one record per conversation with the separators
/// between them (JSON's commas), error lines, and the footer with the totals.
///
/// Records are rendered on the grading threads (``preparation``); this sink only writes them.
package final class GradeOutputSink: GradeSink {
    /// How results become text.
    package let renderer: GradeRenderer
    private let target: any GradeOutputTarget
    private let writesErrorLines: Bool
    /// Conversations written so far: the next one's position, for its separator.
    package private(set) var written = 0

    /// Creates a sink.
    ///
    /// - Parameters:
    ///   - renderer: The format.
    ///   - target: Where the output goes.
    ///   - writesErrorLines: Whether a skipped item becomes a JSONL error line (`{"id": ..., "error": ...}`),
    ///     as in a pipeline stage where every input line gives one output line.
    package init(renderer: GradeRenderer, target: any GradeOutputTarget, writesErrorLines: Bool = false) {
        self.renderer = renderer
        self.target = target
        self.writesErrorLines = writesErrorLines
    }

    /// The conversation's record, without its separator.
    package var preparation: @Sendable (GradeResult, Transcript) -> [UInt8] {
        let renderer = renderer
        return { result, transcript in renderer.recordBytes(result, transcript: transcript) }
    }

    package func begin() {
        target.write(renderer.header())
    }

    package func add(_ result: GradeResult, prepared: [UInt8]) {
        let separator = renderer.separator(before: written)
        if !separator.isEmpty { target.write(separator) }
        target.write(prepared)
        written += 1
    }

    package func skip(_ error: TranscriptError) {
        if writesErrorLines { target.write(GradeRenderer.jsonErrorObject(error) + "\n") }
    }

    package func endRecord() {
        target.flush()
    }

    package func finish(_ summary: GradeSummary) {
        target.write(renderer.footer(summary))
        target.close()
    }

    /// On a signal the output ends validly after the last whole record; when the output failed, the rest
    /// of it is dropped.
    package func stop(_ summary: GradeSummary, reason: GradeRun.StopReason) {
        switch reason {
        case .signal: finish(summary)
        case .outputFailed: target.discard()
        }
    }
}
