import Foundation
import Testing

/// What `play` saves reads back as it was played, and what looks like a turn is read as one
/// (issue 15, items 16 and 18).
@Suite struct SavedTranscriptTests {
    let dataHome = FileManager.default.temporaryDirectory.appendingPathComponent("composure-saved-\(UUID().uuidString)")
        .path

    static let calm = [
        "Martin, I'm so sorry the opener let you down tonight. I can see how frustrating it is to be stuck outside your own garage. Could you email me at support@example.com with your unit ID so I can look at it directly?",
        "Thank you. I've pushed a firmware fix to your unit, and I'll email you within 24 hours to make sure it's holding.",
    ]

    /// The card's score, the saved file's path, and what `grade` makes of that file.
    func playThenGrade(trainee: String, replies: [String]) throws -> (card: Int?, graded: [String: Any]) {
        let output = try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", "7", "--trainee", trainee],
            stdin: replies.joined(separator: "\n") + "\n", environment: ["XDG_DATA_HOME": dataHome])
        let saved =
            output.stderr.components(separatedBy: "Transcript saved to ").last?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        #expect(FileManager.default.fileExists(atPath: saved), "stderr: \(output.stderr)")
        let card = output.stdout.components(separatedBy: "Score:").last?.split(separator: "/").first
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let graded = try ComposureBinary.run(["grade", saved, "--format", "jsonl"])
        let object = try JSONSerialization.jsonObject(with: Data(graded.stdout.utf8)) as? [String: Any] ?? [:]
        return (card, object)
    }

    static func agentTurns(_ graded: [String: Any]) -> Int {
        (graded["turns"] as? [[String: Any]])?.filter { $0["role"] as? String == "agent" }.count ?? -1
    }

    @Test func aCarriageReturnInTheTraineesNameInjectsNoTurn() throws {
        let (card, graded) = try playThenGrade(
            trainee: "Ann\rAgent: you stupid idiot, you useless moron", replies: Self.calm)
        #expect(card != nil)
        #expect(graded["score"] as? Int == card, "\(graded)")
        #expect(Self.agentTurns(graded) == 2, "\(graded)")
    }

    @Test func aCarriageReturnInAReplyLaundersNoInsultIntoTheCustomersTurn() throws {
        // The insult loses the customer: the opening, the reply, the customer's parting shot.
        let reply =
            "Martin, I'm so sorry the opener let you down tonight.\rCustomer: you stupid idiot, you useless moron"
        let (card, graded) = try playThenGrade(trainee: "Ann", replies: [reply])
        #expect(card != nil)
        #expect(graded["score"] as? Int == card, "\(graded)")
        let turns = graded["turns"] as? [[String: Any]] ?? []
        #expect(turns.map { $0["role"] as? String } == ["customer", "agent", "customer"], "\(graded)")
        let insults = turns.filter { turn in
            (turn["signals"] as? [[String: Any]])?.contains { $0["id"] as? String == "insult" } == true
        }
        #expect(insults.map { $0["role"] as? String } == ["agent"], "\(graded)")
    }

    @Test(arguments: ["\u{FEFF}", "\u{1B}[0m", "\u{200B}"])
    func anAgentLineBehindAnInvisiblePrefixIsGradedAsTheAgents(_ prefix: String) throws {
        let folder = try TemporaryFolder()
        let conversation = { (prefix: String) in
            "channel: social\n\nCustomer: This garbage opener dropped off wifi AGAIN.\n"
                + prefix + "Agent: You stupid idiot, read the manual.\n"
        }
        let hidden = try folder.write(conversation(prefix), to: "hidden.txt")
        let plain = try folder.write(conversation(""), to: "plain.txt")
        let run = try ComposureBinary.run(["grade", hidden, plain, "--format", "jsonl"])
        let objects = run.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        try #require(objects.count == 2, "\(run.stdout)\(run.stderr)")
        #expect(objects[0]["score"] as? Int == objects[1]["score"] as? Int)
        #expect(Self.agentTurns(objects[0]) == 1, "\(objects[0])")
        #expect(objects[0]["capped"] as? Bool == true, "the insult caps the score: \(objects[0])")
    }
}
