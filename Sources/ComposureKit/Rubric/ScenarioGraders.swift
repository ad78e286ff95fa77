import Foundation

/// The grader for each conversation of a batch: the batch's own, or, for a conversation that names a
/// scenario (a `scenario:` header or `meta.scenario`) graded against the rubric that scenario uses,
/// that scenario's grader, with its own signals and criterion refinements. So a transcript `play`
/// saved grades to the score its report card showed.
///
/// Each scenario is loaded once, on first use, from any thread.
public final class ScenarioGraders: @unchecked Sendable {
    // @unchecked Sendable: `graders` is only touched under `lock`.
    /// The batch's grader, for every conversation no scenario of the same rubric claims.
    public let base: Grader
    private let load: @Sendable (String) -> Rubric?
    private let lock = NSLock()
    private var graders: [String: Grader?] = [:]

    /// - Parameter load: The rubric of the scenario with this id (already extended with the
    ///   scenario's knowledge), or nil when there is no such scenario.
    public init(base: Grader, load: @escaping @Sendable (String) -> Rubric?) {
        self.base = base
        self.load = load
    }

    /// The grader for `transcript`.
    public func grader(for transcript: Transcript) -> Grader {
        // An id only: a header that names a path is no reason to read that file.
        guard let id = transcript.meta["scenario"], !id.isEmpty, !ResourceLocator.isPath(id) else { return base }
        lock.lock()
        if let known = graders[id] {
            lock.unlock()
            return known ?? base
        }
        lock.unlock()
        // A scenario written for another rubric is not this batch's business: the batch's rubric grades it.
        let grader = load(id).flatMap { $0.id == base.rubric.id ? Grader(rubric: $0) : nil }
        lock.lock()
        graders[id] = .some(grader)
        lock.unlock()
        return grader ?? base
    }
}
