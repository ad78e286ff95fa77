import Foundation
import Testing

/// The compiled-rubric cache seen from the command line: where it goes, that it is reused, rebuilt when
/// damaged, and turned off by `COMPOSURE_NO_CACHE`, with the output unchanged throughout.
@Suite struct RubricCacheCommandTests {
    /// The cache files in `folder`'s `composure/` (none when it does not exist).
    static func cacheFiles(in folder: TemporaryFolder) -> [String] {
        let directory = folder.path("composure")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("rubric-") && $0.hasSuffix(".bin") }.map { directory + "/" + $0 }
    }

    static func inode(_ path: String) throws -> UInt64? {
        try (FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value
    }

    @Test func explainWritesTheCacheOnceAndReusesIt() throws {
        let folder = try TemporaryFolder()
        let environment = ["XDG_CACHE_HOME": folder.path("")]
        let arguments = ["explain", "I'm so sorry about the outage, I'll refund the fee today."]
        let uncached = try ComposureBinary.run(arguments, environment: ["COMPOSURE_NO_CACHE": "1"])
        #expect(uncached.status == 0, "\(uncached.stderr)")

        let first = try ComposureBinary.run(arguments, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let files = Self.cacheFiles(in: folder)
        #expect(files.count == 1, "\(files)")
        let file = try #require(files.first)
        let written = try Self.inode(file)

        let second = try ComposureBinary.run(arguments, environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.inode(file) == written)  // read, not written again (a write renames a new file in)
        #expect(first.stdout == uncached.stdout && second.stdout == uncached.stdout)
        #expect(first.stderr.isEmpty && second.stderr.isEmpty)
    }

    @Test func gradeGivesTheSameOutputColdWarmAndFromADamagedCache() throws {
        let folder = try TemporaryFolder()
        let environment = ["XDG_CACHE_HOME": folder.path("")]
        let arguments = ["grade", ComposureBinary.fixture("helpdesk-dev.jsonl"), "--format", "jsonl"]
        let uncached = try ComposureBinary.run(arguments, environment: ["COMPOSURE_NO_CACHE": "1"])
        #expect(!uncached.stdout.isEmpty, "\(uncached.stderr)")
        let cold = try ComposureBinary.run(arguments, environment: environment)
        let warm = try ComposureBinary.run(arguments, environment: environment)
        #expect(cold.stdout == uncached.stdout && warm.stdout == uncached.stdout)
        #expect(cold.status == uncached.status && warm.status == uncached.status)

        let file = try #require(Self.cacheFiles(in: folder).first)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()
        let damaged = try ComposureBinary.run(arguments, environment: environment)
        #expect(damaged.stdout == uncached.stdout && damaged.status == uncached.status)
        #expect(damaged.stderr == uncached.stderr)
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int == size)  // rebuilt
    }

    @Test func noCacheLeavesNoFolderAndAnUnwritableFolderIsNoError() throws {
        let folder = try TemporaryFolder()
        let off = try ComposureBinary.run(
            ["explain", "sorry"], environment: ["XDG_CACHE_HOME": folder.path(""), "COMPOSURE_NO_CACHE": "1"])
        #expect(off.status == 0, "\(off.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("composure")))

        // XDG_CACHE_HOME names a file: the cache folder cannot be made, and the command works without it.
        let blocker = try folder.write("not a folder", to: "blocker")
        let blocked = try ComposureBinary.run(["explain", "sorry"], environment: ["XDG_CACHE_HOME": blocker])
        #expect(blocked.status == 0 && blocked.stderr.isEmpty, "\(blocked.stderr)")
        #expect(blocked.stdout == off.stdout)
    }

    @Test func playShowsTheSameFirstLineFromTheCache() throws {
        let folder = try TemporaryFolder()
        let environment = ["XDG_CACHE_HOME": folder.path("")]
        let arguments = ["play", "half-hour-restore", "--seed", "1", "--db", folder.path("sessions.sqlite")]
        let uncached = try ComposureBinary.run(
            arguments, stdin: "/quit\n", environment: environment.merging(["COMPOSURE_NO_CACHE": "1"]) { $1 })
        let cold = try ComposureBinary.run(arguments, stdin: "/quit\n", environment: environment)
        let warm = try ComposureBinary.run(arguments, stdin: "/quit\n", environment: environment)
        #expect(uncached.status == 0, "\(uncached.stderr)")
        #expect(cold.stdout == uncached.stdout && warm.stdout == uncached.stdout)
        #expect(Self.cacheFiles(in: folder).count == 1)
        // The scenario's own signals are kept too, in a file of their own.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path("composure"))
        #expect(names.filter { $0.hasPrefix("signals-") }.count == 1, "\(names)")
        #expect(cold.stdout.contains("Derek: "))
    }
}

/// `COMPOSURE_MATCHER=simulation` grades with the simulation of every pattern at once instead of the
/// backtracking machine (Docs/performance.md, "One automaton for the whole rubric"): the output must be the
/// same, byte for byte, so the two can be timed side by side on one binary.
@Suite struct MatcherSwitchTests {
    @Test func theSimulationGradesExactlyAsTheMachine() throws {
        let arguments = ["grade", ComposureBinary.fixture("helpdesk-dev.jsonl"), "--format", "jsonl"]
        let machine = try ComposureBinary.run(arguments)
        let simulation = try ComposureBinary.run(arguments, environment: ["COMPOSURE_MATCHER": "simulation"])
        #expect(machine.status == 0 && simulation.status == 0, "\(machine.stderr)\(simulation.stderr)")
        #expect(machine.stdout.split(separator: "\n").count == 600)
        #expect(simulation.stdout == machine.stdout)
    }
}
