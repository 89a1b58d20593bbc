import FeatureNetworks
import Foundation
import ImageFiles
import NN
import PerceptualLoss
import Testing
import TestSupport

@Suite struct LPIPSTests {
    /// Test images from integer formulas: channel c, row y, column x hold k/255 with k in 0...255,
    /// exactly what an 8-bit PNG of them decodes to.
    enum Pattern: String, CaseIterable {
        case ramps, products, checks, hash

        func image(height: Int, width: Int) -> Image {
            var image = Image(width: width, height: height, red: 0, green: 0, blue: 0)
            for c in 0..<3 {
                for y in 0..<height {
                    for x in 0..<width {
                        let k: Int
                        switch self {
                        case .ramps: k = (3 * (c + 1) * x + 5 * y + 40 * c) % 256
                        case .products: k = (x * y + 3 * x + 17 * c) % 256
                        case .checks: k = ((x / 4 + y / 4 + c) % 2) * 255
                        case .hash: k = Int((UInt32(x * 7919 + y * 104729 + c * 13) &* 2654435761) >> 24)
                        }
                        image[c, y, x] = Float(k) / 255
                    }
                }
            }
            return image
        }
    }

    struct Golden: CustomTestStringConvertible {
        let first: Pattern, second: Pattern, height: Int, width: Int, distance: Double
        var testDescription: String { "\(first) vs \(second) at \(width)x\(height)" }
    }

    /// From the official `lpips` package 0.1.4 (torch 2.13.0+cpu, torchvision 0.28.0, numpy 2.4.6):
    /// `lpips.LPIPS(pretrained=True, net='alex', version='0.1', pnet_rand=True)` with its own
    /// weights/v0.1/alex.pth heads (equal to ours bit for bit), and torchvision AlexNet conv weights
    /// copied from shared/weights/alexnet-imagenet-torchvision-conv.safetensors: `features.0` into
    /// `net.slice1[0]`, `features.3` into `slice2[3]`, `features.6` into `slice3[6]`, `features.8`
    /// into `slice4[8]`, `features.10` into `slice5[10]`. Inputs: the patterns above as float32
    /// arrays (numpy, same formulas, bytes / float32(255)), [1, 3, H, W], `normalize=True`.
    /// Over 60 further pairs (photos, noise, grey, 31 to 533 pixels) the two agreed within 2.6e-7.
    static let goldens: [Golden] = [
        Golden(first: .ramps, second: .products, height: 32, width: 32, distance: 0.30215027928352356),
        Golden(first: .checks, second: .hash, height: 32, width: 32, distance: 0.289551317691803),
        Golden(first: .ramps, second: .checks, height: 64, width: 64, distance: 0.6031814217567444),
        Golden(first: .products, second: .hash, height: 64, width: 64, distance: 0.4327378273010254),
        Golden(first: .ramps, second: .hash, height: 31, width: 48, distance: 0.6542611718177795),
    ]

    @Test(arguments: goldens)
    func agreesWithTheOfficialPackage(_ golden: Golden) throws {
        let lpips = try EmbeddedWeights.lpips()
        let a = golden.first.image(height: golden.height, width: golden.width)
        let b = golden.second.image(height: golden.height, width: golden.width)
        let d = try lpips.distance(a, b)
        #expect(abs(d - golden.distance) < 1e-4, "ours \(d), official \(golden.distance)")
    }

