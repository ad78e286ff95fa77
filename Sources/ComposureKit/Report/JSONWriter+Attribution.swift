extension JSONWriter {
    /// Writes `"agent"`, `"team"`, `"channel"`, `"time"` (each `null` when unknown; the time in ISO 8601 UTC)
    /// and `"meta"`, the conversation's `meta` passed through with its keys sorted: the attribution fields
    /// of `grade --format json` and `jsonl`.
    package mutating func attribution(_ attribution: Attribution, meta: [String: String]) {
        for (name, value) in [
            ("agent", attribution.agent), ("team", attribution.team), ("channel", attribution.channel),
            ("time", attribution.time.map(ReportFigures.timestamp)),
        ] {
            if let value { field(name, value) } else { key(name); null() }
        }
        beginObject("meta")
        for key in meta.keys.sorted() { field(key, meta[key] ?? "") }
        endObject()
    }
}
