import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The few POSIX file operations the store needs, with errno turned into `WeightStoreError`.
enum FileSystem {
    static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Creates `path` and any missing parents.
    static func makeFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WeightStoreError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Removes a file or a whole folder; a missing one is not an error (this only ever cleans up).
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func size(of path: String) -> Int64? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int64(status.st_size)
    }

    /// Renames within one file system, so readers see either the old item or the new one.
    static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw WeightStoreError.cannotWrite(path: to, reason: reason()) }
    }

    /// Flushes a file or folder to disk, so a rename that follows survives a crash.
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WeightStoreError.cannotWrite(path: path, reason: reason()) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw WeightStoreError.cannotWrite(path: path, reason: reason()) }
    }

    /// A new file for writing; fails if it exists.
    static func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WeightStoreError.cannotWrite(path: path, reason: reason()) }
        return fd
    }

    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw WeightStoreError.cannotWrite(path: path, reason: reason())
            }
            offset += written
        }
    }

    /// The digest of a file's contents, read in 1 MiB pieces.
    static func digest(of path: String, _ algorithm: ChecksumAlgorithm) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WeightStoreError.unreadable(path: path, reason: reason()) }
        defer { close(fd) }
        var hasher = algorithm.makeHasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw WeightStoreError.unreadable(path: path, reason: reason()) }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hexString(hasher.finalize())
    }
}
