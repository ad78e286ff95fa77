import Foundation

/// Precision and recall of a rubric's signals against replies labelled by people.
///
/// The labelled file is JSONL: `{"id", "channel", "customer", "reply", "signals": [...]}`,
/// where `signals` lists every signal a careful judge finds in `reply`.
public struct SignalAccuracy: Sendable {
    /// One signal's counts.
    public struct Row: Sendable, Hashable {
        /// The signal.
        public var signal: String
        /// Found and labelled.
        public var truePositives = 0
        /// Found, not labelled.
        public var falsePositives = 0
        /// Labelled, not found.
        public var falseNegatives = 0

        /// TP / (TP + FP), or nil when the signal never fired.
        public var precision: Double? {
            truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives)
        }

        /// TP / (TP + FN), or nil when the signal was never labelled.
        public var recall: Double? {
            truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives)
        }

        /// The harmonic mean of precision and recall, 2·TP / (2·TP + FP + FN), or nil with nothing to count.
        public var f1: Double? {
            let total = 2 * truePositives + falsePositives + falseNegatives
            return total == 0 ? nil : Double(2 * truePositives) / Double(total)
        }
    }

    /// The counts of every signal that has a row, added up: micro precision, recall and F1.
    public var micro: Row {
        rows.reduce(into: Row(signal: "micro")) { total, row in
            total.truePositives += row.truePositives
            total.falsePositives += row.falsePositives
            total.falseNegatives += row.falseNegatives
        }
    }

    /// A reply where the grader and the label disagree.
    public struct Disagreement: Sendable, Hashable {
        /// The reply's id.
        public var id: String
        /// The signal.
        public var signal: String
        /// True when the grader found it but the label did not.
        public var extra: Bool
        /// The reply.
        public var reply: String
    }

    /// One row per agent-side signal of the rubric, in rubric order.
    public var rows: [Row]
    /// Every disagreement, in file order.
    public var disagreements: [Disagreement]
    /// How many replies were read.
    public var replies: Int

    /// Measures `grader` on the labelled replies at `path`.
    ///
    /// - Throws: ``TranscriptError`` for a line that is not a labelled reply.
    public static func measure(_ grader: Grader, labelledFile path: String) throws -> SignalAccuracy {
        let signals = grader.rubric.signals.filter { $0.side != .customer }.map(\.id)
        var rows = Dictionary(uniqueKeysWithValues: signals.map { ($0, Row(signal: $0)) })
        var disagreements: [Disagreement] = []
        var replies = 0
        for item in try LabelledReply.read(path) {
            replies += 1
            let detection = grader.detect(item.reply, role: .agent, customerLine: item.customer)
            let found = Set(detection.hits.map(\.signal))
            let expected = item.signals
            let id = item.id
            let reply = item.reply
            for signal in signals {
                switch (found.contains(signal), expected.contains(signal)) {
                case (true, true): rows[signal]?.truePositives += 1
                case (true, false):
                    rows[signal]?.falsePositives += 1
                    disagreements.append(Disagreement(id: id, signal: signal, extra: true, reply: reply))
                case (false, true):
                    rows[signal]?.falseNegatives += 1
                    disagreements.append(Disagreement(id: id, signal: signal, extra: false, reply: reply))
                case (false, false): break
                }
            }
        }
        // Signals nobody labelled (helpers such as `reflection`) have no ground truth here.
        let labelled = signals.filter { signal in
            guard let row = rows[signal] else { return false }
            return row.truePositives + row.falseNegatives > 0
        }
        return SignalAccuracy(
            rows: labelled.compactMap { rows[$0] },
            disagreements: disagreements.filter { labelled.contains($0.signal) }, replies: replies)
    }

    /// A plain table: signal, counts, precision, recall, F1, and a last `micro` row over all signals.
    public func table() -> String {
        func percent(_ value: Double?) -> String {
            guard let value else { return "    –" }
            let text = NumberText.fixed(value, places: 2)
            return String(repeating: " ", count: max(0, 5 - text.count)) + text
        }
        var lines = ["signal              TP   FP   FN  precision  recall     f1"]
        for row in rows + [micro] {
            let name = row.signal.padding(toLength: 18, withPad: " ", startingAt: 0)
            let counts = [row.truePositives, row.falsePositives, row.falseNegatives].map {
                String(repeating: " ", count: max(0, 4 - String($0).count)) + String($0)
            }
            lines.append(
                "\(name)\(counts.joined(separator: " "))      \(percent(row.precision))   \(percent(row.recall))"
                    + "  \(percent(row.f1))")
        }
        lines.append("\(replies) labelled replies")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// One reply labelled by a person: the JSONL line `{"id", "customer", "reply", "signals": [...]}`.
public struct LabelledReply: Sendable, Hashable {
    /// The line's `id`, or its line number.
    public var id: String
    /// The reply.
    public var reply: String
    /// The customer's line it answers, if given.
    public var customer: String?
    /// Every signal the judge found in the reply.
    public var signals: Set<String>

    /// Reads a labelled file; blank lines are skipped.
    ///
    /// - Throws: ``TranscriptError`` with file:line:column for a line that is not a labelled reply.
    public static func read(_ path: String) throws -> [LabelledReply] {
        let reader = try LineReader(path: path)
        var result: [LabelledReply] = []
        while let line = reader.next() {
            guard case .text(let bytes, let number) = line else {
                throw TranscriptError(file: path, line: 0, message: "a line is too long")
            }
            if bytes.allSatisfy({ $0 == 0x20 }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                let reply = object["reply"] as? String, let labels = object["signals"] as? [String]
            else {
                throw TranscriptError(
                    file: path, line: number, column: 1, message: "expected {\"reply\": ..., \"signals\": [...]}")
            }
            result.append(
                LabelledReply(
                    id: (object["id"] as? String) ?? "\(number)", reply: reply, customer: object["customer"] as? String,
                    signals: Set(labels)))
        }
        return result
    }
}
