import Foundation

/// Compiled rubrics by path, so loading ten scenarios compiles the core rubric once.
///
/// An entry holds while its file is unchanged (modification time, size and inode): a rubric saved
/// while `play` runs is compiled again on `/restart` or `--watch`, and never served stale.
final class RubricCache: @unchecked Sendable {
    // @unchecked Sendable: the dictionary is only touched under `lock`.
    static let shared = RubricCache()
    private let lock = NSLock()
    private var rubrics: [String: (stamp: String, rubric: Rubric)] = [:]

    func rubric(at path: String) throws -> Rubric {
        let key = (path as NSString).standardizingPath
        let stamp = FileStamp.of(key)
        lock.lock()
        if let cached = rubrics[key], cached.stamp == stamp {
            lock.unlock()
            return cached.rubric
        }
        lock.unlock()
        let rubric = try RubricLoader.load(path: path)
        lock.lock()
        rubrics[key] = (stamp, rubric)
        lock.unlock()
        return rubric
    }
}
