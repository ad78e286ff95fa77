import Crypto
import Foundation

/// Compiled rubrics kept on disk between runs, so a start reads no YAML and compiles no pattern.
///
/// One file per rubric (by path, display name and whether its model is read) in
/// `$XDG_CACHE_HOME/composure/`, by default `~/.cache/composure/`. A file is used only when its
/// format version and the binary that wrote it (version, size and modification time of the
/// executable) match this one, every input it was compiled from (the rubric file, its signal model,
/// the lexicon's files) still has the SHA-256 recorded in it, and its own checksum (XXH64) holds;
/// an input whose modification time, size and inode are those recorded with its digest (and that was
/// already settled when recorded, see ``FileStamp/settled(_:now:margin:)``) is not read again;
/// anything else, including a file that cannot be read, is compiled afresh and written again. A file is
/// read by mapping it (never copied whole into memory) and decoded from the mapping.
/// Writes go to a temporary file in the folder, renamed over the old one, so processes starting
/// together never read half a file; a folder that cannot be written means no cache, never an error.
/// `COMPOSURE_NO_CACHE=1` turns it off. See `Docs/decisions.md` and `Docs/cli.md`.
public struct CompiledRubricCache: Sendable {
    /// Raised whenever the layout of a cache file or of anything written into it changes.
    static let formatVersion = 7
    private static let magic = Array("COMPOSURE-RUBRIC\n".utf8)

    /// The folder that holds the cache files.
    public var folder: String
    /// What identifies the binary that reads and writes them.
    public var toolVersion: String

    /// A cache in `folder` for the binary identified by `toolVersion`.
    public init(folder: String, toolVersion: String) {
        self.folder = folder
        self.toolVersion = toolVersion
    }

