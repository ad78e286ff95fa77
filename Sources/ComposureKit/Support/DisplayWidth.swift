import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many terminal columns text takes: 2 for East Asian wide characters and emoji, 0 for combining marks.
///
/// Tables pad by this, not by character count, so a trainee named 王小明 or 😀 Sam does not shift every later
/// column. Each scalar's width is the C library's `wcwidth` under a UTF-8 locale (glibc's table follows
/// Unicode's East Asian Width and emoji data); a grapheme cluster (a letter with its accents, an emoji ZWJ
/// sequence) takes the width of its widest scalar, or 2 when it asks for emoji presentation, as terminals
/// draw it. `wcwidth` answers only for the locale of the thread that calls it, so the UTF-8 locale is made
/// current for the call and put back, leaving the process's locale alone.
package enum DisplayWidth {
    /// The columns `text` takes (control characters take none).
    package static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// `text` followed by spaces up to `width` columns; text already as wide or wider is returned as it is.
    package static func padded(_ text: String, to width: Int) -> String {
        let columns = of(text)
        return columns >= width ? text : text + String(repeating: " ", count: width - columns)
    }

    /// `text` cut or padded to exactly `width` columns (a wide character that would straddle the edge is left
    /// out and made up with a space).
    package static func fitted(_ text: String, to width: Int) -> String {
        var result = ""
        var columns = 0
        for character in text {
            let next = of(character)
            guard columns + next <= width else { break }
            result.append(character)
            columns += next
        }
        return result + String(repeating: " ", count: max(0, width - columns))
    }

    /// The columns one grapheme cluster takes.
    package static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.contains(where: { $0.value == 0xFE0F || $0.properties.isEmojiPresentation }) { return 2 }
        return scalars.reduce(0) { max($0, columns(of: $1)) }
    }

    private static func columns(of scalar: Unicode.Scalar) -> Int {
        if scalar.value < 0x7F { return scalar.value < 0x20 ? 0 : 1 }
        guard let locale = utf8Locale else { return 1 }
        let previous = uselocale(locale)
        defer { uselocale(previous) }
        guard let wcwidth = cWidth else { return 1 }
        return max(0, Int(wcwidth(Int32(bitPattern: scalar.value))))
    }

    private typealias CWidth = @convention(c) (Int32) -> Int32

    // Swift's Glibc module leaves out `wcwidth` (wchar.h declares it only under _XOPEN_SOURCE), so it is looked up
    // by name in the C library, with the C calling convention.
    private static let cWidth: CWidth? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth") else { return nil }
        return unsafeBitCast(symbol, to: CWidth.self)
    }()

    // A locale handle is an immutable C object once made; `uselocale` only makes it current for one thread.
    private nonisolated(unsafe) static let utf8Locale: locale_t? = {
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
            if let locale = newlocale(LC_CTYPE_MASK, name, nil) { return locale }
        }
        return nil
    }()
}
