import Foundation

extension ResourceLocator {
    /// The ids of the YAML files of `kind` in every folder searched, first folder first, each once, sorted.
    ///
    /// What a misspelt `--rubric` is compared with, and what shell completion offers. Only regular files count,
    /// as in ``file(for:kind:)``.
    public func ids(for kind: Kind) -> [String] {
        var ids: Set<String> = []
        for folder in candidates(for: kind) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let path = (folder as NSString).appendingPathComponent(name)
                guard TextFile.isRegularFile(resolved(path)) else { continue }
                ids.insert((name as NSString).deletingPathExtension)
            }
        }
        return ids.sorted()
    }
}
