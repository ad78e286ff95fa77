import Foundation

/// Human QA scores for conversations, to calibrate the grader against.
///
/// From a CSV file (`composure calibrate --human SCORES.csv`): a header row; an `id`
/// column; an optional overall score column (`score`, or another name); and any
/// column named like a rubric criterion holding pass or fail. Or from each
/// transcript's `meta` field (`--human-meta satisfaction`). With a `rater` column (or the one named by
/// `--rater-column`) several people may score the same conversation, one row each. See `Docs/calibration.md`.
package struct HumanScores: Sendable {
    /// One conversation's human scores.
    package struct Row: Sendable, Hashable {
        /// The conversation's id.
        package var id: String
        /// Who gave these scores, when the file has a rater column.
        package var rater: String?
        /// The line it was read from (0 when not from a file).
        package var line: Int
        /// The overall score, when given.
        package var score: Double?
        /// Pass, fail or not applicable per criterion; a blank cell is absent.
        package var verdicts: [String: Verdict]

        /// Creates a row.
        package init(
            id: String, rater: String? = nil, line: Int = 0, score: Double? = nil, verdicts: [String: Verdict] = [:]
        ) {
            self.id = id
            self.rater = rater
            self.line = line
            self.score = score
            self.verdicts = verdicts
        }
    }

    /// Where the scores came from: the file, or `meta.FIELD`.
    package var source: String
    /// The overall score's column or field, when there is one.
    package var scoreName: String?
    /// The criterion columns, in file order.
    package var criteria: [String]
    /// The rows, in file order.
    package var rows: [Row]
    /// Things the reader should know (ignored columns, unreadable values).
    package var notes: [String]

    /// The raters, in the order they first appear; empty without a rater column.
    package var raters: [String] {
        var seen = Set<String>()
        return rows.compactMap(\.rater).filter { seen.insert($0).inserted }
    }

    /// Creates scores.
    package init(source: String, scoreName: String?, criteria: [String], rows: [Row], notes: [String] = []) {
        self.source = source
        self.scoreName = scoreName
        self.criteria = criteria
        self.rows = rows
        self.notes = notes
    }

    /// The human scores accepted: wide enough for any rating scale, narrow enough that means and
    /// two-decimal figures stay exact (a score of `1e300` once made `calibrate` trap).
    package static let scoreRange: ClosedRange<Double> = -1_000_000...1_000_000

    /// The end of the message for a score out of ``scoreRange``.
    static let outOfRange = "a human score is between -1000000 and 1000000"

    /// Words read as pass and as fail (case does not matter); `n/a`, `na` and `-` mean not applicable.
    static let passWords: Set<String> = ["pass", "p", "1", "true", "t", "yes", "y"]
    static let failWords: Set<String> = ["fail", "f", "0", "false", "no", "n"]
    static let notApplicableWords: Set<String> = ["n/a", "na", "-", "\u{2013}"]

    /// Reads the CSV file at `path`.
    ///
    /// - Throws: ``DiagnosticError`` naming the file, line and column of the first problem.
    package static func load(csv path: String, criteria: [String], scoreColumn: String?, raterColumn: String? = nil)
        throws -> HumanScores
    {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch let error as TextFile.ReadError {
            throw DiagnosticError([Diagnostic(file: path, line: 0, column: 0, message: error.reason)])
        }
        return try parse(
            csv: text, file: path, criteria: criteria, scoreColumn: scoreColumn, raterColumn: raterColumn)
    }

    /// Reads CSV text.
    ///
    /// - Parameters:
    ///   - criteria: the rubric's criterion ids; columns named like them hold pass/fail.
    ///   - scoreColumn: the overall score's column; nil means `score` if there is one.
    ///   - raterColumn: the column naming who scored the row; nil means `rater` if there is one.
    /// - Throws: ``DiagnosticError`` naming the line and column of the first problem.
    package static func parse(
        csv text: String, file: String, criteria: [String], scoreColumn: String?, raterColumn: String? = nil
    ) throws -> HumanScores {
        let problems = ProblemReporter(file: file, text: text)
        let records: [CSV.Record]
        do {
            records = try CSV.records(in: text, file: file)
        } catch let error as DiagnosticError {
            throw problems.withSourceLines(error)
        }
        guard let header = records.first else {
            throw problems.error(0, 0, "the file is empty; expected a header row")
        }
        let columns = try Columns(
            header: header, criteria: criteria, scoreColumn: scoreColumn, raterColumn: raterColumn,
            problems: problems)
        var rows: [Row] = []
        var lineOfID: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                throw problems.error(
                    record.line, 1, "expected \(columns.count) fields as in the header, found \(record.fields.count)")
            }
            let row = try columns.row(record, problems: problems)
            // With raters, each rater scores a conversation once; without, each conversation has one row.
            let key = row.rater.map { row.id + "\u{0}" + $0 } ?? row.id
            if let earlier = lineOfID[key] {
                let field = record.fields[columns.id]
                let whose = row.rater.map { " for rater '\($0)'" } ?? ""
                throw problems.error(
                    field.line, field.column, "id '\(row.id)'\(whose) was already given on line \(earlier)")
            }
            lineOfID[key] = record.line
            rows.append(row)
        }
        var notes: [String] = []
        if !columns.ignored.isEmpty {
            notes.append(
                "column(s) " + columns.ignored.map { "'\($0)'" }.joined(separator: ", ")
                    + " are not criteria of the rubric and were ignored")
        }
        return HumanScores(
            source: file, scoreName: columns.scoreName, criteria: columns.criteria.map(\.id), rows: rows, notes: notes)
    }

    /// Human scores taken from `meta.FIELD` of every conversation in `source`, without grading them.
    ///
    /// - Parameter skipped: called for each conversation that could not be read.
    /// - Throws: ``DiagnosticError`` at the first conversation whose score is out of ``scoreRange``.
    package static func fromMeta(field: String, source: TranscriptSource, skipped: (TranscriptError) -> Void)
        throws -> HumanScores
    {
        var values: [(id: String, value: String?, source: SourceLocation?)] = []
        while let item = source.next() {
            switch item {
            case .success(let transcript): values.append((transcript.id, transcript.meta[field], transcript.source))
            case .failure(let error): skipped(error)
            }
        }
        return try fromMeta(field: field, values: values)
    }

    /// Human scores taken from each transcript's `meta.FIELD` (`--human-meta satisfaction`).
    ///
    /// A missing or non-numeric value leaves that conversation out of rho; the count is noted.
    /// - Parameter values: each conversation's id, its `meta.FIELD`, and where it was read from.
    /// - Throws: ``DiagnosticError`` at the first conversation whose score is a number out of ``scoreRange``.
    package static func fromMeta(field: String, values: [(id: String, value: String?, source: SourceLocation?)])
        throws -> HumanScores
    {
        var rows: [Row] = []
        var seen = Set<String>()
        var missing = 0
        var unreadable = 0
        for (id, value, source) in values where seen.insert(id).inserted {
            var row = Row(id: id, line: source?.line ?? 0)
            if let value {
                if let number = metaNumber(value) {
                    guard scoreRange.contains(number) else {
                        let place = source ?? SourceLocation(file: "meta.\(field)", line: 0, column: 0)
                        throw DiagnosticError([
                            Diagnostic(
                                file: place.file, line: place.line, column: place.column,
                                message: "meta.\(TerminalText.sanitised(field)) of conversation "
                                    + "'\(TerminalText.sanitised(id))' is \(TerminalText.sanitised(value)), out of range: "
                                    + outOfRange)
                        ])
                    }
                    row.score = number
                } else {
                    unreadable += 1
                }
            } else {
                missing += 1
            }
            rows.append(row)
        }
        var notes: [String] = []
        if missing > 0 { notes.append("\(missing) conversation(s) have no meta.\(field)") }
        if unreadable > 0 { notes.append("\(unreadable) conversation(s) have a meta.\(field) that is not a number") }
        return HumanScores(source: "meta.\(field)", scoreName: field, criteria: [], rows: rows, notes: notes)
    }
}

