import ArgumentParser

/// `--no-redact`: keep personal data in what a command stores, reports or writes.
///
/// Redaction is on unless this is given (see Docs/privacy.md): e-mail addresses, phone numbers, card
/// numbers, IBANs, postcodes and the names an export gives become `[email]`, `[phone]`, ...
struct RedactionOption: ParsableArguments {
    @Flag(
        name: .customLong("no-redact"),
        help: ArgumentHelp(
            "Keep personal data (e-mail addresses, phone and card numbers, IBANs, postcodes, customers' names) "
                + "instead of replacing it with [email], [phone], ...: RISK: it is then copied into the output, "
                + "the database and every report made from it, where anyone who can read them reads it."))
    var keepsPersonalData = false

    /// Whether personal data is replaced by placeholders.
    var redacts: Bool { !keepsPersonalData }
}
