import Foundation
import Testing

@testable import ComposureKit

/// The compiled-rubric cache gives what a fresh compile gives, and never serves a file it cannot trust.
@Suite struct CompiledRubricCacheTests {
    static let root = PackageRoot.url
    static let corePath = root.appendingPathComponent("Rubrics/core.yaml").path

    /// A cache in a new temporary folder of its own.
    static func temporaryCache(version: String = "test 1") throws -> CompiledRubricCache {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("composure-cache-test-\(UUID().uuidString)").path
        return CompiledRubricCache(folder: folder, toolVersion: version)
    }

    static func key(_ path: String = corePath) -> CompiledRubricCache.Key {
        CompiledRubricCache.Key(path: path, displayName: path, withModel: true)
    }

    /// Loads through `cache` and says whether the load was served from it (the file was there and trusted).
    static func load(
        _ path: String = corePath, cache: CompiledRubricCache
    ) throws -> (rubric: Rubric, fromCache: Bool) {
        let fromCache = cache.rubric(for: key(path)) != nil
        let rubric = try RubricLoader.load(path: path, displayName: nil, withModel: true, cache: cache)
        return (rubric, fromCache)
    }

    /// Every committed labelled reply, with the customer line it answers.
    static func labelledReplies() throws -> [(customer: String, reply: String)] {
        let folder = root.appendingPathComponent("Tests/EndToEndTests/Fixtures")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("replies-") && $0.hasSuffix(".jsonl") }.sorted()
        var replies: [(String, String)] = []
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                replies.append((object["customer"] as? String ?? "", try #require(object["reply"] as? String)))
            }
        }
        return replies
    }

    @Test func aCachedRubricDetectsAndGradesEveryLabelledReplyAsAFreshCompile() throws {
        let cache = try Self.temporaryCache()
        defer { try? FileManager.default.removeItem(atPath: cache.folder) }
        let fresh = try RubricLoader.load(path: Self.corePath, displayName: nil, withModel: true, cache: nil)
        let (written, firstFromCache) = try Self.load(cache: cache)
        let (cached, secondFromCache) = try Self.load(cache: cache)
        #expect(!firstFromCache && secondFromCache)
        #expect(cached.contentHash == fresh.contentHash && written.contentHash == fresh.contentHash)
        #expect(cached.signals.map(\.id) == fresh.signals.map(\.id))
        #expect(cached.criteria.map(\.id) == fresh.criteria.map(\.id))
        #expect(cached.criteria.map(\.when) == fresh.criteria.map(\.when))
        #expect(cached.model?.heads == fresh.model?.heads)
        #expect(cached.detector.matcher.patternCount == fresh.detector.matcher.patternCount)

        let replies = try Self.labelledReplies()
        #expect(replies.count > 4_000)
        let freshGrader = Grader(rubric: fresh)
        let cachedGrader = Grader(rubric: cached)
        var differences: [String] = []
        var fired = 0
        for (index, pair) in replies.enumerated() {
            let customer = Tokenizer.tokenize(pair.customer)
            let reply = Tokenizer.tokenize(pair.reply)
            let expected = fresh.detector.detect(in: reply, role: .agent, customerLine: customer)
            let found = cached.detector.detect(in: reply, role: .agent, customerLine: customer)
            if expected != found { differences.append(pair.reply) }
            fired += expected.hits.count
            let transcript = Transcript(
                id: "r\(index)", channel: "chat",
                turns: [Turn(role: .customer, text: pair.customer), Turn(role: .agent, text: pair.reply)])
            if freshGrader.grade(transcript) != cachedGrader.grade(transcript) { differences.append(pair.reply) }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        #expect(fired > 1_000)  // the comparison saw real detections, not only empty ones
    }

    @Test(arguments: [
        "truncated", "flipped", "one byte", "checksum byte", "version", "format", "empty", "garbage", "short",
        "checksum only", "folder",
    ])
    func aDamagedOrForeignCacheFileIsCompiledAgainAndRewritten(damage: String) throws {
        let cache = try Self.temporaryCache()
        defer { try? FileManager.default.removeItem(atPath: cache.folder) }
        let (fresh, _) = try Self.load(cache: cache)
        let file = cache.file(for: Self.key())
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        var reader = cache
        switch damage {
        case "truncated": bytes.removeLast(bytes.count / 3)
        case "flipped":
            for offset in stride(from: 40, to: bytes.count, by: bytes.count / 7) { bytes[offset] ^= 0x5A }
        case "one byte": bytes[bytes.count / 2] ^= 0x01
        case "checksum byte": bytes[bytes.count - 1] ^= 0x80
        case "version": reader.toolVersion = "test 2"
        case "format":
            // The format version, just after the magic: a well-formed file of another layout, checksum and all.
            bytes[8 + 17] &+= 1
            bytes.removeLast(CompiledRubricCache.checksumSize)
            bytes += CompiledRubricCache.checksum(of: bytes)
        case "empty": bytes = []
        case "short": bytes = Array(bytes.prefix(20))
        case "checksum only": bytes = CompiledRubricCache.checksum(of: [])
        case "folder": break
        default: bytes = Array(repeating: 0xFF, count: 4_096)
        }
        if damage == "folder" {
            // Something that cannot be mapped where the file was.
            try FileManager.default.removeItem(atPath: file)
            try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
            #expect(reader.rubric(for: Self.key()) == nil)
            try FileManager.default.removeItem(atPath: file)
        } else {
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        }
        #expect(reader.rubric(for: Self.key()) == nil)
        let (again, fromCache) = try Self.load(cache: reader)
        #expect(!fromCache)
        #expect(again.contentHash == fresh.contentHash)
        #expect(reader.rubric(for: Self.key()) != nil)  // written again, and trusted
        let reply = Tokenizer.tokenize("I'm so sorry, I'll refund the order today and email you by 5pm.")
        #expect(
            again.detector.detect(in: reply, role: .agent) == fresh.detector.detect(in: reply, role: .agent))
    }

    /// A copy of the core rubric and its model in a folder of their own beside `cache`'s, to be edited; the
    /// caller removes both folders.
    static func copiedCore(beside cache: CompiledRubricCache) throws -> (folder: String, path: String) {
        let folder = cache.folder + "-rubric"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/core.yaml"
        try FileManager.default.copyItem(atPath: corePath, toPath: path)
        try FileManager.default.copyItem(
            atPath: root.appendingPathComponent("Rubrics/core.model").path, toPath: folder + "/core.model")
        return (folder, path)
    }

    @Test func aChangedRubricFileIsNotServedFromTheCache() throws {
        let cache = try Self.temporaryCache()
        let (folder, path) = try Self.copiedCore(beside: cache)
        defer {
            try? FileManager.default.removeItem(atPath: cache.folder)
            try? FileManager.default.removeItem(atPath: folder)
        }
        let (before, _) = try Self.load(path, cache: cache)
        #expect(try Self.load(path, cache: cache).fromCache)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Changed ")
        #expect(changed != text)
        try changed.write(toFile: path, atomically: false, encoding: .utf8)
        let (after, fromCache) = try Self.load(path, cache: cache)
        #expect(!fromCache)
        #expect(after.title == "Changed " + before.title)
        #expect(after.contentHash != before.contentHash)

        // The model is an input too.
        #expect(try Self.load(path, cache: cache).fromCache)
        let model = try String(contentsOfFile: folder + "/core.model", encoding: .utf8)
        try (model + "# one more line\n").write(toFile: folder + "/core.model", atomically: false, encoding: .utf8)
        let (withNewModel, modelFromCache) = try Self.load(path, cache: cache)
        #expect(!modelFromCache)
        #expect(withNewModel.model?.contentHash != after.model?.contentHash)
    }

    /// Overwrites `path` in place with `text` (same inode) and gives it the modification time `date`.
    static func rewrite(_ path: String, with text: String, modified date: Date) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    /// A settled input (last changed well before it was recorded) is trusted by its modification time, size and
    /// inode, as git trusts its index: a same-size edit that also restores the old time is not seen. An input
    /// recorded while young is digested at every check, so the same edit is seen.
    @Test(arguments: [true, false])
    func aSettledInputIsTrustedByItsStampAndAYoungOneByItsDigest(settled: Bool) throws {
        let cache = try Self.temporaryCache()
        let (folder, path) = try Self.copiedCore(beside: cache)
        defer {
            try? FileManager.default.removeItem(atPath: cache.folder)
            try? FileManager.default.removeItem(atPath: folder)
        }
        let time = settled ? Date(timeIntervalSinceNow: -3_600) : Date()
        for file in [path, folder + "/core.model"] {
            try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: file)
        }
        let (before, _) = try Self.load(path, cache: cache)
        #expect(try Self.load(path, cache: cache).fromCache)

        // The same number of bytes, another title, and the old modification time put back.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "\ntitle: C", with: "\ntitle: X")
        #expect(changed != text && changed.utf8.count == text.utf8.count)
        try Self.rewrite(path, with: changed, modified: time)
        let (after, fromCache) = try Self.load(path, cache: cache)
        #expect(fromCache == settled)
        #expect((after.title == before.title) == settled)

        // A change that moves the modification time is always seen, settled or not.
        let third = text.replacingOccurrences(of: "\ntitle: C", with: "\ntitle: Y")
        try Self.rewrite(path, with: third, modified: Date())
        let (last, lastFromCache) = try Self.load(path, cache: cache)
        #expect(!lastFromCache)
        #expect(last.title.hasPrefix("Y"))
    }

    @Test func aCacheFolderThatCannotBeWrittenMeansNoCache() throws {
        let blocker = FileManager.default.temporaryDirectory
            .appendingPathComponent("composure-cache-blocker-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        try Data("a file, not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        let cache = CompiledRubricCache(folder: blocker + "/composure", toolVersion: "test 1")
        let fresh = try RubricLoader.load(path: Self.corePath, displayName: nil, withModel: true, cache: nil)
        let (first, _) = try Self.load(cache: cache)
        let (second, fromCache) = try Self.load(cache: cache)
        #expect(!fromCache)
        #expect(first.contentHash == fresh.contentHash && second.contentHash == fresh.contentHash)
        #expect(!FileManager.default.fileExists(atPath: blocker + "/composure"))
    }

    @Test func theEnvironmentNamesTheFolderOrTurnsTheCacheOff() {
        let home = ["HOME": "/home/ana"]
        #expect(CompiledRubricCache.folder(in: home) == "/home/ana/.cache/composure")
        #expect(CompiledRubricCache.folder(in: home.merging(["XDG_CACHE_HOME": "/var/c"]) { $1 }) == "/var/c/composure")
        // A relative XDG_CACHE_HOME is ignored, as the XDG specification says.
        #expect(
            CompiledRubricCache.folder(in: home.merging(["XDG_CACHE_HOME": "rel"]) { $1 })
                == "/home/ana/.cache/composure")
        #expect(
            CompiledRubricCache.fromEnvironment(home.merging(["COMPOSURE_NO_CACHE": "1"]) { $1 }, version: "1") == nil)
        #expect(
            CompiledRubricCache.fromEnvironment(home.merging(["COMPOSURE_NO_CACHE": "0"]) { $1 }, version: "1") != nil)
        #expect(CompiledRubricCache.fromEnvironment(home, version: "1")?.folder == "/home/ana/.cache/composure")
    }

    @Test func aReaderNeverReadsPastItsBytes() {
        var writer = CacheWriter()
        writer.write(["a", "bc"])
        writer.write([Int32(7), -1])
        let bytes = writer.bytes
        for length in 0..<bytes.count {
            let result: Result<[Int32], CacheFormatError> = Array(bytes.prefix(length)).withUnsafeBytes { raw in
                var reader = CacheReader(raw)
                return Result { () throws(CacheFormatError) in
                    _ = try reader.strings()
                    return try reader.int32s()
                }
            }
            #expect((try? result.get()) == nil, "read \(length) of \(bytes.count) bytes")
        }
        let whole: [Int32]? = bytes.withUnsafeBytes { raw in
            var reader = CacheReader(raw)
            _ = try? reader.strings()
            return try? reader.int32s()
        }
        #expect(whole == [7, -1])
    }

    @Test func sixtyFourBitBlocksReadBackAndNeverPastTheirBytes() {
        var writer = CacheWriter()
        writer.write([UInt64.max, 0, 0x0102_0304_0506_0708])
        let bytes = writer.bytes
        for length in 0..<bytes.count {
            let read: [UInt64]? = Array(bytes.prefix(length)).withUnsafeBytes { raw in
                var reader = CacheReader(raw)
                return try? reader.uint64s()
            }
            #expect(read == nil, "read \(length) of \(bytes.count) bytes")
        }
        let whole: [UInt64]? = bytes.withUnsafeBytes { raw in
            var reader = CacheReader(raw)
            return try? reader.uint64s()
        }
        #expect(whole == [.max, 0, 0x0102_0304_0506_0708])
    }
}
