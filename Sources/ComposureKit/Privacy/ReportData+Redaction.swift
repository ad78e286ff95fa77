extension ReportData {
    /// The report with personal data replaced by placeholders in every text that came from a
    /// conversation: the trainees' quotes, batch sources (file names), the lowest conversations' ids and
    /// their evidence, and what calibration runs keep of their input (``Calibration/figures(redactedBy:)``).
    ///
    /// A report is redacted when it is made, whatever the store holds: a batch stored with
    /// `grade --store --no-redact`, or by a Composure before redaction, is still shown redacted.
    /// Only the patterns apply here: the names an export gave are not in the store. Trainee names,
    /// scenario and rubric ids stay: they name the staff and the training, not a customer.
    ///
    /// - Parameter redactor: What to find; patterns only by default.
    /// - Returns: The redacted report.
    package func redacted(by redactor: Redactor = Redactor()) -> ReportData {
        func redact(_ quote: Quote?) -> Quote? {
            guard var quote else { return nil }
            quote.text = redactor.redact(quote.text)
            return quote
        }
        var data = self
        data.trainees = trainees.map { trainee in
            var trainee = trainee
            trainee.weakest = trainee.weakest.map { weak in
                var weak = weak
                weak.worst = redact(weak.worst)
                weak.best = redact(weak.best)
                return weak
            }
            return trainee
        }
        data.batches = batches.map { batch in
            var batch = batch
            batch.source = redactor.redact(batch.source)
            batch.lowest = batch.lowest.map { low in
                var low = low
                low.id = redactor.redact(id: low.id)
                low.failures = low.failures.map { failure in
                    var failure = failure
                    failure.evidence = failure.evidence.map { redactor.redact($0) }
                    return failure
                }
                return low
            }
            return batch
        }
        data.calibrations = calibrations.map { record in
            var record = record
            record.input = redactor.redact(record.input)
            record.calibration = record.calibration.figures(redactedBy: redactor)
            return record
        }
        return data
    }
}
