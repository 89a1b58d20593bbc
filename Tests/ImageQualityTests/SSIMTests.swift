import ImageQuality
import NN
import Testing

@Suite struct SSIMTests {
    /// skimage 0.26.0's `structural_similarity(a, b, data_range=1, channel_axis=0 (None for grey),
    /// gaussian_weights=True, sigma=1.5, use_sample_covariance=False)` on float64 copies of the
    /// same float32 pixels, printed by golden_values.py (SSIM_CASES, in this order). Measured
    /// agreement: within 7e-15 for every case; the 1e-4 leaves room for another skimage release.
    static let goldens: [(kind: TestImages.Kind, seed: Int, channels: Int, height: Int, width: Int, amplitude: Int, ssim: Double)] = [
        (.noise, 1, 1, 11, 11, 40, 0.9418315105020856),
        (.smooth, 2, 1, 11, 11, 20, 0.7551234207544395),
        (.noise, 3, 1, 16, 23, 0, -0.024248993963549566),
        (.smooth, 4, 3, 32, 32, 30, 0.7906875896002264),
        (.noise, 5, 3, 32, 32, 60, 0.9004613939919762),
        (.smooth, 6, 1, 64, 64, 10, 0.9816106692975614),
        (.smooth, 7, 3, 64, 48, 80, 0.5400085118985717),
        (.noise, 8, 3, 128, 128, 25, 0.9806621609571184),
        (.smooth, 9, 1, 100, 77, 50, 0.7944090425600728),
        (.smooth, 10, 3, 224, 224, 15, 0.9888873004969067),
        (.noise, 11, 1, 224, 224, 100, 0.772643976878596),
        (.smooth, 12, 3, 12, 13, 5, 0.9768396464128292),
    ]

    @Test(arguments: goldens.indices) func matchesScikitImage(case index: Int) throws {
        let g = Self.goldens[index]
        let (a, b) = TestImages.pair(g.kind, seed: g.seed, channels: g.channels, height: g.height, width: g.width,
                                     amplitude: g.amplitude)
        let value = try SSIM.mean(image: a, b)
        #expect(abs(value - g.ssim) < 1e-4, "case \(index): \(value), skimage \(g.ssim)")
        if g.channels == 1 {   // the grey form [H, W] is the same image
            let grey = try SSIM.mean(image: a.reshaped([g.height, g.width]), b.reshaped([g.height, g.width]))
            #expect(grey == value)
        }
    }

    /// A batch gives each pair's value, as one image at a time does.
    @Test func batchEqualsImageByImage() throws {
        let pairs = [(.smooth, 4, 30), (.noise, 5, 60), (.smooth, 13, 0)].map { (kind: TestImages.Kind, seed: Int, amplitude: Int) in
            TestImages.pair(kind, seed: seed, channels: 3, height: 32, width: 32, amplitude: amplitude)
        }
        let values = try SSIM.mean(Tensor(stacking: pairs.map(\.0)), Tensor(stacking: pairs.map(\.1)))
        #expect(values == (try pairs.map { try SSIM.mean(image: $0.0, $0.1) }))
        #expect(abs(values[0] - Self.goldens[3].ssim) < 1e-4 && abs(values[1] - Self.goldens[4].ssim) < 1e-4)
    }

    @Test func imageWithItselfIsOne() throws {
        for (kind, channels, size) in [(TestImages.Kind.noise, 3, 11), (.smooth, 1, 40), (.noise, 3, 64)] {
            let a = TestImages.tensor(TestImages.levels(kind, seed: 3, channels: channels, height: size, width: size),
                                      shape: [channels, size, size])
            #expect(abs(try SSIM.mean(image: a, a) - 1) < 1e-12)
        }
    }

    @Test func isSymmetric() throws {
        let (a, b) = TestImages.pair(.smooth, seed: 7, channels: 3, height: 30, width: 41, amplitude: 70)
        #expect(abs(try SSIM.mean(image: a, b) - SSIM.mean(image: b, a)) < 1e-12)
    }

    @Test func tooSmallImageIsAClearError() throws {
        #expect(SSIM.windowSize == 11)
        let (a, b) = TestImages.pair(.noise, seed: 1, channels: 3, height: 10, width: 32, amplitude: 10)
        #expect(throws: ImageQualityError.imageSmallerThanWindow(height: 10, width: 32, window: 11)) {
            try SSIM.mean(image: a, b)
        }
        #expect(ImageQualityError.imageSmallerThanWindow(height: 10, width: 32, window: 11).description
                == "SSIM needs images of at least 11x11 pixels (its Gaussian window), found 10x32")
    }

    @Test func mismatchedShapesAndRanksAreClearErrors() throws {
        let a = Tensor(zeros: [1, 3, 16, 16]), b = Tensor(zeros: [1, 3, 16, 17])
        #expect(throws: ImageQualityError.shapesDiffer([1, 3, 16, 16], [1, 3, 16, 17])) { try SSIM.mean(a, b) }
        #expect(throws: ImageQualityError.self) { try SSIM.mean(a.reshaped([3, 16, 16]), a.reshaped([3, 16, 16])) }
        #expect(throws: ImageQualityError.self) { try SSIM.mean(image: a, a) }
    }
}
