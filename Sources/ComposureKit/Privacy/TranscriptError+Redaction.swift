extension TranscriptError {
    /// The error with personal data hidden in the conversation's id and in the message (which may quote
    /// what the input held), for `grade`'s skipped-item lines; the file stays as the user named it.
    public func redacted(by redactor: Redactor = Redactor()) -> TranscriptError {
        var error = self
        error.id = id.map { redactor.redact(id: $0) }
        error.message = redactor.redact(message)
        return error
    }
}