extension HumanScores {
    /// A meta value as a number: a decimal, or a yes/no rating as 1/0.
    ///
    /// Yes/no counts as 1/0 because a yes/no rating is a score too, and because the JSONL
    /// reader may hand over the JSON numbers 1 and 0 as `true` and `false` (on Linux,
    /// `JSONSerialization` gives them as `NSNumber`s that also cast to `Bool`).
    static func metaNumber(_ value: String) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = Double(text), number.isFinite { return number }
        switch text {
        case "true", "yes": return 1
        case "false", "no": return 0
        default: return nil
        }
    }
}

/// Makes diagnostics for a CSV file, with the source line under the message.
private struct ProblemReporter {
    let file: String
    let lines: [String]

    init(file: String, text: String) {
        self.file = file
        // Line ends as the CSV reader counts them: LF, CRLF or CR.
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        let scalars = text.unicodeScalars
        for scalar in scalars.first == "\u{FEFF}" ? scalars.dropFirst() : scalars[...] {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        self.lines = lines
    }

    func error(_ line: Int, _ column: Int, _ message: String) -> DiagnosticError {
        let source = line > 0 && line <= lines.count ? lines[line - 1] : nil
        return DiagnosticError([
            Diagnostic(file: file, line: line, column: column, message: message, sourceLine: source)
        ])
    }

    func withSourceLines(_ error: DiagnosticError) -> DiagnosticError {
        DiagnosticError(
            error.diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                if diagnostic.line > 0, diagnostic.line <= lines.count {
                    diagnostic.sourceLine = lines[diagnostic.line - 1]
                }
                return diagnostic
            })
    }
}

