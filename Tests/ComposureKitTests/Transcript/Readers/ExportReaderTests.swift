import Foundation
import Testing

@testable import ComposureKit

/// The helpdesk readers: roles, origins, meta and personal data from each export, and where broken input is.
@Suite struct ExportReaderTests {
    typealias Folder = TranscriptSourceTests.Folder

    /// Every item of `path` read as `format` (nil: detected).
    static func read(_ path: String, _ format: InputFormat?, columns: CSVColumns? = nil, window: Int = 100_000)
        -> [TranscriptSource.Item]
    {
        let source = TranscriptSource(inputs: [path])
        source.inputFormat = format
        source.csvColumns = columns
        source.threadWindow = window
        var items: [TranscriptSource.Item] = []
        while let item = source.next() { items.append(item) }
        return items
    }

    static func transcripts(_ items: [TranscriptSource.Item]) -> [Transcript] {
        items.compactMap { try? $0.get() }
    }

    static func errors(_ items: [TranscriptSource.Item]) -> [String] {
        items.compactMap {
            if case .failure(let error) = $0 { return error.description }
            return nil
        }
    }

    /// `role/origin: text` for each turn.
    static func shape(_ transcript: Transcript) -> [String] {
        transcript.turns.map { "\($0.role.rawValue)/\($0.origin.rawValue): \($0.text)" }
    }

