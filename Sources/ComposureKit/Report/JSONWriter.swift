/// Builds compact JSON text with keys in the order written.
///
/// Hand-written so the output contract keeps a stable key order and so batch
/// output does not go through `JSONSerialization`'s boxing of every value.
public struct JSONWriter {
    /// The text so far.
    public private(set) var text = ""
    private var needsComma: [Bool] = [false]

    /// An empty writer.
    public init() {}

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    /// Starts an object (as a value, or after ``key(_:)``).
    public mutating func beginObject() {
        valuePrefix()
        text += "{"
        needsComma.append(false)
    }

    /// Ends the current object.
    public mutating func endObject() {
        needsComma.removeLast()
        text += "}"
    }

    /// Starts an array (as a value, or after ``key(_:)``).
    public mutating func beginArray() {
        valuePrefix()
        text += "["
        needsComma.append(false)
    }

    /// Ends the current array.
    public mutating func endArray() {
        needsComma.removeLast()
        text += "]"
    }

    /// Writes a key; the next value belongs to it.
    public mutating func key(_ name: String) {
        separate()
        Self.appendQuoted(name, to: &text)
        text += ":"
        needsComma[needsComma.count - 1] = false
        pendingKey = true
    }

    private var pendingKey = false

    private mutating func valuePrefix() {
        if pendingKey {
            pendingKey = false
            needsComma[needsComma.count - 1] = true
        } else {
            separate()
        }
    }

    /// Writes a string value.
    public mutating func value(_ string: String) {
        valuePrefix()
        Self.appendQuoted(string, to: &text)
    }

    /// Writes an integer value.
    public mutating func value(_ number: Int) {
        valuePrefix()
        text += String(number)
    }

    /// Writes a number value.
    public mutating func value(_ number: Double) {
        valuePrefix()
        text += number.isFinite ? String(number) : "null"
    }

    /// Writes a boolean value.
    public mutating func value(_ flag: Bool) {
        valuePrefix()
        text += flag ? "true" : "false"
    }

    /// Writes `null`.
    public mutating func null() {
        valuePrefix()
        text += "null"
    }

    /// Writes `key: value` for a string.
    public mutating func field(_ name: String, _ string: String) {
        key(name)
        value(string)
    }

    /// Writes `key: value` for an integer.
    public mutating func field(_ name: String, _ number: Int) {
        key(name)
        value(number)
    }

    /// Writes `key: value` for an optional integer (`null` when nil).
    public mutating func field(_ name: String, _ number: Int?) {
        key(name)
        if let number { value(number) } else { null() }
    }

    /// Writes `key: value` for a boolean.
    public mutating func field(_ name: String, _ flag: Bool) {
        key(name)
        value(flag)
    }

    /// Starts an object value under `name`.
    public mutating func beginObject(_ name: String) {
        key(name)
        pendingKey = false
        needsComma[needsComma.count - 1] = false
        beginObject()
    }

    /// Starts an array value under `name`.
    public mutating func beginArray(_ name: String) {
        key(name)
        pendingKey = false
        needsComma[needsComma.count - 1] = false
        beginArray()
    }

    /// Appends `string` as a JSON string literal, escaping quotes, backslashes and controls.
    public static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
