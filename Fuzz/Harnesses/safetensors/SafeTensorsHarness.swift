import CFuzzDriver
import Foundation
import NN

/// The safetensors reader: the header length, the JSON header, dtypes, shapes and offsets, then
/// every tensor converted as a loader would. Any input must end in tensors or a `SafeTensorsError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    guard let file = try? SafeTensorsFile(bytes: bytes, path: "fuzz.safetensors") else { return 0 }
    for name in file.names {
        _ = try? file.tensor(named: name)
        _ = try? file.doubles(named: name)
    }
    return 0
}

@main
enum SafeTensorsHarness {
    static func main() { exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv)) }
}
