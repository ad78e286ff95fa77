// Foundation's JSONDecoder/JSONEncoder (swift-foundation, Swift 6.3) against Composure's hand-written
// TranscriptLineScanner and JSONWriter, compiled from the package's own source files (see `run`).
//
// Usage: json-coders MODE CONVERSATIONS.jsonl GRADED.jsonl REPEAT
//   read     read and split the lines only (the baseline the others subtract)
//   scan     TranscriptLineScanner.scan each conversation line, and make a String of every turn's text
//   decode   JSONDecoder into Codable structs of the same fields
//   write    JSONWriter: write each graded line back from its decoded form
//   encode   JSONEncoder: the same objects, the same key order
//   prepare  decode the graded lines only (the baseline of write and encode)
// Prints the checksum of what it made, so no work is optimised away.
import Foundation

struct Turn: Codable {
    var role: String
    var text: String
}

struct Conversation: Codable {
    var id: String
    var channel: String?
    var meta: [String: String]?
    var turns: [Turn]
}

struct Evidence: Codable {
    var turn: Int
    var signal: String
    var start: Int
    var end: Int
    var text: String
    var supports: Bool
}

struct Criterion: Codable {
    var id: String
    var verdict: String
    var score: Int?
    var weight: Int
    var evidence: [Evidence]
    var feedback: String

    enum CodingKeys: String, CodingKey { case id, verdict, score, weight, evidence, feedback }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(score, forKey: .score)  // null when nil, as the contract has it
        try container.encode(weight, forKey: .weight)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(feedback, forKey: .feedback)
    }
}

struct HitEvidence: Codable {
    var start: Int
    var end: Int
    var text: String
}

struct Hit: Codable {
    var id: String
    var evidence: [HitEvidence]
}

struct TurnResult: Codable {
    var index: Int
    var role: String
    var signals: [Hit]
}

struct Graded: Codable {
    var id: String
    var score: Int
    var capped: Bool
    var criteria: [Criterion]
    var turns: [TurnResult]
}

func lines(_ path: String) -> [[UInt8]] {
    let data = FileManager.default.contents(atPath: path) ?? Data()
    return data.split(separator: 0x0A).map { [UInt8]($0) }
}

func write(_ graded: Graded) -> [UInt8] {
    var json = JSONWriter(capacity: 4096)
    json.beginObject()
    json.field("id", graded.id)
    json.field("score", graded.score)
    json.field("capped", graded.capped)
    json.beginArray("criteria")
    for criterion in graded.criteria {
        json.beginObject()
        json.field("id", criterion.id)
        json.field("verdict", criterion.verdict)
        json.field("score", criterion.score)
        json.field("weight", criterion.weight)
        json.beginArray("evidence")
        for item in criterion.evidence {
            json.beginObject()
            json.field("turn", item.turn)
            json.field("signal", item.signal)
            json.field("start", item.start)
            json.field("end", item.end)
            json.field("text", item.text)
            json.field("supports", item.supports)
            json.endObject()
        }
        json.endArray()
        json.field("feedback", criterion.feedback)
        json.endObject()
    }
    json.endArray()
    json.beginArray("turns")
    for turn in graded.turns {
        json.beginObject()
        json.field("index", turn.index)
        json.field("role", turn.role)
        json.beginArray("signals")
        for hit in turn.signals {
            json.beginObject()
            json.field("id", hit.id)
            json.beginArray("evidence")
            for item in hit.evidence {
                json.beginObject()
                json.field("start", item.start)
                json.field("end", item.end)
                json.field("text", item.text)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
    json.endArray()
    json.endObject()
    return json.bytes
}

@main struct JSONCoders {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 5, let repeats = Int(arguments[4]) else {
            print("usage: json-coders read|scan|decode|write|encode CONVERSATIONS GRADED REPEAT")
            exit(2)
        }
        let mode = arguments[1]
        var checksum = 0
        if mode == "write" || mode == "encode" || mode == "prepare" {
            let decoder = JSONDecoder()
            let graded = try lines(arguments[3]).map { try decoder.decode(Graded.self, from: Data($0)) }
            if mode == "prepare" { return }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let start = clock()
            for _ in 0..<repeats {
                for item in graded {
                    checksum &+= mode == "write" ? write(item).count : try encoder.encode(item).count
                }
            }
            let seconds = Double(clock() - start) / Double(CLOCKS_PER_SEC)
            print("\(mode) \(graded.count * repeats) objects \(seconds) s CPU checksum \(checksum)")
            return
        }
        let input = lines(arguments[2])
        let decoder = JSONDecoder()
        let start = clock()
        for _ in 0..<repeats {
            for line in input {
                switch mode {
                case "read": checksum &+= line.count
                case "scan":
                    let fields = try line.withUnsafeBufferPointer { try TranscriptLineScanner.scan($0) }
                    for case .object(_, .string(let text)?) in fields?.turnItems ?? [] { checksum &+= text.utf8.count }
                    if case .string(let id)? = fields?.id { checksum &+= id.utf8.count }
                case "decode":
                    let conversation = try decoder.decode(Conversation.self, from: Data(line))
                    for turn in conversation.turns { checksum &+= turn.text.utf8.count }
                    checksum &+= conversation.id.utf8.count
                default:
                    print("unknown mode \(mode)")
                    exit(2)
                }
            }
        }
        let seconds = Double(clock() - start) / Double(CLOCKS_PER_SEC)
        print("\(mode) \(input.count * repeats) lines \(seconds) s CPU checksum \(checksum)")
    }
}
