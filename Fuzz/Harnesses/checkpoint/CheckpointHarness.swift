import CFuzzDriver
import Foundation
import NN
import VAE

/// The checkpoint reader: a safetensors file whose metadata carries the format, version, the
/// training configuration as JSON, the generator state and the position in the data.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    guard let file = try? SafeTensorsFile(bytes: bytes, path: "fuzz-checkpoint.safetensors") else { return 0 }
    _ = try? Checkpoint(reading: file)
    return 0
}

@main
enum CheckpointHarness {
    static func main() { exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv)) }
}