/// What each column of a human-scores CSV holds.
private struct Columns {
    /// How many columns the header has.
    let count: Int
    /// The `id` column.
    let id: Int
    /// The rater's column, when there is one.
    let rater: Int?
    /// The overall score's column and name, when there is one.
    let score: Int?
    let scoreName: String?
    /// The columns named after rubric criteria.
    let criteria: [(index: Int, id: String)]
    /// The other columns' names.
    let ignored: [String]

    init(
        header: CSV.Record, criteria ids: [String], scoreColumn: String?, raterColumn: String?,
        problems: ProblemReporter
    ) throws {
        let names = header.fields.map { $0.text.trimmingCharacters(in: .whitespaces) }
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let earlier = seen[name.lowercased()] {
                throw problems.error(
                    header.line, header.fields[index].column,
                    "column '\(name)' appears twice (also column \(earlier + 1))")
            }
            seen[name.lowercased()] = index
        }
        guard let id = seen["id"] else { throw problems.error(header.line, 1, "the header has no 'id' column") }
        if let scoreColumn {
            guard let index = seen[scoreColumn.lowercased()] else {
                throw problems.error(header.line, 1, "the header has no '\(scoreColumn)' column (from --score-column)")
            }
            score = index
        } else {
            score = seen["score"]
        }
        if let raterColumn {
            guard let index = seen[raterColumn.lowercased()] else {
                throw problems.error(header.line, 1, "the header has no '\(raterColumn)' column (from --rater-column)")
            }
            rater = index
        } else {
            rater = seen["rater"]
        }
        if let rater, rater == score || rater == id {
            throw problems.error(
                header.line, header.fields[rater].column,
                "column '\(names[rater])' cannot name both the rater and "
                    + (rater == id ? "the id" : "the score"))
        }
        var criteria: [(index: Int, id: String)] = []
        var ignored: [String] = []
        for (index, name) in names.enumerated() where index != id && index != score && index != rater {
            if let criterion = ids.first(where: { $0.lowercased() == name.lowercased() }) {
                criteria.append((index, criterion))
            } else {
                ignored.append(name)
            }
        }
        guard score != nil || !criteria.isEmpty else {
            throw problems.error(
                header.line, 1,
                "no column to compare: add a 'score' column (or name one with --score-column) or columns named "
                    + "after the rubric's criteria (" + ids.joined(separator: ", ") + ")")
        }
        self.count = names.count
        self.id = id
        self.scoreName = score.map { names[$0] }
        self.criteria = criteria
        self.ignored = ignored
    }

    /// Reads one data row.
    func row(_ record: CSV.Record, problems: ProblemReporter) throws -> HumanScores.Row {
        let idField = record.fields[id]
        let identifier = idField.text.trimmingCharacters(in: .whitespaces)
        if identifier.isEmpty { throw problems.error(idField.line, idField.column, "the id is blank") }
        var row = HumanScores.Row(id: identifier, line: record.line)
        if let rater {
            let field = record.fields[rater]
            let name = field.text.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { throw problems.error(field.line, field.column, "the rater is blank") }
            row.rater = name
        }
        // Columns are checked left to right, so the first mistake on the line is the one reported.
        let checked = (score.map { [(index: $0, id: "")] } ?? []) + criteria
        for (index, criterion) in checked.sorted(by: { $0.index < $1.index }) {
            let field = record.fields[index]
            let value = field.text.trimmingCharacters(in: .whitespaces)
            if index == score {
                row.score = try number(value, field: field, problems: problems)
            } else if let verdict = try verdict(value.lowercased(), field: field, criterion: criterion, problems) {
                row.verdicts[criterion] = verdict
            }
        }
        return row
    }

    private func number(_ value: String, field: CSV.Field, problems: ProblemReporter) throws -> Double? {
        if value.isEmpty || HumanScores.notApplicableWords.contains(value.lowercased()) { return nil }
        guard let number = Double(value), number.isFinite else {
            throw problems.error(field.line, field.column, "score '\(value)' is not a number")
        }
        guard HumanScores.scoreRange.contains(number) else {
            throw problems.error(
                field.line, field.column, "score '\(value)' is out of range: " + HumanScores.outOfRange)
        }
        return number
    }

    private func verdict(_ value: String, field: CSV.Field, criterion: String, _ problems: ProblemReporter) throws
        -> Verdict?
    {
        if value.isEmpty { return nil }
        if HumanScores.passWords.contains(value) { return .pass }
        if HumanScores.failWords.contains(value) { return .fail }
        if HumanScores.notApplicableWords.contains(value) { return .notApplicable }
        throw problems.error(
            field.line, field.column,
            "'\(field.text)' under \(criterion) is not a verdict; write pass or fail (or 1/0, true/false, "
                + "yes/no, p/f; n/a or blank when it does not apply)")
    }
}
