import ComposureKit
import Testing

/// Problems the fuzz targets found in the transcript readers (see `Docs/robustness.md`), kept as tests.
@Suite struct TranscriptRegressionTests {
    /// On Linux a JSON number 0 or 1 also casts to `Bool`, so the `JSONSerialization` reader of
    /// b2c7277 gave the meta values `0` and `1` as "false" and "true" (fixed in ab8e671). Found again
    /// by FuzzJSONL comparing the hand-written reader with that one, on a line of the helpdesk
    /// fixture (shortened here).
    @Test func metaNumbersZeroAndOneStayNumbers() throws {
        let line =
            #"{"id": "stc3-3647434787796686", "meta": {"satisfaction": 0, "annotators": 1, "effectiveness": 0.0, "#
            + #""ok": true, "no": false}, "turns": [{"role": "customer", "text": "You really delay~"}]}"#
        let transcript = try JSONLTranscript.parse(line: Array(line.utf8), file: "fuzz.jsonl", line: 1)
        #expect(
            transcript.meta == [
                "satisfaction": "0", "annotators": "1", "effectiveness": "0.0", "ok": "true", "no": "false",
            ])
    }
}