    /// LPIPS-vgg against the official package (References/lpips_vgg_golden.py): VGG-16 features
    /// from TorchvisionVGGFormula (the real weights are 528 MB and not downloadable here), the
    /// package's own vgg heads (embedded here, bit-identical).
    @Test func vggAgreesWithTheOfficialPackage() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lpips-vgg-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try TorchvisionVGGFormula.write(TorchvisionVGGFormula.stateDictNames(TorchvisionVGGFormula.vgg16, batchNorm: false), to: url)
        let lpips = try EmbeddedWeights.lpipsVGG(vgg16: url)
        #expect(lpips.layerNames == ["relu1_2", "relu2_2", "relu3_3", "relu4_3", "relu5_3"])
        for (first, second, height, width, official) in [(Pattern.ramps, Pattern.products, 32, 32, 0.08287025988101959),
                                                          (.checks, .hash, 48, 40, 0.13024720549583435)] {
            let d = try lpips.distance(first.image(height: height, width: width), second.image(height: height, width: width))
            #expect(abs(d - official) <= 1e-5 * max(1, official), "\(first) vs \(second): ours \(d), official \(official)")
        }
    }

    @Test func identicalImagesAreZeroAndDistanceIsSymmetric() throws {
        let lpips = try EmbeddedWeights.lpips()
        let a = Pattern.products.image(height: 40, width: 33), b = Pattern.hash.image(height: 40, width: 33)
        #expect(try lpips.distance(a, a) == 0)
        let grey = Image(width: 33, height: 40, red: 0.5, green: 0.5, blue: 0.5)
        #expect(try lpips.distance(grey, grey) == 0)
        let ab = try lpips.distance(a, b), ba = try lpips.distance(b, a)
        #expect(ab > 0.1 && ab == ba)
        // A batch gives each image its own distance.
        let batch = try lpips.distance(Tensor(stacking: [a.tensor, a.tensor, b.tensor]),
                                       Tensor(stacking: [b.tensor, a.tensor, a.tensor]))
        #expect(batch[1] == 0 && abs(batch[0] - ab) < 1e-6 && abs(batch[2] - ba) < 1e-6)
    }

    @Test func filesGiveTheSameDistanceAsPixels() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lpips = try EmbeddedWeights.lpips()
        let golden = Self.goldens[0]
        let a = golden.first.image(height: golden.height, width: golden.width)
        try a.writePNG(to: folder + "/a.png")
        try golden.second.image(height: golden.height, width: golden.width).writePNG(to: folder + "/b.png")
        let pair = ImagePairing.Pair(name: "a.png", first: folder + "/a.png", second: folder + "/b.png")
        #expect(abs(try lpips.distance(between: pair) - golden.distance) < 1e-4)

        // Other sizes: an error naming both, unless both are resized.
        try a.resized(width: 48, height: 40).writePNG(to: folder + "/c.png")
        let mismatched = ImagePairing.Pair(name: "a.png", first: folder + "/a.png", second: folder + "/c.png")
        #expect(throws: ImageFilesError.sizeMismatch(first: folder + "/a.png", firstSize: [32, 32],
                                                  second: folder + "/c.png", secondSize: [48, 40])) {
            try lpips.distance(between: mismatched)
        }
        let resized = try lpips.distance(between: mismatched, resizedTo: 36)
        #expect(resized > 0 && resized < 0.2)   // the same picture, resampled twice

        // Below 31 pixels AlexNet has no relu5 (the official package fails there too).
        try Pattern.ramps.image(height: 30, width: 64).writePNG(to: folder + "/small.png")
        try Pattern.hash.image(height: 30, width: 64).writePNG(to: folder + "/small2.png")
        let small = ImagePairing.Pair(name: "small.png", first: folder + "/small.png", second: folder + "/small2.png")
        let error = LPIPSError.imageTooSmall(file: folder + "/small.png", width: 64, height: 30)
        #expect(throws: error) { try lpips.distance(between: small) }
        #expect(error.description.hasSuffix("small.png: 64x30 is too small for LPIPS's AlexNet, which needs at least 31x31 pixels"))
        #expect(try lpips.distance(between: small, resizedTo: 31) > 0)
    }

    @Test func missingAndUndecodableFilesAreNamed() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lpips = try EmbeddedWeights.lpips()
        try Pattern.checks.image(height: 32, width: 32).writePNG(to: folder + "/a.png")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: folder + "/notes.png"))
        let missing = ImagePairing.Pair(name: "a.png", first: folder + "/a.png", second: folder + "/gone.png")
        #expect(throws: ImageFilesError.missingFile(folder + "/gone.png")) { try lpips.distance(between: missing) }
        let text = ImagePairing.Pair(name: "a.png", first: folder + "/notes.png", second: folder + "/a.png")
        #expect(throws: ImageFilesError.notAnImage(file: folder + "/notes.png", header: "68 65 6c 6c 6f")) {
            try lpips.distance(between: text)
        }
    }

    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("LPIPSTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
