import ComposureKit

/// `grade --store` as a sink of the run: each graded conversation is queued (and written a chunk at a
/// time); the batch is marked complete at the end of the input, interrupted when the run stops early.
///
/// A store error does not stop grading: it is kept in ``failure``, nothing more is stored, and the batch
/// is marked interrupted; the command says so at the end.
extension BatchRecorder: GradeSink {
    /// What the store keeps of the conversation, made on a grading thread (its SHA-256 is the cost).
    public var preparation: @Sendable (GradeResult, Transcript) -> StoredConversation {
        { _, transcript in StoredConversation(transcript) }
    }

    public func add(_ result: GradeResult, prepared: StoredConversation) {
        guard failure == nil else { return }
        do { try add(prepared, result) } catch { failure = error }
    }

    /// Skipped items are not stored.
    public func skip(_ error: TranscriptError) {}

    public func finish(_ summary: GradeSummary) {
        end(interrupted: false)
    }

    public func stop(_ summary: GradeSummary, reason: GradeRun.StopReason) {
        end(interrupted: true)
    }

    /// Writes what is queued and records how the batch ended; after a failure, only that it was interrupted.
    private func end(interrupted: Bool) {
        if failure == nil {
            do { try finish(interrupted: interrupted) } catch { failure = error }
        }
        if failure != nil { try? finish(interrupted: true) }
    }
}
