import CFuzzDriver
import Foundation
import ImageFiles

/// PNG decoding through our libpng wrapper (the simplified png_image API): every bit depth,
/// colour type, palette and alpha, and libpng's error paths.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? Image(decoding: Data(bytes: data, count: size), file: "fuzz.png")
    return 0
}

@main
enum PNGHarness {
    static func main() {
        // 512x512: every size check is still reached, and the fuzzer spends its time on the
        // decoders' paths, not on converting large images pixel by pixel.
        Image.maximumPixels = 1 << 18
        exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv))
    }
}
