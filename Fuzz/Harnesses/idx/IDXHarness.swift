import CFuzzDriver
import Foundation
import FuzzSupport
import ImageFiles

/// IDX image and label files, raw or gzip-compressed. The first byte chooses: odd, the rest is
/// gzipped before reading (the fuzzer then shapes the IDX header inside a valid gzip stream);
/// even, the rest is the file as it stands (raw IDX, or gzip data the fuzzer damages).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let rest = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let path = data[0] & 1 == 1 ? ScratchFolder.writeGzipped(rest, to: "fuzz-idx.gz")
                                : ScratchFolder.write(rest, to: "fuzz-idx")
    if let images = try? IDXImages(contentsOfFile: path), images.count > 0 {
        _ = images.image(images.count - 1)
    }
    _ = try? IDXLabels(contentsOfFile: path)
    return 0
}

@main
enum IDXHarness {
    static func main() { exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv)) }
}
