import Foundation

/// One JSON object from an export, as `JSONSerialization` read it, with the accessors a reader needs: ids
/// that may be numbers or strings, booleans, nested objects.
struct JSONRecord {
    /// The object's members.
    let members: [String: Any]

    init(_ members: [String: Any]) {
        self.members = members
    }

    /// The object `value` is, or nil.
    init?(_ value: Any?) {
        guard let members = value as? [String: Any] else { return nil }
        self.members = members
    }

    /// A string member, or a number as its digits (ids are numbers in Zendesk and Freshdesk, strings in
    /// Intercom); nil for `null`, booleans, arrays, objects or an absent key.
    func string(_ key: String) -> String? {
        switch members[key] {
        case let text as String: return text
        case let number as NSNumber where !Self.isBoolean(number): return number.stringValue
        default: return nil
        }
    }

    /// A boolean member (`true`, `false`), or nil.
    func bool(_ key: String) -> Bool? {
        guard let number = members[key] as? NSNumber, Self.isBoolean(number) else { return nil }
        return number.boolValue
    }

    /// A number member, or nil.
    func number(_ key: String) -> Double? {
        guard let number = members[key] as? NSNumber, !Self.isBoolean(number) else { return nil }
        return number.doubleValue
    }

    /// An object member, or nil.
    func object(_ key: String) -> JSONRecord? { JSONRecord(members[key]) }

    /// An array member, or nil.
    func array(_ key: String) -> [Any]? { members[key] as? [Any] }

    /// Whether `key` is present and not `null`.
    func has(_ key: String) -> Bool {
        guard let value = members[key] else { return false }
        return !(value is NSNull)
    }

    /// On Linux JSON numbers 0 and 1 also cast to Bool; only true booleans have type code "c".
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}

/// What is wrong with one record (a ticket, a conversation), for the reader to place at its line.
struct RecordError: Error {
    /// What is wrong.
    var message: String
    /// The record's id, when it could be read.
    var id: String?
}

/// Turns one helpdesk record (a ticket or a conversation, read from JSON) into a transcript.
protocol HelpdeskMapping {
    /// Keys of a top-level object whose array holds the records (`tickets`, `conversations`).
    static var listKeys: [String] { get }
    /// What a record is called in messages.
    static var recordName: String { get }
    /// The transcript `record` holds; `line` is where it starts.
    func transcript(from record: JSONRecord, line: Int) throws(RecordError) -> Transcript
}

extension HelpdeskMapping {
    /// The record's id, or an error naming the record.
    func id(of record: JSONRecord) throws(RecordError) -> String {
        guard let id = record.string("id"), !id.isEmpty else {
            throw RecordError(message: "the \(Self.recordName) has no \"id\" (a string or a number)")
        }
        return id
    }
}

/// The channel a helpdesk names, in the words rubrics use (`email`, `chat`, `phone`, `social`).
enum ChannelName {
    /// Zendesk `via.channel`, Intercom `source.type`: the documented values mapped; others kept in lower case.
    static func from(_ vendor: String?) -> String? {
        guard let vendor = vendor?.lowercased(), !vendor.isEmpty else { return nil }
        switch vendor {
        case "email", "web", "web_form", "api", "mail": return "email"
        case "chat", "native_messaging", "messaging", "conversation", "sms", "push", "mobile_sdk", "sdk":
            return "chat"
        case "voice", "phone", "phone_call", "phone_switch": return "phone"
        case "twitter", "facebook", "instagram", "whatsapp", "instagram_dm", "facebook_messenger": return "social"
        default: return vendor
        }
    }
}

extension Transcript {
    /// Adds `value` to ``personalData`` when it is not empty and not there yet.
    mutating func notePersonal(_ value: String?) {
        guard let value, !value.isEmpty, !personalData.contains(value) else { return }
        personalData.append(value)
    }
}
