import CFuzzDriver
import Foundation
import ImageFiles

/// JPEG decoding through our libjpeg shim, whose error manager longjmps out of libjpeg: baseline,
/// progressive, greyscale and colour, and every way the data can end or break.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? Image(decoding: Data(bytes: data, count: size), file: "fuzz.jpg")
    return 0
}

@main
enum JPEGHarness {
    static func main() {
        // 512x512: every size check is still reached, and the fuzzer spends its time on the
        // decoders' paths, not on converting large images pixel by pixel.
        Image.maximumPixels = 1 << 18
        exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv))
    }
}