    static let zendeskTicket = #"""
        {"id": 7, "requester_id": 11, "assignee_id": 22, "group_id": 33, "created_at": "2026-03-02T11:15:00+01:00", "via": {"channel": "email", "source": {"from": {"address": "kim@example.net", "name": "Kim Bo"}}}, "comments": [{"author_id": 11, "public": true, "html_body": "<p>It broke &amp; I&#39;m angry</p>"}, {"author_id": 22, "public": false, "plain_body": "internal: refund?"}, {"author_id": 99, "public": true, "via": {"channel": "answer_bot"}, "plain_body": "Try these articles"}, {"author_id": 22, "public": true, "plain_body": "Sorry Kim, refunded.\n\nOn Mon, Kim wrote:\n> It broke"}]}
        """#

    @Test func zendeskTicketsGiveRolesOriginsAndAttribution() throws {
        let folder = try Folder(["z.jsonl": Self.zendeskTicket + "\n"])
        let items = Self.read(folder.file("z.jsonl"), nil)
        let transcript = try #require(Self.transcripts(items).first)
        #expect(
            Self.shape(transcript) == [
                "customer/person: It broke & I'm angry", "agent/internal_note: internal: refund?",
                "agent/bot: Try these articles", "agent/person: Sorry Kim, refunded.",
            ])
        #expect(transcript.id == "7")
        #expect(transcript.channel == "email")
        #expect(transcript.meta["agent"] == "22")
        #expect(transcript.meta["team"] == "33")
        #expect(transcript.meta["time"] == "2026-03-02T10:15:00Z")
        #expect(transcript.personalData == ["11", "Kim Bo", "kim@example.net"])
        #expect(transcript.source == SourceLocation(file: folder.file("z.jsonl"), line: 1, column: 1))
    }

    @Test func zendeskDocumentIsReadRecordByRecordWithLines() throws {
        let ticket = Self.zendeskTicket
        let document =
            "{\n  \"tickets\": [\n    \(ticket),\n    \(ticket.replacingOccurrences(of: "\"id\": 7", with: "\"id\": 8"))\n  ],\n  \"next_page\": null\n}\n"
        let folder = try Folder(["z.json": document])
        let items = Self.read(folder.file("z.json"), .zendesk)
        #expect(Self.transcripts(items).map(\.id) == ["7", "8"])
        #expect(Self.transcripts(items).map { $0.source?.line } == [3, 4])
        #expect(Self.transcripts(items).map { $0.source?.column } == [5, 5])
    }

    @Test func zendeskMistakesNameTheirLineAndColumn() throws {
        let broken = #"{"id": 9, "requester_id": 1, "comments": [{"author_id": 1, "plain_body": "x"} oops]}"#
        let noRequester = #"{"id": 10, "comments": [{"author_id": 1, "plain_body": "x"}]}"#
        let folder = try Folder(["z.jsonl": Self.zendeskTicket + "\n" + broken + "\n\n" + noRequester + "\n"])
        let path = folder.file("z.jsonl")
        let errors = Self.errors(Self.read(path, .zendesk))
        #expect(errors.count == 2)
        #expect(errors.first?.hasPrefix("\(path):2:") == true)
        #expect(errors.first?.contains("not valid JSON") == true)
        #expect(
            errors.last
                == "\(path):4:1: error: ticket 10: no \"requester_id\", so the customer's comments cannot be told from the agents'"
        )
    }

    @Test func brokenDocumentStructureStopsAtItsLineAndColumn() throws {
        let document =
            "[\n  {\"id\": \"c1\", \"source\": {\"body\": \"hi\", \"author\": {\"type\": \"user\"}}},\n  ]x\n"
        let folder = try Folder(["i.json": document])
        let path = folder.file("i.json")
        let items = Self.read(path, .intercom)
        #expect(Self.transcripts(items).map(\.id) == ["c1"])
        #expect(Self.errors(items) == ["\(path):3:3: error: not valid JSON: expected a value"])
    }

    @Test func intercomPartsByAuthorTypeAndPartType() throws {
        let conversation = #"""
            {"conversations": [{"id": "c9", "created_at": 1772445600, "admin_assignee_id": 5, "team_assignee_id": "t1", "source": {"type": "email", "body": "<p>Help!</p>", "author": {"type": "lead", "id": "u1", "name": "Ann", "email": "ann@example.org"}}, "conversation_parts": {"conversation_parts": [{"part_type": "comment", "body": "<p>Bot here</p>", "author": {"type": "bot", "id": "b"}}, {"part_type": "assignment", "body": null, "author": {"type": "admin", "id": "5"}}, {"part_type": "note", "body": "<p>note</p>", "author": {"type": "admin", "id": "5", "name": "Priya"}}, {"part_type": "comment", "body": "<p>Hi Ann</p>", "author": {"type": "admin", "id": "5", "name": "Priya"}}, {"part_type": "comment", "body": "AI", "author": {"type": "admin", "id": "5", "from_ai_agent": true}}]}}]}
            """#
        let folder = try Folder(["i.json": conversation])
        let transcript = try #require(Self.transcripts(Self.read(folder.file("i.json"), nil)).first)
        #expect(
            Self.shape(transcript) == [
                "customer/person: Help!", "agent/bot: Bot here", "agent/internal_note: note", "agent/person: Hi Ann",
                "agent/bot: AI",
            ])
        #expect(transcript.channel == "email")
        #expect(transcript.meta == ["agent": "Priya", "team": "t1", "time": "2026-03-02T10:00:00Z"])
        #expect(transcript.personalData == ["u1", "Ann", "ann@example.org"])
    }

    @Test func freshdeskDescriptionThenConversations() throws {
        let ticket = #"""
            [{"id": 20, "requester_id": 1, "responder_id": 2, "group_id": 3, "source": 7, "created_at": "2026-03-04T14:20:00Z", "description_text": "Jug cracked", "requester": {"name": "Rosa", "email": "rosa@example.com"}, "conversations": [{"body_text": "note", "incoming": false, "private": true, "user_id": 2}, {"body_text": "Sorry Rosa", "incoming": false, "private": false, "user_id": 2}, {"body_text": "Thanks\n\nOn Wed, Support wrote:\n> Sorry", "incoming": true, "private": false, "user_id": 1, "from_email": "rosa@example.com"}]}]
            """#
        let folder = try Folder(["f.json": ticket])
        let transcript = try #require(Self.transcripts(Self.read(folder.file("f.json"), nil)).first)
        #expect(
            Self.shape(transcript) == [
                "customer/person: Jug cracked", "agent/internal_note: note", "agent/person: Sorry Rosa",
                "customer/person: Thanks",
            ])
        #expect(transcript.channel == "chat")
        #expect(transcript.meta == ["agent": "2", "team": "3", "time": "2026-03-04T14:20:00Z"])
        #expect(transcript.personalData == ["1", "Rosa", "rosa@example.com"])
    }

    static let twitterHeader = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"

    @Test func twitterThreadsAreRebuiltFromReplyLinksInTimeOrder() throws {
        let csv =
            Self.twitterHeader
            + "1,sprintcare,False,Tue Oct 31 22:10:47 +0000 2017,@115712 Sorry,2,3\n"
            + "2,115712,True,Tue Oct 31 22:11:45 +0000 2017,@sprintcare how,,1\n"
            + "9,115799,True,Tue Oct 31 22:00:00 +0000 2017,other thread,,\n"
            + "3,115712,True,Tue Oct 31 22:08:27 +0000 2017,\"@sprintcare calls, dropped\",1,\n"
        let folder = try Folder(["t.csv": csv])
        let transcripts = Self.transcripts(Self.read(folder.file("t.csv"), nil))
        #expect(transcripts.map(\.id) == ["3", "9"])
        #expect(
            transcripts.first.map(Self.shape) == [
                "customer/person: @sprintcare calls, dropped", "agent/person: @115712 Sorry",
                "customer/person: @sprintcare how",
            ])
        #expect(transcripts.first?.meta == ["agent": "sprintcare", "time": "2017-10-31T22:08:27Z"])
        #expect(transcripts.first?.channel == "social")
        #expect(transcripts.first?.personalData == ["115712"])
    }

    @Test func twitterMistakesNameTheField() throws {
        let csv = Self.twitterHeader + "1,a,True,x,hi,,\n2,b,maybe,x,hi,,\n"
        let folder = try Folder(["t.csv": csv])
        let path = folder.file("t.csv")
        #expect(
            Self.errors(Self.read(path, .twitter)) == [
                "\(path):3:5: error: \"inbound\" is \"maybe\"; expected True or False"
            ])
        let wrongHeader = try Folder(["t.csv": "tweet_id,author_id\n1,a\n"])
        #expect(
            Self.errors(Self.read(wrongHeader.file("t.csv"), .twitter)).first?.contains(
                ":1:1: error: no column \"inbound\"") == true)
    }

    static let columns = CSVColumns(
        conversation: "conversation_id", role: "sender_type", text: "message", time: "sent_at", agent: "agent_name",
        team: "team", channel: "channel")

    @Test func messagesCSVGroupsConsecutiveRows() throws {
        let csv = """
            conversation_id,sender_type,sent_at,agent_name,team,channel,message
            a,customer,2026-03-05T09:00:00Z,,,chat,Hi
            a,bot,2026-03-05T09:00:01Z,,,chat,Bot reply
            a,Agent,2026-03-05T09:01:00Z,Sam,Hardware,chat,"Hello, Sam here"
            a,note,2026-03-05T09:02:00Z,Sam,Hardware,chat,psst
            b,customer,2026-03-06T09:00:00Z,,,email,Refund?

