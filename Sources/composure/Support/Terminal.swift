import ComposureKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the CLI writes, and whether it may use colour.
enum Terminal {
    /// Whether `descriptor` is a terminal.
    static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }

    /// Colour is used on a terminal unless `NO_COLOR` is set or `TERM` is `dumb`; `FORCE_COLOR` (not empty, not
    /// `0`) asks for it even when the output is not a terminal, and `NO_COLOR` wins over it (see ``ColorOption``).
    static func colourAllowed(
        on descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if let force = environment["FORCE_COLOR"], !force.isEmpty, force != "0" { return true }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal(descriptor)
    }

    /// The width of the terminal on `descriptor` in columns, or nil when it is not a terminal.
    /// Read each time it is asked, so a resized window wraps to its new width.
    static func columns(of descriptor: Int32) -> Int? {
        guard isTerminal(descriptor) else { return nil }
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        return 80
    }

    /// Writes a line to standard error, through ``Console`` (a failed write is never fatal).
    static func printError(_ message: String) {
        Console.printError(message)
    }
}
