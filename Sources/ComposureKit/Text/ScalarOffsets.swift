/// Where a text's Unicode scalar offsets fall in the text: every span of evidence counts scalars, and both the
/// card's quotes (``TokenizedText/quote(from:to:)``) and redaction's (``Redactor``) turn such spans back into
/// the text's own indices.
///
/// In an ASCII text a scalar offset is a UTF-8 offset, found without walking the text. Otherwise the UTF-8
/// offset of every `stride`-th scalar is kept, so a span is found from the nearest one instead of by counting
/// scalars from the start of the text (quoting every match of a long reply took time in the square of its
/// length).
struct ScalarOffsets: Sendable, Hashable {
    /// The text is all ASCII.
    let isASCII: Bool
    /// For a text that is not all ASCII, the UTF-8 offset of every `stride`-th scalar.
    private let checkpoints: [Int]
    private static let stride = 64

    /// The offsets of `text`; `isASCII` when the caller has already checked it (the tokenizer has).
    init(of text: String, isASCII: Bool? = nil) {
        let ascii = isASCII ?? text.isAllASCII
        self.isASCII = ascii
        checkpoints = ascii ? [] : Self.checkpoints(of: text)
    }

    private static func checkpoints(of text: String) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(text.utf8.count / stride + 1)
        var offset = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index % stride == 0 { offsets.append(offset) }
            offset += UTF8.width(scalar)
        }
        return offsets
    }

    /// The indices of `text` (the text these offsets were made from) between scalar offsets `start` and
    /// `end`, or nil when the span is reversed or runs past the end.
    func range(from start: Int, to end: Int, in text: String) -> Range<String.Index>? {
        guard start >= 0, start <= end else { return nil }
        let utf8 = text.utf8
        if isASCII {
            guard end <= utf8.count else { return nil }
            return utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)
        }
        let scalars = text.unicodeScalars
        guard !checkpoints.isEmpty else { return start == 0 && end == 0 ? text.startIndex..<text.startIndex : nil }
        let checkpoint = min(start / Self.stride, checkpoints.count - 1)
        let near = utf8.index(utf8.startIndex, offsetBy: checkpoints[checkpoint])
        guard
            let lower = scalars.index(near, offsetBy: start - checkpoint * Self.stride, limitedBy: scalars.endIndex),
            let upper = scalars.index(lower, offsetBy: end - start, limitedBy: scalars.endIndex)
        else { return nil }
        return lower..<upper
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes, read in place.
    ///
    /// `withUTF8` is mutating, so calling it on a string that is not already a variable (a token's text, a
    /// parameter) copies the string first: a retain and a release per call, which the matcher and the signal
    /// model paid for every token. A native or small string lends its bytes without that copy; any other is
    /// copied as before.
    func withUTF8InPlace<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }

    /// Whether every byte of the string is ASCII, read over its UTF-8 bytes in place.
    var isAllASCII: Bool {
        withUTF8InPlace { bytes in !bytes.contains { $0 >= 0x80 } }
    }
}
