import Foundation
import Testing
import VAE

/// The validation metrics added after LPIPS and PSNR: SSIM and the periodic-artifact ratio, in the
/// epoch report and at the end of metrics-epochs.csv.
@Suite struct ValidationMetricsTests {
    let folders = TemporaryFolders()

    /// After one epoch of the tiny run: the old columns keep their places, the two new ones follow,
    /// and their values are the report's, in range. A VAE one epoch old reconstructs blurry shapes:
    /// SSIM between 0 and 1, and an artifact ratio that is a finite positive number.
    @Test func epochCSVEndsWithSSIMAndArtifactRatio() throws {
        let data = try folders.make(), out = try folders.make()
        try TrainingFixtures.imageFolder(in: data)
        let run = try TrainingFixtures.run(TrainingFixtures.configuration(data: data, epochs: 1), folder: out)
        var reports: [TrainingRun.EpochReport] = []
        var observer = TrainingRun.Observer()
        observer.epochEnded = { reports.append($0) }
        _ = try run.run(observer: observer, shouldStop: { false })

        let report = try #require(reports.first)
        #expect(report.ssim > 0 && report.ssim < 1, "SSIM \(report.ssim)")
        #expect(report.artifactRatio.isFinite && report.artifactRatio > 0, "artifact ratio \(report.artifactRatio)")

        let rows = try TrainingFixtures.rows(of: run.folder.epochMetricsFile, dropping: [])
        try #require(rows.count == 2)
        #expect(rows[0] == ["epoch", "step", "train_loss", "train_reconstruction", "train_kl",
                            "validation_loss", "validation_reconstruction", "validation_kl",
                            "validation_lpips", "validation_psnr", "seconds",
                            "validation_ssim", "validation_artifact_ratio"])
        let columns = CSVLog.columns(of: run.folder.epochMetricsFile)
        let (ssim, ratio) = (try #require(columns["validation_ssim"]?.first), try #require(columns["validation_artifact_ratio"]?.first))
        #expect(abs(ssim - report.ssim) < 1e-5 * abs(report.ssim))   // written with 6 significant digits
        #expect(abs(ratio - report.artifactRatio) < 1e-5 * report.artifactRatio)
        #expect(columns["validation_psnr"]?.first.map { abs($0 - report.psnr) < 1e-3 } == true)
    }
}
