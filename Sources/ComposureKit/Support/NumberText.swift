import Foundation

/// Numbers as text, the same on every machine: `.` for the decimal point and no grouping, whatever the locale
/// (a German locale would otherwise write `72,5`).
///
/// Two roundings, each pinned by outputs already written: ``decimal(_:places:)``, which every report, the
/// calibration table and the SVG charts use, scales the value and rounds half away from zero
/// (`0.125` → `0.13`); ``fixed(_:places:signed:)`` is C's `%.*f`, which rounds the exact binary value half to
/// even (`0.125` → `0.12`) and writes the trained model files, the accuracy table and the benchmark timings.
package enum NumberText {
    /// Shown where there is no value.
    package static let none = "–"

    /// `value` with exactly `places` decimals, `-` for negatives (never `-0.0`), no grouping, `–` when not finite.
    ///
    /// From 10^15 on, or sooner where the scaled value would not fit an `Int`, in scientific notation with
    /// `places` decimals (`9.00e+18`): a backstop, since no figure shown is meant to come near.
    package static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return none }
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        guard abs(value) < 1e15, abs(value) * factor < 9.2e18 else { return String(format: "%.\(places)e", value) }
        let scaled = Int((abs(value) * factor).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let whole = scaled / Int(factor)
        let fraction = String(scaled % Int(factor))
        return sign + String(whole) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// A value written for machines: up to four decimals, trailing zeros dropped (`0.8333`, `0.5`, `1`).
    package static func plain(_ value: Double) -> String {
        var text = decimal(value, places: 4)
        guard text.contains("."), !text.contains("e") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `value` as C's `printf("%.*f")` writes it: the exact binary value rounded half to even, `-0.00` for
    /// a small negative, and a `+` before positives when `signed`.
    package static func fixed(_ value: Double, places: Int, signed: Bool = false) -> String {
        String(format: signed ? "%+.\(places)f" : "%.\(places)f", value)
    }
}
