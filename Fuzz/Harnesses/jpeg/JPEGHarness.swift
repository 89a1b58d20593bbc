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
        // 4 megapixels: every size path is reached, and no input takes seconds to decode.
        Image.maximumPixels = 1 << 22
        exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv))
    }
}
