import Foundation
import Testing

/// `play` driven through piped standard input, as scripts and CI drive it.
@Suite struct PlayPipedTests {
    let dataHome = FileManager.default.temporaryDirectory.appendingPathComponent("composure-piped-\(UUID().uuidString)")
        .path

    private func play(_ replies: [String], seed: String = "7", extra: [String] = []) throws -> CommandOutput {
        try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", seed, "--trainee", "piped"] + extra,
            stdin: replies.joined(separator: "\n") + "\n", environment: ["XDG_DATA_HOME": dataHome])
    }

    static let retaliation =
        "Martin, the abusive language here only demonstrates your poor impulse control. Your unit will be denied server connection."
    static let calm = [
        "Martin, I'm so sorry the opener let you down tonight. I can see how frustrating it is to be stuck outside your own garage. Could you email me at support@example.com with your unit ID so I can look at it directly?",
        "Thank you. I've pushed a firmware fix to your unit, and I'll email you within 24 hours to make sure it's holding.",
    ]

    @Test func theSameSeedAndRepliesGiveByteIdenticalOutput() throws {
        let first = try play(Self.calm)
        let second = try play(Self.calm)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(!first.stdout.contains("\u{1B}"), "piped output has no escape codes")
        #expect(!first.stdout.isEmpty)
    }

    @Test func retaliatingLosesTheCustomer() throws {
        let output = try play([Self.retaliation])
        #expect(output.status == 0)
        #expect(output.stdout.contains("Outcome: lost"))
        #expect(output.stdout.contains("\u{201C}poor impulse control\u{201D} (insult)"))
        #expect(output.stdout.contains("(threat)"))
    }

    @Test func anEmpathicApologyThatMovesToEmailResolvesIt() throws {
        let output = try play(Self.calm)
        #expect(output.stdout.contains("Outcome: resolved"), "\(output.stdout)")
    }

    @Test func theSavedTranscriptGradesTheSame() throws {
        let output = try play(Self.calm)
        let saved =
            output.stderr.components(separatedBy: "Transcript saved to ").last?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        #expect(FileManager.default.fileExists(atPath: saved), "stderr: \(output.stderr)")
        let card = output.stdout.components(separatedBy: "Score:").last?.split(separator: "/").first
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let graded = try ComposureBinary.run(["grade", saved, "--format", "jsonl"])
        let object = try JSONSerialization.jsonObject(with: Data(graded.stdout.utf8)) as? [String: Any]
        let score = object?["score"] as? Int
        #expect(score != nil && card == score.map(String.init), "card score \(card ?? "?") vs grade \(graded.stdout)")
    }

    @Test func aScenarioWithItsOwnKnowledgeGradesTheSameFromItsTranscript() throws {
        // just-cancel makes a retention offer fatal: the card caps it, and so must `grade` on the saved file.
        let output = try ComposureBinary.run(
            ["play", "just-cancel", "--seed", "1", "--trainee", "piped"],
            stdin:
                "sure, but before i do that can i offer you half price for 3 months?\nok ive cancelled it now, you wont be charged again.\n/quit\n",
            environment: ["XDG_DATA_HOME": dataHome])
        #expect(output.stdout.contains("(capped: a fatal mistake"), "\(output.stdout)")
        let saved =
            output.stderr.components(separatedBy: "Transcript saved to ").last?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let card = output.stdout.components(separatedBy: "Score:").last?.split(separator: "/").first
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let graded = try ComposureBinary.run(["grade", saved, "--format", "jsonl"])
        let object = try JSONSerialization.jsonObject(with: Data(graded.stdout.utf8)) as? [String: Any]
        #expect(card == (object?["score"] as? Int).map(String.init), "card \(card ?? "?") vs grade \(graded.stdout)")
        #expect(object?["capped"] as? Bool == true)
    }

    @Test func coachModeNamesTheSignalsAndTheirWords() throws {
        let output = try play([Self.calm[0]], extra: ["--coach"])
        #expect(output.stdout.contains("coach: apology"))
        #expect(output.stdout.contains("coach: offline_move"))
    }

    @Test func examModeHidesTheMoodUntilTheEnd() throws {
        let output = try play([Self.calm[0]], extra: ["--exam"])
        #expect(!output.stdout.contains("anger "))
        #expect(output.stdout.contains("Report card"))
    }

    @Test func examModeAnswersFeedbackCommandsOnlyOnTheCard() throws {
        let output = try play(["/score", "/hint", Self.calm[0]], extra: ["--exam"])
        #expect(output.stdout.components(separatedBy: "available after the session").count == 3, "\(output.stdout)")
        #expect(!output.stdout.contains("Score so far"))
        #expect(output.stdout.contains("Report card"))
    }

    @Test func aReplyGoesOnOnTheNextLineAfterATrailingBackslash() throws {
        let output = try play(["Martin, I'm so sorry. \\", "Could you email me at help@example.com?", "/transcript"])
        #expect(output.stdout.contains("You: Martin, I'm so sorry. \n     Could you email me at help@example.com?"))
        #expect(output.stdout.components(separatedBy: "  You: ").count == 2, "one reply: \(output.stdout)")
    }

    @Test func whySaysWhenASignalCameTooLateToCount() throws {
        let output = try ComposureBinary.run(
            ["play", "late-refund", "--seed", "7", "--trainee", "piped"],
            stdin: "Let me check.\nOne moment.\nI am so sorry about all this.\n/why\n",
            environment: ["XDG_DATA_HOME": dataHome])
        #expect(
            output.stdout.contains(
                "Your apology here does not count for Apology: it asks for it within the first 2 replies."),
            "\(output.stdout)")
    }

    @Test func theEndOfInputInTheMiddleOfAReplyDoesNotSendIt() throws {
        let output = try play(["Martin, I'm so sorry. \\"])
        #expect(output.stdout.contains("The reply you were typing was not sent."), "\(output.stdout)")
        #expect(!output.stdout.contains("You: Martin"))
        #expect(output.stdout.contains("No replies, so no report card."))
    }

    @Test func aCappedCardNamesTheCriterionOfTheFatalMistake() throws {
        let output = try play([Self.retaliation])
        #expect(output.stdout.contains("(capped: a fatal mistake in Keep your cool)"), "\(output.stdout)")
        #expect(output.stdout.contains(" ✗!Keep your cool"), "\(output.stdout)")
    }

    @Test func slashCommandsWorkWhenPiped() throws {
        let output = try play(["/hint", "/mood", "/score", "/nope", "/quit"])
        #expect(output.stdout.contains("For example:"))
        #expect(output.stdout.contains("anger"))
        #expect(output.stdout.contains("Score so far"))
        #expect(output.stdout.contains("Unknown command /nope"))
        // Nothing was replied: no card of empty criteria, and no session left in the history.
        #expect(output.stdout.contains("No replies, so no report card."))
        #expect(!output.stdout.contains("Report card"))
        let history = try ComposureBinary.run(["history"], environment: ["XDG_DATA_HOME": dataHome])
        #expect(!history.stdout.contains("garadget-reviewer"), "\(history.stdout)")
    }

    @Test func anUnknownScenarioIsAUsageError() throws {
        let output = try ComposureBinary.run(["play", "garadget-reviwer"], stdin: "")
        #expect(output.status == 2)
        #expect(output.stderr.contains("did you mean 'garadget-reviewer'?"))
    }

    @Test func theMenuTakesANumberFromStandardInput() throws {
        let output = try ComposureBinary.run(
            ["play", "--seed", "3"], stdin: "1\nI'm sorry about that.\n/quit\n",
            environment: ["XDG_DATA_HOME": dataHome])
        #expect(output.status == 0)
        #expect(output.stdout.contains("Pick a scenario") == false, "no prompt noise when piped")
        #expect(output.stdout.contains("Report card"))
    }
}
