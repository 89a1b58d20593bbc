import Testing
import NN

@Suite struct OptimizerTests {
    private func parameter(_ name: String, _ values: [Float], gradient: [Float]) -> Parameter {
        let p = Parameter(name: name, value: Tensor(shape: [values.count], scalars: values))
        p.gradient = Tensor(shape: [gradient.count], scalars: gradient)
        return p
    }

    // MARK: Adam by hand

    @Test func adamFirstStepMovesEachParameterByTheLearningRate() {
        // Step 1: m = (1 − β1)·g, v = (1 − β2)·g², so m̂ = g, v̂ = g² and the update is
        // −lr · g / (|g| + ε) = −lr · sign(g) up to ~1e-6 relative (ε and Float rounding). With
        // lr = 2⁻¹⁰ and these values p ∓ lr is a Float, and the error lr·1e-6 is far below half
        // an ulp of p, so the result is exactly p − lr · sign(g).
        let lr: Float = 1.0 / 1024
        let p = parameter("w", [1, -2, 0.5, 3], gradient: [0.3, -5, 0.01, -0.02])
        Adam(learningRate: Double(lr)).step([p])
        #expect(p.value.scalars == [1 - lr, -2 + lr, 0.5 - lr, 3 + lr])
    }

    @Test func adamSecondStepByHand() {
        // β1 0.9, β2 0.999, ε 1e-8, lr 0.1; gradients g1 = [1, −2], then g2 = 0.
        // Step 1: m̂ = g, v̂ = g², so Δ1 = −0.1 · sign(g) / (1 + 1e-8/|g|) ≈ ∓0.1.
        // Step 2: m2 = 0.9 · m1 = 0.09 · g1, v2 = 0.999 · v1 = 0.000999 · g1²,
        //   m̂2 = 0.09 g1 / (1 − 0.81) = 0.47368421 g1, v̂2 = 0.000999 g1² / (1 − 0.998001) = 0.49974987 g1²,
        //   Δ2 = −0.1 · 0.47368421 / √0.49974987 · sign(g1) = −0.06700582 · sign(g1).
        // Total: ∓(0.1 + 0.06700582) = ∓0.16700582.
        let p = parameter("w", [0, 0], gradient: [1, -2])
        let adam = Adam(learningRate: 0.1)
        adam.step([p])
        p.zeroGradient()
        adam.step([p])
        #expect(abs(p.value[flat: 0] - -0.16700582) <= 1e-6)
        #expect(abs(p.value[flat: 1] - 0.16700582) <= 1e-6)
        #expect(adam.state["adam.step.w"]?.scalars == [2])
    }

    @Test func adamWeightDecayIsAddedToTheGradient() {
        // g' = g + 0.1·p: [0 + 0.2, 0 − 0.1, −0.3 + 0.2] = [0.2, −0.1, −0.1], so the first step moves by
        // −lr·sign(g') (see the first-step test). Decoupled decay (AdamW) would give 2 − lr·(1 + 0.1·2)
        // for the first; the third would move up despite p > 0 only under L2 decay.
        let lr: Float = 1.0 / 1024
        let p = parameter("w", [2, -1, 2], gradient: [0, 0, -0.3])
        Adam(learningRate: Double(lr), weightDecay: 0.1).step([p])
        #expect(p.value.scalars == [2 - lr, -1 + lr, 2 + lr])
    }

    @Test func adamLearningRateCanChangeBetweenSteps() {
        // Two parameters see the same gradients; one optimizer's rate is halved before step 2.
        // Moments do not depend on lr, so the halved run's second move is exactly half the other's
        // (up to rounding of p).
        let a = parameter("w", [0], gradient: [1]), b = parameter("w", [0], gradient: [1])
        let full = Adam(learningRate: 0.1), halved = Adam(learningRate: 0.1)
        full.step([a]); halved.step([b])
        let afterFirst = a.value[flat: 0]
        halved.learningRate = 0.05
        full.step([a]); halved.step([b])
        #expect(abs((b.value[flat: 0] - afterFirst) - 0.5 * (a.value[flat: 0] - afterFirst)) <= 1e-7)
    }

    // MARK: PyTorch golden trajectories

    // Produced with torch 2.15.0 (CPU, float32) by:
    //   p = torch.nn.Parameter(torch.tensor([0.5, -1.25, 2.0, 0.0]))
    //   opt = torch.optim.Adam([p], lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
    //   for each gradient in `gradients`: p.grad = that gradient; opt.step(); record p
    //   with the learning rate halved (param_groups[0]['lr'] *= 0.5) before the third step.
    private static let start: [Float] = [0.5, -1.25, 2.0, 0.0]
    private static let gradients: [[Float]] = [[0.1, -0.2, 0.3, -0.4], [-0.5, 0.25, 0.0, 1.5],
                                               [0.75, -1.0, 0.125, -0.0625]]

