import Testing

@testable import ComposureKit

/// The count of turns taken before a JSONL line is parsed (``TranscriptSource/count(of:in:)``), held to a
/// comparison at every byte, the way it was counted before.
@Suite struct TurnCountTests {
    static func countedByteByByte(_ needle: [UInt8], _ bytes: ArraySlice<UInt8>) -> Int {
        guard let first = needle.first, bytes.count >= needle.count else { return 0 }
        var found = 0
        var index = bytes.startIndex
        while index <= bytes.endIndex - needle.count {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) {
                found += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    @Test(arguments: [
        "", "\"", "\"role", "\"role\"", "\"role\"\"role\"", "\"\"role\"\"", "x\"role\"x\"rol\"role\"",
        #"{"turns":[{"role":"agent","text":"\"role\""},{"role":"customer","text":"hi"}]}"#,
        String(repeating: "\"role\":", count: 40), "\"role\"\u{E9}\"role\"",
    ])
    func countsAsAComparisonAtEveryByteDoes(_ line: String) {
        let needle = Array("\"role\"".utf8)
        let bytes = Array(("ab" + line).utf8)
        // A slice that does not start at zero, as a line cut from a read buffer is.
        let slice = bytes[2...]
        #expect(TranscriptSource.count(of: needle, in: slice) == Self.countedByteByByte(needle, slice))
        #expect(TranscriptSource.count(of: Array("aa".utf8), in: Array("aaaaa".utf8)[...]) == 2)
    }
}
