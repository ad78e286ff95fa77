import Yams

/// An anchor (`&name`) in a rubric or scenario, which are written without anchors and aliases.
struct AnchorError: Error {
    /// The anchor's name.
    var name: String
    /// Where the anchored node starts.
    var mark: Mark?
}

extension YAMLReader {
    /// Parses `text` into its root node, refusing YAML anchors and aliases before any alias is expanded.
    ///
    /// No rubric or scenario needs them, and an alias is a copy: a few hundred kilobytes of aliases of
    /// aliases stand for gigabytes of text, which the loaders (and Yams, when it hashes mapping keys to
    /// find duplicates) would walk in full. So the text is composed first with every `*` replaced by a
    /// character it does not contain: that copy has no aliases, so it composes in time proportional to its
    /// size, and its first anchored node is reported. A text without anchors is then composed as it is,
    /// where every alias is undefined and Yams stops at the first one.
    ///
    /// Replacing `*` keeps every line and column, keeps a valid document valid (an alias stands where a
    /// plain scalar may) and keeps different keys different, so the copy fails only where the text would.
    ///
    /// - Returns: The root node, or nil for an empty document.
    /// - Throws: ``AnchorError`` at the first anchor; `YamlError` for a syntax error or an alias.
    static func compose(_ text: String) throws -> Node? {
        let bytes = text.utf8
        guard bytes.contains(UInt8(ascii: "&")) else { return try Yams.compose(yaml: text) }
        let hasAliases = bytes.contains(UInt8(ascii: "*"))
        let standIn = hasAliases ? unusedScalar(in: text) : "*"
        let probe = hasAliases ? replacing("*", with: standIn, in: text) : text
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: probe)
            root = try parser.singleRoot()
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            throw YamlError.duplicatedKeysInMapping(
                duplicates: duplicates.map { replacing(standIn, with: "*", in: $0) }, context: context)
        }
        // Yams holds anchors weakly in the nodes; the parser keeps them alive while the tree is searched.
        let anchor = withExtendedLifetime(parser) { root.flatMap(firstAnchor(in:)) }
        if let anchor { throw anchor }
        return hasAliases ? try Yams.compose(yaml: text) : root
    }

    /// The first node with an anchor, in document order (depth first, keys before their values).
    private static func firstAnchor(in root: Node) -> AnchorError? {
        var stack = [root]
        while let node = stack.popLast() {
            switch node {
            case .scalar(let scalar):
                if let anchor = scalar.anchor { return AnchorError(name: anchor.rawValue, mark: scalar.mark) }
            case .sequence(let sequence):
                if let anchor = sequence.anchor { return AnchorError(name: anchor.rawValue, mark: sequence.mark) }
                stack.append(contentsOf: sequence.reversed())
            case .mapping(let mapping):
                if let anchor = mapping.anchor { return AnchorError(name: anchor.rawValue, mark: mapping.mark) }
                for (key, value) in mapping.reversed() { stack += [value, key] }
            case .alias(let alias):
                return AnchorError(name: alias.anchor.rawValue, mark: alias.mark)
            }
        }
        return nil
    }

    /// A character of a Private Use Area that `text` does not contain; YAML takes it as text.
    ///
    /// A text that holds every one of them (it would have to be made to) gets U+FFFC, which it may also
    /// hold: then two keys may look the same to the probe and be reported as duplicates. Never a hang.
    private static func unusedScalar(in text: String) -> Unicode.Scalar {
        let candidates = [UInt32(0xE000)...0xF8FF, 0xF0000...0xFFFFD]
        var used = Set<UInt32>()
        for scalar in text.unicodeScalars where candidates.contains(where: { $0.contains(scalar.value) }) {
            used.insert(scalar.value)
        }
        let free = candidates.lazy.flatMap { $0 }.first { !used.contains($0) }
        return free.flatMap(Unicode.Scalar.init) ?? "\u{FFFC}"
    }

    private static func replacing(_ old: Unicode.Scalar, with new: Unicode.Scalar, in text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.map { $0 == old ? new : $0 })
        return String(scalars)
    }
}
