import Foundation
import Testing

/// `Tests/.swift-format` exists only to let tests force unwrap; everything else must match the root file.
@Suite struct SwiftFormatConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func configuration(_ path: String) throws -> NSDictionary {
        let data = try Data(contentsOf: root.appendingPathComponent(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test func testsDifferOnlyInAllowingForceUnwraps() throws {
        let sources = try Self.configuration(".swift-format")
        let tests = try Self.configuration("Tests/.swift-format")
        let sourceRules = try #require(sources["rules"] as? NSDictionary)
        let testRules = try #require(tests["rules"] as? NSDictionary)
        #expect(sourceRules["NeverForceUnwrap"] as? Bool == true)
        #expect(testRules["NeverForceUnwrap"] as? Bool == false)
        let otherSourceRules = sourceRules.mutableCopy() as? NSMutableDictionary
        let otherTestRules = testRules.mutableCopy() as? NSMutableDictionary
        otherSourceRules?.removeObject(forKey: "NeverForceUnwrap")
        otherTestRules?.removeObject(forKey: "NeverForceUnwrap")
        #expect(otherSourceRules == otherTestRules)
        let settings = sources.mutableCopy() as? NSMutableDictionary
        let testSettings = tests.mutableCopy() as? NSMutableDictionary
        settings?.removeObject(forKey: "rules")
        testSettings?.removeObject(forKey: "rules")
        #expect(settings == testSettings)
    }
}
