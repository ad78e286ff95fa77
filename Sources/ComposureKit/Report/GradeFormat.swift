/// The output formats of `composure grade`.
public enum GradeFormat: String, Sendable, CaseIterable {
    case text
    case md
    case csv
    case json
    case jsonl
}

/// Turns grade results into text in one of the ``GradeFormat``s, one conversation at a time.
///
/// Streaming: `header`, then `render` for each conversation in input order, then `footer`.
public struct GradeRenderer: Sendable {
    /// The format written.
    public var format: GradeFormat
    /// The rubric's criteria, for table columns.
    public var criteria: [(id: String, title: String)]
    /// Whether text output may use colour.
    public var colour: Bool

    /// Creates a renderer.
    public init(format: GradeFormat, rubric: Rubric, colour: Bool = false) {
        self.format = format
        self.criteria = rubric.criteria.map { ($0.id, $0.title) }
        self.colour = colour
    }

    /// What comes before the first conversation.
    public func header() -> String {
        switch format {
        case .csv:
            let columns = ["id", "score", "capped"] + criteria.flatMap { ["\($0.id)_verdict", "\($0.id)_score"] }
            return CSV.row(columns)
        case .json: return "["
        case .md:
            let titles = criteria.map { Markdown.cell($0.title) }.joined(separator: " | ")
            return Markdown.row(["Conversation", "Score", titles]) + "\n|---|---:|"
                + String(repeating: "---|", count: criteria.count) + "\n"
        case .text, .jsonl: return ""
        }
    }

    /// One conversation; `index` is its position in the output (for JSON commas).
    public func render(_ result: GradeResult, index: Int) -> String {
        separator(before: index) + record(result)
    }

    /// What comes between the conversation at `index` and the one before it (before the first, when
    /// `index` is 0): JSON array commas; nothing in the other formats, whose records end their own lines.
    public func separator(before index: Int) -> String {
        format == .json ? (index == 0 ? "\n" : ",\n") : ""
    }

    /// One conversation without its ``separator(before:)``.
    public func record(_ result: GradeResult) -> String {
        switch format {
        case .jsonl: return Self.jsonObject(result) + "\n"
        case .json: return Self.jsonObject(result)
        case .csv: return csvRow(result)
        case .md: return markdownRow(result)
        case .text: return TextGradeReport(colour: colour).render(result)
        }
    }

    /// One conversation as UTF-8 bytes, the same as ``render(_:index:)``.
    public func renderBytes(_ result: GradeResult, index: Int) -> [UInt8] {
        Array(separator(before: index).utf8) + recordBytes(result)
    }

    /// ``record(_:)`` as UTF-8 bytes: for `jsonl` and `csv`, the batch formats, written straight into bytes
    /// with no `String` per field or per row.
    public func recordBytes(_ result: GradeResult) -> [UInt8] {
        switch format {
        case .jsonl:
            var json = Self.jsonWriter(result)
            json.newline()
            return json.bytes
        case .csv: return csvRowBytes(result)
        case .json, .md, .text: return Array(record(result).utf8)
        }
    }

    /// What comes after the last conversation.
    public func footer(_ summary: GradeSummary) -> String {
        switch format {
        case .json: return summary.graded == 0 ? "]\n" : "\n]\n"
        case .text: return TextGradeReport(colour: colour).summary(summary)
        case .md:
            guard let mean = summary.meanScore else { return "" }
            let plural = summary.graded == 1 ? "" : "s"
            return "\n\(summary.graded) conversation\(plural), mean score \(Int(mean.rounded()))"
                + (summary.skipped > 0 ? ", \(summary.skipped) skipped" : "") + ".\n"
        case .csv, .jsonl: return ""
        }
    }

    private func csvRow(_ result: GradeResult) -> String {
        var fields = [result.id, String(result.score), result.isCapped ? "true" : "false"]
        for (id, _) in criteria {
            let criterion = result.criterion(id)
            fields.append(criterion?.verdict.rawValue ?? "")
            fields.append(criterion?.score.map(String.init) ?? "")
        }
        return CSV.row(fields)
    }

    /// ``csvRow(_:)`` as bytes: only the id can need quoting or sanitising; the verdicts and scores are
    /// plain words and numbers that ``CSV/field(_:)`` leaves as they are.
    private func csvRowBytes(_ result: GradeResult) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + criteria.count * 20)
        bytes += CSV.field(result.id).utf8
        bytes.append(0x2C)
        Self.appendDecimal(result.score, to: &bytes)
        bytes += (result.isCapped ? ",true" : ",false").utf8
        for (id, _) in criteria {
            bytes.append(0x2C)
            let criterion = result.criterion(id)
            if let verdict = criterion?.verdict { bytes += verdict.rawValue.utf8 }
            bytes.append(0x2C)
            if let score = criterion?.score { Self.appendDecimal(score, to: &bytes) }
        }
        bytes += [0x0D, 0x0A]
        return bytes
    }

    private static func appendDecimal(_ number: Int, to bytes: inout [UInt8]) {
        if number >= 0, number < 10 {
            bytes.append(0x30 + UInt8(number))
        } else {
            bytes += String(number).utf8
        }
    }

    private func markdownRow(_ result: GradeResult) -> String {
        let cells = criteria.map { id, _ -> String in
            guard let criterion = result.criterion(id) else { return "" }
            switch criterion.verdict {
            case .pass: return "✓"
            case .fail: return "✗ \(criterion.score ?? 0)"
            case .notApplicable: return "–"
            }
        }
        return Markdown.row([
            Markdown.cell(result.id), "\(result.score)\(result.isCapped ? " (capped)" : "")",
            cells.joined(separator: " | "),
        ]) + "\n"
    }

    /// The JSONL contract for one conversation (see `Docs/grade-output.md`).
    public static func jsonObject(_ result: GradeResult) -> String {
        jsonWriter(result).text
    }

    /// ``jsonObject(_:)`` in a writer, whose bytes a caller can take without making a `String`.
    private static func jsonWriter(_ result: GradeResult) -> JSONWriter {
        // About the size of a conversation's object with the core rubric, so it is not copied as it grows.
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.field("id", result.id)
        json.field("score", result.score)
        json.field("capped", result.isCapped)
        json.beginArray("criteria")
        for criterion in result.criteria {
            json.beginObject()
            json.field("id", criterion.id)
            json.field("verdict", criterion.verdict.rawValue)
            json.field("score", criterion.score)
            json.field("weight", criterion.weight)
            json.criterionEvidence("evidence", criterion.evidence)
            json.field("feedback", criterion.feedback)
            json.endObject()
        }
        json.endArray()
        json.beginArray("turns")
        for turn in result.turns {
            json.beginObject()
            json.field("index", turn.index)
            json.field("role", turn.role.rawValue)
            json.signalHits("signals", turn.signals)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json
    }

    /// The JSONL line for a conversation that could not be read.
    public static func jsonErrorObject(_ error: TranscriptError) -> String {
        var json = JSONWriter()
        json.beginObject()
        if let id = error.id { json.field("id", id) } else { json.key("id"); json.null() }
        json.field("error", error.description)
        json.endObject()
        return json.text
    }
}
