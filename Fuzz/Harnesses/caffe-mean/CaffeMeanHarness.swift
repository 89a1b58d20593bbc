import CFuzzDriver
import CaffeModel
import Foundation

/// A Caffe mean image (`.binaryproto`, one BlobProto): shapes, legacy dimensions, float and
/// double data. Any input must end in a mean image or a `CaffeModelError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    if let mean = try? CaffeMeanImage(serialized: bytes, file: "fuzz.binaryproto") {
        _ = mean.channelMeans
    }
    return 0
}

@main
enum CaffeMeanHarness {
    static func main() { exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv)) }
}
