import Datasets
import Testing
import VAE

/// The one source of `vae-cli train`'s defaults.
@Suite struct TrainingConfigurationTests {
    @Test func defaultsAreTheCLIsRun() {
        let d = TrainingConfiguration.defaults
        #expect(d.data == DataSource.fashionMNISTPath)
        #expect(d.architecture == VAEArchitecture(imageSize: 64, latentDimension: 100))
        #expect(d.lossNetwork == "imagenet" && d.lossNetworkFile == nil)
        #expect(d.loss.layers == ["relu1", "relu2", "relu3"] && d.loss.inputScale == 1)
        #expect(d.architecture.decoder == .transposed)
        #expect(d.klWeight == 0.001 && d.klWarmUpSteps == 0)
        #expect((d.epochs, d.batchSize, d.learningRate, d.seed) == (1, 64, 5e-4, 1))
        #expect(d.trainingLimit == nil && d.validationLimit == 1024)
        #expect((d.checkpointEvery, d.keepCheckpoints) == (500, 3))
    }

    /// The short run differs from the defaults only in how much it trains and validates on.
    @Test func theShortRunChangesOnlyItsLimitsAndEpochs() {
        var run = TrainingConfiguration.shortRun
        #expect((run.trainingLimit, run.epochs, run.validationLimit) == (12_800, 2, 256))
        run.trainingLimit = nil
        run.epochs = 1
        run.validationLimit = 1024
        #expect(run == TrainingConfiguration.defaults)
    }
}
