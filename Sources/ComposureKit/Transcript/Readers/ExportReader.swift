/// Reads one export file (a helpdesk's JSON, a CSV of messages, the Twitter corpus) one conversation at a time.
protocol ExportReader: AnyObject {
    /// The next conversation, or why one could not be read; nil at the end of the file.
    func next() -> TranscriptSource.Item?

    /// How much the reader holds between two calls, in its own unit (bytes of a record, rows of a
    /// conversation, tweets of open threads): what tests of bounded memory check.
    var bufferedCount: Int { get }
}
