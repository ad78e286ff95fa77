/// The output formats of `composure grade`.
package enum GradeFormat: String, Sendable, CaseIterable {
    case text
    case md
    case csv
    case json
    case jsonl
    /// The batch report of the graded conversations, as `composure report --format html` draws a stored batch:
    /// written once at the end (``GradeReportSink``), not a record per conversation.
    case html

    /// Whether the format writes a record per conversation as it goes (``GradeRenderer``); `html` is drawn
    /// from the whole batch's figures at the end.
    package var isStreamed: Bool { self != .html }
}

/// Turns grade results into text in one of the ``GradeFormat``s, one conversation at a time.
///
/// Streaming: `header`, then `render` for each conversation in input order, then `footer`.
package struct GradeRenderer: Sendable {
    /// The format written.
    package var format: GradeFormat
    /// The rubric's criteria, for table columns.
    package var criteria: [(id: String, title: String)]
    /// Whether text output may use colour.
    package var colour: Bool

    /// Creates a renderer.
    package init(format: GradeFormat, rubric: Rubric, colour: Bool = false) {
        self.format = format
        self.criteria = rubric.criteria.map { ($0.id, $0.title) }
        self.colour = colour
    }

    /// What comes before the first conversation.
    package func header() -> String {
        switch format {
        case .csv:
            let columns =
                ["id", "score", "capped", "agent", "team", "channel", "time"]
                + criteria.flatMap { ["\($0.id)_verdict", "\($0.id)_score"] }
            return CSV.row(columns)
        case .json: return "["
        case .md:
            let titles = criteria.map { Markdown.cell($0.title) }.joined(separator: " | ")
            return Markdown.row(["Conversation", "Score", "Agent", "Team", "Channel", "Time", titles])
                + "\n|---|---:|---|---|---|---|" + String(repeating: "---|", count: criteria.count) + "\n"
        case .text, .jsonl, .html: return ""
        }
    }

    /// One conversation; `index` is its position in the output (for JSON commas).
    ///
    /// - Parameters:
    ///   - result: The conversation's grade.
    ///   - index: Its position in the output.
    ///   - transcript: The conversation, for its attribution and `meta`; nil writes them as unknown.
    package func render(_ result: GradeResult, index: Int, transcript: Transcript? = nil) -> String {
        separator(before: index) + record(result, transcript: transcript)
    }

    /// What comes between the conversation at `index` and the one before it (before the first, when
    /// `index` is 0): JSON array commas; nothing in the other formats, whose records end their own lines.
    package func separator(before index: Int) -> String {
        format == .json ? (index == 0 ? "\n" : ",\n") : ""
    }

    /// One conversation without its ``separator(before:)``, with the attribution and `meta` of `transcript`.
    /// Nothing for `html`, which ``GradeReportSink`` draws from the whole batch.
    package func record(_ result: GradeResult, transcript: Transcript? = nil) -> String {
        let attribution = transcript.map(Attribution.init) ?? Attribution()
        switch format {
        case .jsonl: return Self.jsonObject(result, transcript: transcript) + "\n"
        case .json: return Self.jsonObject(result, transcript: transcript)
        case .csv: return csvRow(result, attribution)
        case .md: return markdownRow(result, attribution)
        case .text: return TextGradeReport(colour: colour).render(result, attribution: attribution)
        case .html: return ""
        }
    }

    /// One conversation as UTF-8 bytes, the same as ``render(_:index:transcript:)``.
    package func renderBytes(_ result: GradeResult, index: Int, transcript: Transcript? = nil) -> [UInt8] {
        Array(separator(before: index).utf8) + recordBytes(result, transcript: transcript)
    }

    /// ``record(_:)`` as UTF-8 bytes: for `jsonl` and `csv`, the batch formats, written straight into bytes
    /// with no `String` per field or per row.
    package func recordBytes(_ result: GradeResult, transcript: Transcript? = nil) -> [UInt8] {
        switch format {
        case .jsonl:
            var json = Self.jsonWriter(result, transcript: transcript)
            json.newline()
            return json.bytes
        case .csv: return csvRowBytes(result, transcript.map(Attribution.init) ?? Attribution())
        case .json, .md, .text, .html: return Array(record(result, transcript: transcript).utf8)
        }
    }

    /// What comes after the last conversation.
    package func footer(_ summary: GradeSummary) -> String {
        switch format {
        case .json: return summary.graded == 0 ? "]\n" : "\n]\n"
        case .text: return TextGradeReport(colour: colour).summary(summary)
        case .md:
            guard let mean = summary.meanScore else { return "" }
            let plural = summary.graded == 1 ? "" : "s"
            return "\n\(summary.graded) conversation\(plural), mean score \(Int(mean.rounded()))"
                + (summary.skipped > 0 ? ", \(summary.skipped) skipped" : "") + ".\n"
        case .csv, .jsonl, .html: return ""
        }
    }

    /// The attribution columns of `csv` and `md`: agent, team, channel, time (ISO 8601 UTC); empty when unknown.
    private static func attributionFields(_ attribution: Attribution) -> [String] {
        [
            attribution.agent ?? "", attribution.team ?? "", attribution.channel ?? "",
            attribution.time.map(ReportFigures.timestamp) ?? "",
        ]
    }

    private func csvRow(_ result: GradeResult, _ attribution: Attribution) -> String {
        var fields = [result.id, String(result.score), result.isCapped ? "true" : "false"]
        fields += Self.attributionFields(attribution)
        for (id, _) in criteria {
            let criterion = result.criterion(id)
            fields.append(criterion?.verdict.rawValue ?? "")
            fields.append(criterion?.score.map(String.init) ?? "")
        }
        return CSV.row(fields)
    }

    /// ``csvRow(_:_:)`` as bytes: only the id and the attribution can need quoting or sanitising; the verdicts
    /// and scores are plain words and numbers that ``CSV/field(_:)`` leaves as they are.
    private func csvRowBytes(_ result: GradeResult, _ attribution: Attribution) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + criteria.count * 20)
        bytes += CSV.field(result.id).utf8
        bytes.append(0x2C)
        JSONWriter.appendDecimal(result.score, to: &bytes)
        bytes += (result.isCapped ? ",true" : ",false").utf8
        if attribution.isEmpty {
            bytes += ",,,,".utf8
        } else {
            for field in Self.attributionFields(attribution) {
                bytes.append(0x2C)
                bytes += CSV.field(field).utf8
            }
        }
        for (id, _) in criteria {
            bytes.append(0x2C)
            let criterion = result.criterion(id)
            if let verdict = criterion?.verdict { bytes += verdict.rawValue.utf8 }
            bytes.append(0x2C)
            if let score = criterion?.score { JSONWriter.appendDecimal(score, to: &bytes) }
        }
        bytes += [0x0D, 0x0A]
        return bytes
    }

    private func markdownRow(_ result: GradeResult, _ attribution: Attribution) -> String {
        let cells = criteria.map { id, _ -> String in
            guard let criterion = result.criterion(id) else { return "" }
            switch criterion.verdict {
            case .pass: return "✓"
            case .fail: return "✗ \(criterion.score ?? 0)"
            case .notApplicable: return "–"
            }
        }
        return Markdown.row(
            [
                Markdown.cell(result.id), "\(result.score)\(result.isCapped ? " (capped)" : "")",
            ] + Self.attributionFields(attribution).map(Markdown.cell) + [
                cells.joined(separator: " | ")
            ]) + "\n"
    }

    /// The JSONL contract for one conversation (see `Docs/grade-output.md`), with the attribution and `meta`
    /// of `transcript` (unknown and empty without one).
    package static func jsonObject(_ result: GradeResult, transcript: Transcript? = nil) -> String {
        jsonWriter(result, transcript: transcript).text
    }

    /// ``jsonObject(_:transcript:)`` in a writer, whose bytes a caller can take without making a `String`.
    private static func jsonWriter(_ result: GradeResult, transcript: Transcript?) -> JSONWriter {
        // About the size of a conversation's object with the core rubric, so it is not copied as it grows.
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.field("id", result.id)
        json.field("score", result.score)
        json.field("capped", result.isCapped)
        json.attribution(transcript.map(Attribution.init) ?? Attribution(), meta: transcript?.meta ?? [:])
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
    package static func jsonErrorObject(_ error: TranscriptError) -> String {
        var json = JSONWriter()
        json.beginObject()
        if let id = error.id { json.field("id", id) } else { json.key("id"); json.null() }
        json.field("error", error.description)
        json.endObject()
        return json.text
    }
}
