import CFuzzDriver
import CaffeModel
import Foundation

/// The protobuf wire reader and Caffe's NetParameter, V1 and V2 layers, as `.caffemodel` files
/// from model zoos reach them. Any input must end in a net or a `CaffeModelError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    if let net = try? CaffeNet(serialized: bytes, file: "fuzz.caffemodel") {
        // Touch what a network builder reads, so a decoded net's values are really there.
        _ = net.layers.reduce(0) { $0 + $1.blobs.reduce(0) { $0 + $1.data.count } }
    }
    return 0
}

@main
enum CaffeNetHarness {
    static func main() { exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv)) }
}
