import ComposureKit
import ComposureStore
import Foundation

/// The output stream is where `grade`'s format writes.
extension OutputStream: GradeOutputTarget {}

extension ComposureCommand.Grade {
    /// The sink that writes `--format`: a record per conversation, or for `html` the batch report at the end.
    ///
    /// - Throws: `ValidationError` for a bad `--ticket-url`.
    func outputSink(rubric: Rubric, output: OutputStream, colour: Bool, pipeline: Bool) throws -> any GradeSink {
        guard outputOptions.format.isStreamed else {
            return GradeReportSink(
                target: output, source: inputs.joined(separator: ", "), rubricID: rubric.id,
                passMark: rubric.passMark, ticketURL: try ticketURL.checked())
        }
        return GradeOutputSink(
            renderer: GradeRenderer(format: outputOptions.format, rubric: rubric, colour: colour), target: output,
            writesErrorLines: pipeline)
    }
}

/// `grade`'s progress line, and each skipped transcript's error line, on standard error.
final class GradeProgress: GradeSink {
    private let progress: Progress
    private var done = 0

    init(enabled: Bool) {
        progress = Progress(enabled: enabled)
    }

    func add(_ result: GradeResult, prepared: Void) {
        done += 1
        progress.update(done: done)
    }

    func skip(_ error: TranscriptError) {
        done += 1
        progress.clear()
        Terminal.printError(TerminalText.sanitised(error.diagnostic.headline))
        progress.update(done: done)
    }

    /// Cleared before the output's last lines, which may go to the same terminal.
    func finish(_ summary: GradeSummary) {
        progress.clear()
    }

    func stop(_ summary: GradeSummary, reason: GradeRun.StopReason) {
        progress.clear()
    }
}

/// What `grade` says on standard error once its output is done: that it was interrupted or its reader went
/// away, and with `--store` what was stored, or that not all of it was. The last sink, so it speaks after
/// the output and the store are finished.
final class GradeNotices: GradeSink {
    private let recorder: BatchRecorder?
    /// The least exit status the command may end with: 2 when the results were not all stored.
    private(set) var status = ExitStatus.success

    init(recorder: BatchRecorder?) {
        self.recorder = recorder
    }

    func add(_ result: GradeResult, prepared: Void) {}

    func skip(_ error: TranscriptError) {}

    func finish(_ summary: GradeSummary) {
        reportStore()
    }

    func stop(_ summary: GradeSummary, reason: GradeRun.StopReason) {
        let count = summary.graded + summary.skipped
        switch reason {
        case .signal(let number):
            Terminal.printError("interrupted after \(count) conversation(s) (\(Shutdown.name(of: number)))")
        case .outputFailed(let error):
            if error == EPIPE, recorder != nil {
                Terminal.printError("the output's reader closed it after \(count) conversation(s)")
            }
        }
        reportStore()
    }

    private func reportStore() {
        guard let recorder else { return }
        if let failure = recorder.failure {
            Terminal.printError("error: results were not all stored: \(failure)")
            status = ExitStatus.inputError
            return
        }
        Terminal.printError(
            "stored \(recorder.stored) conversation(s) as batch \(recorder.batchID)"
                + (recorder.alreadyStored > 0
                    ? "; \(recorder.alreadyStored) already stored were added to it without storing them again"
                    : ""))
    }
}
