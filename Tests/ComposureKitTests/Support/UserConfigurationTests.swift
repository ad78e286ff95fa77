import Foundation
import Testing

@testable import ComposureKit

/// `UserConfiguration`: the file's keys, where it is looked for, and its mistakes at file:line:column.
@Suite struct UserConfigurationTests {
    @Test func readsEveryKey() throws {
        let configuration = try UserConfiguration.parse(
            "# defaults\ntrainee: Sam\nrubric: Rubrics/mine.yaml\ndatabase: ~/c.sqlite\n", file: "config.yaml")
        #expect(configuration.trainee == "Sam")
        #expect(configuration.rubric == "Rubrics/mine.yaml")
        #expect(configuration.database == ("~/c.sqlite" as NSString).expandingTildeInPath)
    }

    @Test func anEmptyOrCommentOnlyFileIsTheDefaults() throws {
        #expect(try UserConfiguration.parse("", file: "c.yaml") == UserConfiguration())
        #expect(try UserConfiguration.parse("# nothing yet\n\n", file: "c.yaml") == UserConfiguration())
    }

    @Test(arguments: [
        ("rubric: 3\ntrainee: [x]\n", "c.yaml:2:10: error: 'trainee' must be text"),
        ("pass_mark: 70\n", "c.yaml:1:1: error: unknown key 'pass_mark' in the configuration"),
        ("trainee: a\n\ttrainee: b\n", "c.yaml:2:1: error:"),
    ])
    func mistakesAreReportedAtTheirPlace(text: String, message: String) {
        let error = #expect(throws: DiagnosticError.self) { try UserConfiguration.parse(text, file: "c.yaml") }
        #expect(error?.report.hasPrefix(message) == true, "\(error?.report ?? "")")
    }

    @Test func theFileIsFoundThroughTheEnvironment() {
        #expect(UserConfiguration.path(environment: ["COMPOSURE_CONFIG": "/x/c.yaml"]) == "/x/c.yaml")
        #expect(UserConfiguration.path(environment: ["XDG_CONFIG_HOME": "/cfg"]) == "/cfg/composure/config.yaml")
        // A relative XDG_CONFIG_HOME is ignored, as the XDG specification asks.
        #expect(
            UserConfiguration.path(environment: ["XDG_CONFIG_HOME": "cfg", "HOME": "/home/sam"])
                == "/home/sam/.config/composure/config.yaml")
    }
}
