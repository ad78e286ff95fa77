import ComposureKit
import Foundation
import Testing

/// The hand-written JSON writer: commas, nesting and string escapes.
@Suite struct JSONWriterTests {
    @Test func writesNestedValuesWithCommasInTheRightPlaces() throws {
        var json = JSONWriter()
        json.beginObject()
        json.field("a", 1)
        json.beginArray("b")
        json.value(1)
        json.value("x")
        json.null()
        json.beginObject()
        json.endObject()
        json.value(2)
        json.beginArray()
        json.endArray()
        json.endArray()
        json.beginObject("c")
        json.field("d", true)
        json.field("e", nil as Int?)
        json.field("f", 7 as Int?)
        json.endObject()
        json.key("g")
        json.value(Double.infinity)
        json.key("h")
        json.value(0.5)
        json.key("i")
        json.beginArray()
        json.beginObject()
        json.endObject()
        json.value(3)
        json.endArray()
        json.endObject()
        let expected = #"{"a":1,"b":[1,"x",null,{},2,[]],"c":{"d":true,"e":null,"f":7},"g":null,"h":0.5,"i":[{},3]}"#
        #expect(json.text == expected)
        #expect(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) is [String: Any])
    }

    @Test func writesATopLevelArrayOfObjects() {
        var json = JSONWriter()
        json.beginArray()
        for index in 0..<3 {
            json.beginObject()
            json.field("i", index)
            json.endObject()
        }
        json.endArray()
        #expect(json.text == #"[{"i":0},{"i":1},{"i":2}]"#)
    }

    @Test func escapesQuotesBackslashesAndControls() throws {
        let original = "a\"b\\c/\n\r\t\u{0}\u{1F}\u{7F}\u{2028}\u{2029}\u{E9}\u{1F600}"
        var text = ""
        JSONWriter.appendQuoted(original, to: &text)
        #expect(text == #""a\"b\\c/\n\r\t\u0000\u001f\u007f\u2028\u2029"# + "\u{E9}\u{1F600}\"")
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(decoded as? String == original)
    }

    /// Every character that may need an escape, at every place in a run of eight-byte words, so each one is
    /// met by the word test in every lane and by the byte look-up after it.
    @Test func escapesTheSameWhereverInAWordTheCharacterFalls() {
        let escapes: [(Character, String)] = [
            ("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\r", #"\r"#), ("\t", #"\t"#), ("\u{0}", #"\u0000"#),
            ("\u{1F}", #"\u001f"#), ("\u{7F}", #"\u007f"#), ("\u{2028}", #"\u2028"#), ("\u{2029}", #"\u2029"#),
            ("\u{E9}", "\u{E9}"), ("\u{2019}", "\u{2019}"), ("\u{1F600}", "\u{1F600}"), (" ", " "), ("~", "~"),
        ]
        let filler = "abcdefghijklmnopqrstuvwxyz0123"
        for (character, escaped) in escapes {
            for place in 0...filler.count {
                let before = String(filler.prefix(place))
                let after = String(filler.dropFirst(place))
                var text = ""
                JSONWriter.appendQuoted(before + String(character) + after, to: &text)
                #expect(text == "\"" + before + escaped + after + "\"", "\(character.debugDescription) at \(place)")
            }
        }
    }

    @Test(arguments: [0, 7, 9, 10, 42, 99, 100, 4_096, -1, -9, -10, -123_456, Int.max, Int.min])
    func writesIntegersAsStringDoes(_ number: Int) {
        var json = JSONWriter()
        json.value(number)
        #expect(json.text == String(number))
    }
}
