import Foundation

/// What a file looks like on disk now (modification time, size and inode), to tell when it changed.
///
/// The inode is in it so that an editor that saves by writing a new file and renaming it over
/// the old one shows as a change even within one clock tick.
package enum FileStamp {
    /// The stamp of `path`, or "missing" when there is no such file.
    package static func of(_ path: String) -> String {
        status(of: path).map(text(of:)) ?? "missing"
    }

    /// The stamp of `path` when it can vouch for the file's content later, or nil.
    ///
    /// A file changed within the same clock tick as it was read keeps its stamp, so a stamp is only
    /// trusted for a file last modified `margin` seconds or more before `now` (git's "racily clean"
    /// entries, solved the same way): a younger file is digested again on every check until it ages.
    package static func settled(_ path: String, now: Date = Date(), margin: TimeInterval = 2) -> String? {
        guard let info = status(of: path) else { return nil }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        guard modified <= now.timeIntervalSince1970 - margin else { return nil }
        return text(of: info)
    }

    private static func status(of path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    private static func text(of info: stat) -> String {
        "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_size) \(info.st_ino)"
    }
}
