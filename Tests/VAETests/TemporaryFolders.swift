import Foundation

/// Fresh folders under the system temporary folder, deleted with this object. A suite holds one
/// and Swift Testing makes a suite instance per test, so every test cleans up after itself.
final class TemporaryFolders {
    private var urls: [URL] = []

    func make(_ label: String = "VAETests") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        urls.append(url)
        return url
    }

    deinit {
        for url in urls { try? FileManager.default.removeItem(at: url) }
    }
}
