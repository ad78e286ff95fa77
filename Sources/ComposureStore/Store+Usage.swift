import ComposureKit
import Foundation
import GRDB

extension Store {
    /// How trainees moved through a scenario: transitions taken and where sessions were lost.
    ///
    /// Each stored turn carries the beat it was said in (and, for the customer's last line,
    /// the ending), so consecutive beats of a session are the transitions it took.
    package func usage(ofScenario scenarioID: String) throws -> ScenarioDiagram.Usage {
        try read { db in
            let sessions = try Row.fetchAll(
                db, sql: "SELECT id, outcome FROM session WHERE scenario_id = ?", arguments: [scenarioID])
            var edges: [String: Int] = [:]
            var losses: [String: Int] = [:]
            for session in sessions {
                let id: Int64 = session["id"]
                let beats = try String?.fetchAll(
                    db, sql: "SELECT beat FROM turn WHERE session_id = ? AND role = 'customer' ORDER BY idx",
                    arguments: [id]
                ).compactMap { $0 }
                for (from, to) in zip(beats, beats.dropFirst()) where from != to {
                    edges["\(from)->\(to)", default: 0] += 1
                }
                let outcome: String? = session["outcome"]
                if outcome == nil || outcome == Outcome.lost.rawValue || outcome == Outcome.abandoned.rawValue {
                    // The last beat before the ending (or where an unfinished session stopped).
                    let stops = beats.filter { beat in !beat.isEmpty }
                    if let last = outcome == nil || outcome == Outcome.abandoned.rawValue
                        ? stops.last : stops.dropLast().last
                    {
                        losses[last, default: 0] += 1
                    }
                }
            }
            return ScenarioDiagram.Usage(edges: edges, losses: losses)
        }
    }
}
