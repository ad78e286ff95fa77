import Foundation

/// What a file looks like on disk now (modification time, size and inode), to tell when it changed.
///
/// The inode is in it so that an editor that saves by writing a new file and renaming it over
/// the old one shows as a change even within one clock tick.
package enum FileStamp {
    /// The stamp of `path`, or "missing" when there is no such file.
    package static func of(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        return "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_size) \(info.st_ino)"
    }
}
