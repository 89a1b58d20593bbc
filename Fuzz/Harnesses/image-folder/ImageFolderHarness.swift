import CFuzzDriver
import Datasets
import Foundation
import FuzzSupport
import ImageFiles

/// Image-folder and split discovery on odd names. The input is a list of paths, one a line,
/// made into a real folder tree of empty files: "a/b/" is a folder, "x -> y" a symbolic link to
/// y (loops allowed). Components are raw bytes (invalid UTF-8, spaces, control characters),
/// except "..", "." and NUL, which could not name a file inside the tree. Then the tree is
/// listed as `train --data` would list it: classes, split folders, skipped files, splits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let root = ScratchFolder.emptyFolder("tree")
    let rootBytes = Array(root.utf8)
    let lines = UnsafeBufferPointer(start: data, count: size).split(separator: 0x0A, omittingEmptySubsequences: true)
    for line in lines.prefix(64) {
        if let at = line.firstRange(of: Array(" -> ".utf8)) {
            let link = components(line[..<at.lowerBound]), target = components(line[at.upperBound...])
            guard !link.isEmpty, !target.isEmpty else { continue }
            makeFolders(rootBytes, link.dropLast())
            withCPath(joined(target)) { target in withCPath(rootBytes + [0x2F] + joined(link)) { _ = symlink(target, $0) } }
        } else {
            let parts = components(line)
            guard !parts.isEmpty else { continue }
            if line.last == UInt8(ascii: "/") {
                makeFolders(rootBytes, parts[...])
            } else {
                makeFolders(rootBytes, parts.dropLast())
                withCPath(rootBytes + [0x2F] + joined(parts)) {
                    let fd = open($0, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
                    if fd >= 0 { close(fd) }
                }
            }
        }
    }
    if let folder = try? ImageFolder(root: root) { _ = folder.entries(inSplit: "train") }
    if let source = try? DataSource(path: root) {
        _ = source.summary
        _ = try? DatasetSplits(source: source, seed: 1)
    }
    return 0
}

/// Path components of one line: "..", "." and empty ones dropped, NUL removed, at most 255
/// bytes each (a name longer than NAME_MAX cannot be created).
private func components(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> [[UInt8]] {
    line.split(separator: UInt8(ascii: "/")).map { Array($0.filter { $0 != 0 }.prefix(255)) }
        .filter { !$0.isEmpty && $0 != Array("..".utf8) && $0 != Array(".".utf8) }
}

private func joined(_ parts: [[UInt8]]) -> [UInt8] {
    Array(parts.joined(separator: [UInt8(ascii: "/")]))
}

/// Calls the C file functions with the path's raw bytes: a Swift String would repair invalid
/// UTF-8, and odd bytes are the point.
private func withCPath(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> Void) {
    (path + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
}

private func makeFolders(_ root: [UInt8], _ parts: ArraySlice<[UInt8]>) {
    for end in parts.indices {
        withCPath(root + [0x2F] + joined(Array(parts[parts.startIndex...end]))) { _ = mkdir($0, 0o755) }
    }
}

@main
enum ImageFolderHarness {
    static func main() { exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv)) }
}