    private func trajectory(_ optimizer: Optimizer) -> [[Float]] {
        let p = parameter("w", Self.start, gradient: Self.gradients[0])
        var values: [[Float]] = []
        for (index, gradient) in Self.gradients.enumerated() {
            if index == 2 { optimizer.learningRate *= 0.5 }
            p.gradient = Tensor(shape: [4], scalars: gradient)
            optimizer.step([p])
            values.append(p.value.scalars)
        }
        return values
    }

    /// Within two ulps: PyTorch's vectorised CPU kernels round a few intermediate steps differently,
    /// and some values here differ from PyTorch's in the last bit.
    private func expectClose(_ found: [[Float]], _ expected: [[Float]]) {
        for (f, e) in zip(found.joined(), expected.joined()) {
            #expect(abs(f - e) <= 2 * e.ulp, "found \(found), PyTorch \(expected)")
        }
    }

    @Test func adamMatchesPyTorch() {
        expectClose(trajectory(Adam(learningRate: 0.01, weightDecay: 0.1)), [
            [0.49000000953674316, -1.2400000095367432, 1.9900000095367432, 0.010000000707805157],
            [0.4949477016925812, -1.2364439964294434, 1.9810218811035156, 0.0045339446514844894],
            [0.4931785762310028, -1.2329862117767334, 1.9764022827148438, 0.002550537697970867],
        ])
    }

    // MARK: frozen parameters and state

    @Test func frozenParametersAreUntouched() {
        do {
            let optimizer = Adam(learningRate: 0.1, weightDecay: 0.1)
            let frozen = parameter("frozen", [1, 2], gradient: [3, 4])
            frozen.isFrozen = true
            let trained = parameter("trained", [1, 2], gradient: [3, 4])
            optimizer.step([frozen, trained])
            optimizer.step([frozen, trained])
            #expect(frozen.value.scalars == [1, 2])
            #expect(trained.value.scalars != [1, 2])
            #expect(!optimizer.state.keys.contains { $0.hasSuffix(".frozen") })
        }
    }

    /// Steps `optimizer` over `parameters` with seeded gradients.
    private func run(_ optimizer: Optimizer, _ parameters: [Parameter], steps: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<steps {
            for p in parameters {
                p.gradient = .uniform(shape: p.value.shape, low: -1, high: 1, using: &generator)
            }
            optimizer.step(parameters)
        }
    }

    private func model() -> [Parameter] {
        var generator = SeededGenerator(seed: 3)
        return [Parameter(name: "encoder.conv1.weight", value: .uniform(shape: [2, 1, 3, 3], low: -1, high: 1, using: &generator)),
                Parameter(name: "encoder.conv1.bias", value: .uniform(shape: [2], low: -1, high: 1, using: &generator))]
    }

    @Test func restoredStateContinuesBitForBit() throws {
        let make = { Adam(learningRate: 0.01, weightDecay: 0.01) }
        let uninterrupted = make(), parameters = model()
        run(uninterrupted, parameters, steps: 3, seed: 5)

        // A checkpoint: parameter values and optimizer state, loaded into fresh objects.
        let restoredParameters = parameters.map { Parameter(name: $0.name, value: $0.value) }
        let restored = make()
        try restored.loadState(uninterrupted.state, for: restoredParameters)
        #expect(restored.state == uninterrupted.state)

        run(uninterrupted, parameters, steps: 3, seed: 6)
        run(restored, restoredParameters, steps: 3, seed: 6)
        for (a, b) in zip(parameters, restoredParameters) { #expect(a.value == b.value) }
        #expect(restored.state == uninterrupted.state)
    }

    @Test func loadStateRejectsStateThatDoesNotFit() throws {
        let parameters = model()
        let adam = Adam()
        run(adam, parameters, steps: 1, seed: 7)
        let good = adam.state
        let before = adam.state

        var wrongShape = good
        wrongShape["adam.v.encoder.conv1.bias"] = Tensor(zeros: [3])
        #expect(throws: OptimizerStateError.shapeMismatch(entry: "adam.v.encoder.conv1.bias", expected: [2], found: [3])) {
            try Adam().loadState(wrongShape, for: parameters)
        }
        var unknownParameter = good
        unknownParameter["adam.m.decoder.fc.weight"] = Tensor(zeros: [1])
        #expect(throws: OptimizerStateError.unknownParameter(entry: "adam.m.decoder.fc.weight", parameter: "decoder.fc.weight")) {
            try Adam().loadState(unknownParameter, for: parameters)
        }
        var missing = good
        missing["adam.m.encoder.conv1.weight"] = nil
        #expect(throws: OptimizerStateError.missingEntry(entry: "adam.m.encoder.conv1.weight")) {
            try adam.loadState(missing, for: parameters)
        }
        var badStep = good
        badStep["adam.step.encoder.conv1.bias"] = Tensor(shape: [1], scalars: [1.5])
        #expect(throws: OptimizerStateError.invalidStepCount(entry: "adam.step.encoder.conv1.bias", found: 1.5)) {
            try adam.loadState(badStep, for: parameters)
        }
        #expect(adam.state == before, "a failed load must leave the state as it was")
    }
}
