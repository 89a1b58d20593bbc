import CZlib
import Foundation

/// A folder of this fuzzing process's own, for the readers that take a path rather than bytes.
///
/// One per process (libFuzzer's workers are processes), under `$TMPDIR`, which `Scripts/fuzz`
/// points at a folder in /dev/shm that it removes afterwards: on tmpfs the readers' fsyncs cost
/// nothing, on a disk they would bound a harness to a few hundred inputs a second.
public enum ScratchFolder {
    public static let path: String = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let path = "\(base)/vae-cli-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `bytes` to `name` in the folder, replacing what was there; returns the file's path.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, to name: String) -> String {
        let file = path + "/" + name
        // Plain POSIX: Foundation's createFile writes atomically, a temporary file and a rename per input.
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0, bytes.isEmpty || Glibc.write(fd, bytes.baseAddress, bytes.count) == bytes.count else {
            fatalError("cannot write \(file): \(String(cString: strerror(errno)))")
        }
        close(fd)
        return file
    }

    /// Writes `bytes` gzip-compressed, so that the fuzzer mutates the format inside the gzip
    /// stream rather than the compressed bits, where nearly every change breaks the CRC.
    public static func writeGzipped(_ bytes: UnsafeBufferPointer<UInt8>, to name: String) -> String {
        let file = path + "/" + name
        guard let output = gzopen(file, "wb") else { fatalError("cannot create \(file): \(String(cString: strerror(errno)))") }
        if bytes.count > 0 { gzwrite(output, bytes.baseAddress, UInt32(bytes.count)) }
        gzclose(output)
        return file
    }

    /// An empty folder `name` inside the scratch folder, emptied first if it exists.
    public static func emptyFolder(_ name: String) -> String {
        let folder = path + "/" + name
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The names in the scratch folder itself, to check that nothing was written beside `folder`.
    public static func entries() -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
    }
}
