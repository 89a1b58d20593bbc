import Foundation

/// Writes a file so that readers only ever see the old file or the complete new one.
///
/// The bytes go to a temporary file in the same folder (so `rename` stays on one file system),
/// which is flushed to disk with `fsync` and then renamed over the target; the folder is synced
/// too so that the rename survives a crash. On any failure the temporary file is removed.
enum AtomicFile {
    struct Failure: Error {
        let reason: String
    }

    /// Sequential writes into the temporary file.
    struct Output {
        fileprivate let descriptor: Int32

        func append(_ bytes: UnsafeRawBufferPointer) throws {
            var offset = 0
            while offset < bytes.count {
                let written = writeSome(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(reason: systemError())
                }
                offset += written
            }
        }

        func append(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try append($0) }
        }
    }

    static func write(to url: URL, _ body: (Output) throws -> Void) throws {
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent
            + ".\(getpid()).\(UInt32.random(in: .min ... .max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(reason: "cannot create a temporary file in \(directory): \(systemError())") }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            try body(Output(descriptor: descriptor))
            guard fsync(descriptor) == 0 else { throw Failure(reason: "fsync: \(systemError())") }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw Failure(reason: "close: \(systemError())") }
        guard rename(temporary, url.path) == 0 else { throw Failure(reason: "rename: \(systemError())") }
        renamed = true
        let folder = open(directory, O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }
}

/// POSIX `write`, out of reach of `AtomicFile.write`'s name inside the enum.
private func writeSome(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// The current `errno` as text.
func systemError() -> String {
    String(cString: strerror(errno))
}
