import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads with plain errno reasons, and atomic writes (temporary file, fsync, rename) so
/// an interrupted run never leaves a half-written image behind.
enum FileAccess {
    static func contents(of path: String) throws -> Data {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let code = errno
            throw code == ENOENT ? ImageFilesError.missingFile(path) : .unreadable(file: path, reason: reason(code))
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw ImageFilesError.unreadable(file: path, reason: reason(errno)) }
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            throw ImageFilesError.unreadable(file: path, reason: "is a directory")
        }
        var data = Data(count: Int(status.st_size))
        var filled = 0
        try data.withUnsafeMutableBytes { buffer in
            while filled < buffer.count {
                let n = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw ImageFilesError.unreadable(file: path, reason: reason(errno)) }
                if n == 0 { break }   // the file shrank while we read it
                filled += n
            }
        }
        return data.prefix(filled)
    }

    /// Calls `write` with a temporary path in the same folder, flushes that file to disk and renames
    /// it over `path`. The temporary file is removed if anything fails.
    static func writeAtomically(to path: String, _ write: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        do {
            try write(temporary)
            let fd = open(temporary, O_RDONLY)
            guard fd >= 0 else { throw ImageFilesError.cannotWrite(file: path, reason: reason(errno)) }
            let synced = fsync(fd) == 0
            let code = errno
            close(fd)
            guard synced else { throw ImageFilesError.cannotWrite(file: path, reason: reason(code)) }
            guard rename(temporary, path) == 0 else { throw ImageFilesError.cannotWrite(file: path, reason: reason(errno)) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// A C library's fixed-size, NUL-terminated message buffer (libpng's and the JPEG shim's) as text.
    static func message<T>(of text: inout T) -> String {
        withUnsafeBytes(of: &text) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
