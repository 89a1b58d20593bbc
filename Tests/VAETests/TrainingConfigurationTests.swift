import Datasets
import Foundation
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

    /// Photos get the decoder without a checkerboard and smaller batches; IDX data (Fashion-MNIST)
    /// keeps the defaults.
    @Test func theDefaultsFollowTheData() throws {
        let folders = TemporaryFolders()
        let photos = try folders.make()
        try TrainingFixtures.imageFolder(perClass: 2, in: photos)
        var forPhotos = TrainingConfiguration.defaults(forData: photos.path)
        #expect(forPhotos.data == photos.path)
        #expect(forPhotos.architecture.decoder == .upsample && forPhotos.batchSize == 16)
        forPhotos.data = TrainingConfiguration.defaults.data
        forPhotos.architecture.decoder = .transposed
        forPhotos.batchSize = 64
        #expect(forPhotos == TrainingConfiguration.defaults, "nothing else differs")

        let idx = try folders.make()
        FileManager.default.createFile(atPath: idx.appendingPathComponent("train-images-idx3-ubyte.gz").path, contents: Data())
        for path in [idx.path, idx.appendingPathComponent("train-images-idx3-ubyte.gz").path] {
            var forIDX = TrainingConfiguration.defaults(forData: path)
            #expect(forIDX.data == path)
            forIDX.data = TrainingConfiguration.defaults.data
            #expect(forIDX == TrainingConfiguration.defaults)
        }
    }
}
