extension JSONWriter {
    /// Writes signal hits as an array of `{"id", "evidence": [{"start", "end", "text"}]}`: the shape
    /// of a turn's `signals` in `grade --format jsonl` and of the store's `signals` column.
    ///
    /// - Parameter name: The key of the array inside an object; `nil` for an array on its own.
    package mutating func signalHits(_ name: String?, _ hits: [SignalHit]) {
        if let name { beginArray(name) } else { beginArray() }
        for hit in hits {
            beginObject()
            field("id", hit.signal)
            beginArray("evidence")
            for evidence in hit.evidence {
                beginObject()
                field("start", evidence.start)
                field("end", evidence.end)
                field("text", evidence.text)
                endObject()
            }
            endArray()
            endObject()
        }
        endArray()
    }

    /// Writes a criterion's evidence as an array of `{"turn", "signal", "start", "end", "text",
    /// "supports"}`: the shape in `grade --format jsonl` and in the store's `evidence` column.
    ///
    /// - Parameter name: The key of the array inside an object; `nil` for an array on its own.
    package mutating func criterionEvidence(_ name: String?, _ items: [TurnEvidence]) {
        if let name { beginArray(name) } else { beginArray() }
        for item in items {
            beginObject()
            field("turn", item.turn)
            field("signal", item.signal)
            field("start", item.evidence.start)
            field("end", item.evidence.end)
            field("text", item.evidence.text)
            field("supports", item.supports)
            endObject()
        }
        endArray()
    }
}
