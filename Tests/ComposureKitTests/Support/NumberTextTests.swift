import ComposureKit
import Testing

/// Numbers as text, whatever the locale, in both roundings.
@Suite struct NumberTextTests {
    @Test(arguments: [
        (72.46, 1, "72.5"), (72.44, 1, "72.4"), (0, 1, "0.0"), (-0.04, 1, "0.0"), (-2.25, 1, "-2.3"),
        (100, 0, "100"), (0.5, 0, "1"), (1.005, 3, "1.005"), (.infinity, 1, "–"),
    ])
    func decimal(value: Double, places: Int, text: String) {
        #expect(NumberText.decimal(value, places: places) == text)
    }

    @Test(arguments: [(5.0 / 6, "0.8333"), (0.5, "0.5"), (1.0, "1"), (0.0, "0"), (-0.00001, "0"), (252.0, "252")])
    func plain(value: Double, text: String) {
        #expect(NumberText.plain(value) == text)
    }

    /// The report rounding scales first and rounds half away from zero; printf's rounds the exact binary
    /// value half to even. Both are kept because outputs already written depend on each.
    @Test(arguments: [
        (0.125, 2, "0.13", "0.12"), (0.375, 2, "0.38", "0.38"), (2.5, 0, "3", "2"), (-0.001, 2, "0.00", "-0.00"),
        (0.03125, 4, "0.0313", "0.0312"), (1.0 / 3, 4, "0.3333", "0.3333"),
    ])
    func theTwoRoundings(value: Double, places: Int, decimal: String, fixed: String) {
        #expect(NumberText.decimal(value, places: places) == decimal)
        #expect(NumberText.fixed(value, places: places) == fixed)
    }

    @Test func fixedCanSignPositives() {
        #expect(NumberText.fixed(0.5, places: 2, signed: true) == "+0.50")
        #expect(NumberText.fixed(-0.5, places: 2, signed: true) == "-0.50")
    }

    /// Past 10^15, or where the scaled value would overflow an `Int`, a number is written in scientific notation
    /// rather than trapping.
    @Test(arguments: [
        (9e18, 2, "9.00e+18"), (-1e300, 2, "-1.00e+300"), (123_456.789, 2, "123456.79"), (9.3e14, 4, "9.3000e+14"),
    ])
    func hugeNumbersDoNotTrap(value: Double, places: Int, text: String) {
        #expect(NumberText.decimal(value, places: places) == text)
    }

    @Test func plainKeepsScientificNotationWhole() {
        #expect(NumberText.plain(1e20) == "1.0000e+20")
    }
}