            """
        let folder = try Folder(["m.csv": csv])
        let transcripts = Self.transcripts(Self.read(folder.file("m.csv"), nil, columns: Self.columns))
        #expect(transcripts.map(\.id) == ["a", "b"])
        #expect(
            transcripts.first.map(Self.shape) == [
                "customer/person: Hi", "agent/bot: Bot reply", "agent/person: Hello, Sam here",
                "agent/internal_note: psst",
            ])
        #expect(transcripts.first?.meta == ["agent": "Sam", "team": "Hardware", "time": "2026-03-05T09:00:00Z"])
        #expect(transcripts.first?.channel == "chat")
    }

    @Test func messagesCSVMistakes() throws {
        let csv = """
            conversation_id,sender_type,sent_at,agent_name,team,channel,message
            a,customer,t,,,chat,Hi
            a,manager,t,,,chat,Hmm
            b,customer,t,,,chat,Hi
            b,agent,t,,,chat,Hello
            a,customer,t,,,chat,Back
            c,customer,t,,,chat,"never closed

            """
        let folder = try Folder(["m.csv": csv])
        let path = folder.file("m.csv")
        let items = Self.read(path, .csv, columns: Self.columns)
        #expect(Self.transcripts(items).map(\.id) == ["b"])
        let errors = Self.errors(items)
        #expect(errors.count == 3)
        #expect(errors[0].hasPrefix("\(path):3:3: error: role \"manager\" is none of customer,"))
        #expect(errors[1].hasPrefix("\(path):6:1: error: conversation \"a\" comes back after other conversations"))
        #expect(errors[2] == "\(path):7:21: error: this quoted field never closes")
        #expect(Self.errors(Self.read(path, .csv)).first?.contains("needs --csv-conversation") == true)
    }

    @Test func detectsFormatsFromExtensionAndFirstBytes() throws {
        let folder = try Folder([
            "z.jsonl": Self.zendeskTicket, "i.json": #"{"conversation_parts": []}"#,
            "f.json": #"[{"body_text": "x"}]"#, "t.csv": Self.twitterHeader, "m.csv": "a,b\n",
            "j.jsonl": TranscriptSourceTests.line("x"), "n.txt": "Customer: hi",
        ])
        let detected = ["z.jsonl", "i.json", "f.json", "t.csv", "m.csv", "j.jsonl", "n.txt"].map {
            InputFormat.detect(path: folder.file($0))
        }
        #expect(detected == [.zendesk, .intercom, .freshdesk, .twitter, .csv, .jsonl, .text])
    }

    @Test func standardInputIsDetectedFromItsFirstLine() throws {
        let source = TranscriptSource(
            inputs: ["-"], standardInput: try TranscriptSourceTests.standardInput(Self.zendeskTicket + "\n"))
        let transcript = try #require(try source.next()?.get())
        #expect(transcript.turns.map(\.origin) == [.person, .internalNote, .bot, .person])
        let given = TranscriptSource(
            inputs: ["-"],
            standardInput: try TranscriptSourceTests.standardInput("{\"tickets\": [\n" + Self.zendeskTicket + "\n]}"))
        given.inputFormat = .zendesk
        #expect(try given.next()?.get().turns.count == 4)
    }
}
