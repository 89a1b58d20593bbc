import CFuzzDriver
import Foundation
import FuzzSupport
import WeightStore

/// `.tar.gz` extraction as `weights fetch` runs it on a downloaded archive. The first byte
/// chooses: odd, the rest is gzipped first (the fuzzer then shapes tar headers, long names, pax
/// records and links); even, the rest is the archive as it stands (the gzip layer itself).
/// Besides not crashing, extraction must write nothing outside its folder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let rest = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let archive = data[0] & 1 == 1 ? ScratchFolder.writeGzipped(rest, to: "archive.tar.gz")
                                   : ScratchFolder.write(rest, to: "archive.tar.gz")
    let folder = ScratchFolder.emptyFolder("out")
    _ = try? TarExtractor.extract(archive: archive, archiveName: "fuzz.tar.gz",
                                  names: ["weights.caffemodel", "mean.binaryproto"], into: folder)
    let unexpected = ScratchFolder.entries().subtracting(["archive.tar.gz", "out"])
    if !unexpected.isEmpty { fatalError("extraction wrote outside its folder: \(unexpected.sorted())") }
    return 0
}

@main
enum TarGzipHarness {
    static func main() { exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv)) }
}