    /// The cache the environment asks for, or nil when `COMPOSURE_NO_CACHE` is set (to anything but `0` or
    /// nothing) or no folder can be named.
    ///
    /// - Parameters:
    ///   - version: The tool's version; the running executable's size and modification time are added, so a
    ///     rebuilt binary never reads what another build wrote.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, version: String
    ) -> CompiledRubricCache? {
        if let off = environment["COMPOSURE_NO_CACHE"], !off.isEmpty, off != "0" { return nil }
        guard let folder = folder(in: environment) else { return nil }
        var stamp = version
        if let executable = ResourceLocator().executablePath {
            stamp += " " + FileStamp.of(executable)
        }
        return CompiledRubricCache(folder: folder, toolVersion: stamp)
    }

    /// `$XDG_CACHE_HOME/composure` when that is an absolute path, else `$HOME/.cache/composure`.
    public static func folder(in environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("composure")
        }
        let home = environment["HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? NSHomeDirectory()
        guard home.hasPrefix("/") else { return nil }
        return ((home as NSString).appendingPathComponent(".cache") as NSString).appendingPathComponent("composure")
    }

    /// The cache this process uses (nil: none). The command-line tool sets it once at start; the library
    /// alone, and so its tests, use none unless they set it.
    public static var current: CompiledRubricCache? {
        get { box.value }
        set { box.value = newValue }
    }

    private static let box = Box()

    private final class Box: @unchecked Sendable {
        // @unchecked Sendable: `stored` is only touched under `lock`.
        private let lock = NSLock()
        private var stored: CompiledRubricCache?
        var value: CompiledRubricCache? {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }

    // MARK: Reading and writing

    /// Where the compiled form of the rubric at `path` is kept.
    func file(for key: Key) -> String {
        named("rubric", for: key.text)
    }

    /// `KIND-HASH.bin` in the folder, HASH from `slot`: one file per slot, replaced when its inputs change.
    private func named(_ kind: String, for slot: String) -> String {
        let name = SHA256.hash(data: Array(slot.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        return (folder as NSString).appendingPathComponent("\(kind)-\(name).bin")
    }

    /// What a rubric is loaded as: its file, the name messages give it, and whether its model is read.
    struct Key: Equatable {
        var path: String
        var displayName: String
        var withModel: Bool

        var text: String {
            "\((path as NSString).standardizingPath)\n\(displayName)\n\(withModel)"
        }
    }

    /// The rubric as compiled before, or nil when there is none that can be trusted.
    func rubric(for key: Key) -> Rubric? {
        payload(at: file(for: key), keyText: key.text, leadingInputs: [key.path]) {
            (reader: inout CacheReader) throws(CacheFormatError) in try Rubric(from: &reader)
        }
    }

    /// The digests of the files every compile reads before it knows the rubric's model: the rubric and the
    /// lexicon. Taken before compiling, so a file that changes during the compile is not recorded as compiled.
    func inputDigests(for key: Key) -> [Input] {
        ([key.path] + Self.lexiconInputs()).map(Self.input(ofFile:))
    }

    /// Writes `rubric` for `key`, atomically; fails silently (a cache that cannot be written is no cache).
    ///
    /// - Parameter inputs: ``inputDigests(for:)`` as taken before the compile; the model's is added here.
    func store(_ rubric: Rubric, for key: Key, inputs: [Input]) {
        var inputs = inputs
        if let model = rubric.model { inputs.append(Self.input(ofFile: model.file)) }
        write(to: file(for: key), keyText: key.text, inputs: inputs) { rubric.cacheBytes(into: &$0) }
    }

    // MARK: A scenario's own signals

    /// What a scenario's own signals are compiled from: the scenario's text, in its file, over its rubric.
    struct SignalsKey {
        /// The scenario file, as its signals' locations name it.
        var scenarioFile: String
        /// The rubric's file and content hash (which covers its model).
        var rubricFile: String
        var rubricHash: String
        var scenarioText: String

        /// One file per scenario and rubric; its content is checked through ``text``.
        var slot: String { "\(scenarioFile)\n\(rubricFile)" }
        var text: String {
            let digest = SHA256.hash(data: Array(scenarioText.utf8)).map { String(format: "%02x", $0) }.joined()
            return "signals\n\(slot)\n\(rubricHash)\n\(digest)"
        }
    }

    private func file(for key: SignalsKey) -> String {
        named("signals", for: key.slot)
    }

    /// A scenario's own signals as compiled before, or nil.
    func scenarioSignals(for key: SignalsKey) -> SignalDetector? {
        payload(at: file(for: key), keyText: key.text, leadingInputs: []) {
            (reader: inout CacheReader) throws(CacheFormatError) in try SignalDetector.cached(from: &reader)
        }
    }

    /// Writes a scenario's own compiled signals; the lexicon's digests are taken here.
    func store(_ detector: SignalDetector, for key: SignalsKey, lexiconDigests: [Input]) {
        write(to: file(for: key), keyText: key.text, inputs: lexiconDigests) { detector.cacheBytes(into: &$0) }
    }

    /// The lexicon's files and their digests, as a compile about to start will read them.
    func lexiconDigests() -> [Input] {
        Self.lexiconInputs().map(Self.input(ofFile:))
    }

    // MARK: The file layout

    /// Reads the payload of the cache file at `path` when its checksum, header and inputs all hold.
    ///
    /// The inputs recorded must be `leadingInputs`, then the lexicon's files as they would be read now,
    /// then any others (a rubric's model), each with the digest its file has now.
    private func payload<T>(
        at path: String, keyText: String, leadingInputs: [String],
        _ decode: (inout CacheReader) throws(CacheFormatError) -> T
    ) -> T? {
        Self.withMappedFile(at: path) { bytes in
            try? payload(bytes, keyText: keyText, leadingInputs: leadingInputs, decode)
        }
    }

    /// Calls `body` with the bytes of the regular file at `path`, mapped read-only (and its pages mapped
    /// at once, on Linux); nil when it cannot be opened or mapped, or is empty.
    ///
    /// Reading the 3.5 MB core rubric file into memory was 4.8 % of a cached `explain hi`, most of it
    /// faulting in the pages it was copied to. A mapped file that another process truncates would fault
    /// on access; cache files are never written in place (a new file is renamed over the old one, which
    /// stays whole for whoever has it mapped), so only a hand truncating a file in the private cache
    /// folder while a start reads it could do that.
    static func withMappedFile<T>(at path: String, _ body: (UnsafeRawBufferPointer) -> T?) -> T? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0,
            let size = Int(exactly: status.st_size)
        else { return nil }
        #if os(Linux)
            let flags = MAP_PRIVATE | MAP_POPULATE
        #else
            let flags = MAP_PRIVATE
        #endif
        guard let base = mmap(nil, size, PROT_READ, flags, descriptor, 0), base != MAP_FAILED else { return nil }
        defer { munmap(base, size) }
        return body(UnsafeRawBufferPointer(start: base, count: size))
    }

    /// Checks and decodes the bytes of a cache file: checksum first, then the header, then the inputs.
    func payload<T>(
        _ bytes: UnsafeRawBufferPointer, keyText: String, leadingInputs: [String],
        _ decode: (inout CacheReader) throws(CacheFormatError) -> T
    ) throws(CacheFormatError) -> T {
        let checksumSize = Self.checksumSize
        guard bytes.count > Self.magic.count + checksumSize else { throw CacheFormatError(reason: "too short") }
        let body = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - checksumSize)])
        guard XXHash64.bytes(of: body).elementsEqual(bytes[(bytes.count - checksumSize)...]) else {
            throw CacheFormatError(reason: "checksum")
        }
        var reader = CacheReader(body)
        guard try reader.byteArray() == Self.magic, try reader.int() == Self.formatVersion,
            try reader.string() == toolVersion, try reader.string() == keyText
        else { throw CacheFormatError(reason: "another version or input") }
        let inputs = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in
            Input(path: try reader.string(), digest: try reader.byteArray(), stamp: try reader.string())
        }
        let expected = leadingInputs + Self.lexiconInputs()
        guard inputs.count >= expected.count, Array(inputs.prefix(expected.count).map(\.path)) == expected else {
            throw CacheFormatError(reason: "other inputs")
        }
        // A settled file whose stamp is unchanged is the file that was digested; any other is read again.
        for input in inputs where input.stamp.isEmpty || FileStamp.of(input.path) != input.stamp {
            guard Self.digest(ofFile: input.path) == input.digest else {
                throw CacheFormatError(reason: "\(input.path) changed")
            }
        }
        let value = try decode(&reader)
        guard reader.isAtEnd else { throw CacheFormatError(reason: "bytes after the payload") }
        return value
    }

    /// Writes a cache file: header, inputs, what `body` writes (nothing when it returns false), checksum.
    private func write(
        to path: String, keyText: String, inputs: [Input],
        _ body: (inout CacheWriter) -> Bool
    ) {
        var writer = CacheWriter()
        writer.write(bytes: Self.magic)
        writer.write(Self.formatVersion)
        writer.write(toolVersion)
        writer.write(keyText)
        writer.write(inputs) { writer, input in
            writer.write(input.path)
            writer.write(bytes: input.digest)
            writer.write(input.stamp)
        }
        guard body(&writer) else { return }
        var bytes = writer.bytes
        bytes += Self.checksum(of: bytes)
        write(bytes, to: path)
    }

    /// The length of the checksum that ends a cache file.
    static let checksumSize = 8

    /// The checksum that ends a cache file: XXH64 of the bytes before it, little-endian.
    static func checksum(of bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { XXHash64.bytes(of: $0) }
    }

    private func write(_ bytes: [UInt8], to path: String) {
        let manager = FileManager.default
        do {
            try manager.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            return
        }
        let temporary = (folder as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        )
        guard manager.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        if rename(temporary, path) != 0 { try? manager.removeItem(atPath: temporary) }
    }

    /// The lexicon's files a compile may read, in a fixed order.
    static func lexiconInputs() -> [String] {
        (Lexicon.standardFiles ?? []) + (Lexicon.standardFeaturesFile.map { [$0] } ?? [])
    }

    /// A file a compile reads: its path, its SHA-256, and its stamp when settled (empty otherwise).
    struct Input {
        var path: String
        var digest: [UInt8]
        var stamp: String
    }

    /// `path` as an ``Input``: the stamp is taken before the digest, so a change in between shows as a
    /// changed stamp on the next check and the file is digested again.
    static func input(ofFile path: String) -> Input {
        let stamp = FileStamp.settled(path) ?? ""
        return Input(path: path, digest: digest(ofFile: path), stamp: stamp)
    }

    /// SHA-256 of a file's bytes; empty when it cannot be read (so it never equals a recorded digest).
    static func digest(ofFile path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return Array(SHA256.hash(data: data))
    }
}
