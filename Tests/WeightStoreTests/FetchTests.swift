import Foundation
import Testing
import WeightStore

/// Fetches from a loopback server into a fresh cache folder.
@Suite final class FetchTests {
    let root: URL
    let cache: URL
    let embedded: URL

    init() throws {
        root = try Fixtures.temporaryFolder()
        cache = root.appendingPathComponent("cache")
        embedded = root.appendingPathComponent("embedded")
        try FileManager.default.createDirectory(at: embedded, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func store(_ sets: [WeightSetDescriptor]) -> WeightStore {
        WeightStore(folder: cache, embeddedFolder: embedded, catalog: sets)
    }

    static let weights = Fixtures.bytes(100_000)

    @Test func fetchesAPlainFileWithTheRightDigest() throws {
        let server = try LoopbackHTTPServer(routes: ["/tiny.caffemodel": .init(body: Self.weights)])
        defer { server.stop() }
        let set = Fixtures.plainSet(url: server.url("/tiny.caffemodel"),
                                    checksum: .known(.sha1, digest: SHA1.hex(of: Self.weights), source: "test"))
        let store = store([set])
        #expect(try store.status(of: "tiny").state == .missing)

        let status = try store.fetch("tiny", idleTimeout: 5)
        #expect(status.state == .present(.knownDigest(.sha1)))
        #expect(status.folder == cache.appendingPathComponent("tiny"))
        #expect([UInt8](try Data(contentsOf: status.files[0])) == Self.weights)
        #expect(try store.status(of: "tiny", checking: .digests).state == .present(.knownDigest(.sha1)))
        #expect(try store.locate("tiny").file(.weights) == status.files[0])
        // Only the set's folder is left: no temporary files.
        #expect(Fixtures.contents(of: cache) == ["tiny"])
        #expect(Fixtures.contents(of: cache.appendingPathComponent("tiny")) == [".verified", "tiny.caffemodel"])

        // Present: a second fetch does not download again; `force` does.
        try store.fetch("tiny", idleTimeout: 5)
        #expect(server.requests.count == 1)
        try store.fetch("tiny", force: true, idleTimeout: 5)
        #expect(server.requests.count == 2)
        #expect(Fixtures.contents(of: cache) == ["tiny"])
    }

    @Test func fetchesAndUnpacksATarGz() throws {
        let deploy = Array("name: \"net\"\n".utf8)
        let mean = Fixtures.bytes(3000, seed: 7)
        let archive = try Fixtures.gzip(Fixtures.tar([
            .init(name: "net/", type: UInt8(ascii: "5")),
            .init(name: "net/net.caffemodel", data: Self.weights),
            .init(name: "net/deploy.prototxt", data: deploy),
            .init(name: "net/labels.csv", data: Array("kept out".utf8)),
            .init(name: "net/mean.binaryproto", data: mean),
        ]))
        let server = try LoopbackHTTPServer(routes: ["/net.tar.gz": .init(body: archive)])
        defer { server.stop() }
        let store = store([Fixtures.archiveSet(url: server.url("/net.tar.gz"),
                                               checksum: .known(.sha256, digest: SHA256.hex(of: archive), source: "test"))])

        let status = try store.fetch("packed", idleTimeout: 5)
        #expect(status.state == .present(.knownDigest(.sha256)))
        #expect([UInt8](try Data(contentsOf: status.file(.weights)!)) == Self.weights)
        #expect([UInt8](try Data(contentsOf: status.file(.modelDefinition)!)) == deploy)
        #expect([UInt8](try Data(contentsOf: status.file(.meanImage)!)) == mean)
        #expect(Fixtures.contents(of: cache) == ["packed"])
        #expect(Fixtures.contents(of: status.folder) == [".verified", "deploy.prototxt", "mean.binaryproto", "net.caffemodel"])
    }

    @Test func checksumMismatchLeavesNothingBehind() throws {
        // The server flips one byte: the SHA-1 of the download no longer matches.
        let server = try LoopbackHTTPServer(routes: ["/tiny.caffemodel": .init(body: Self.weights, flippedByte: 500)])
        defer { server.stop() }
        let expected = SHA1.hex(of: Self.weights)
        var wrong = Self.weights
        wrong[500] = ~wrong[500]
        let url = server.url("/tiny.caffemodel")
        let store = store([Fixtures.plainSet(url: url, checksum: .known(.sha1, digest: expected, source: "test"))])
        #expect(throws: WeightStoreError.checksumMismatch(url: url.absoluteString, algorithm: .sha1,
                                                           expected: expected, found: SHA1.hex(of: wrong))) {
            try store.fetch("tiny", idleTimeout: 5)
        }
        #expect(Fixtures.contents(of: cache).isEmpty)
        #expect(try store.status(of: "tiny").state == .missing)
    }

    @Test func notFoundLeavesNothingBehind() throws {
        let server = try LoopbackHTTPServer(routes: [:])
        defer { server.stop() }
        let url = server.url("/gone.caffemodel")
        let store = store([Fixtures.plainSet(url: url, checksum: .unpublished(note: "test"))])
        #expect(throws: WeightStoreError.httpStatus(url: url.absoluteString, code: 404)) {
            try store.fetch("tiny", idleTimeout: 5)
        }
        #expect(Fixtures.contents(of: cache).isEmpty)
        #expect(WeightStoreError.httpStatus(url: "http://h/x", code: 404).description
                == "http://h/x: the server answered HTTP 404 (not found)")
    }

    @Test func refusedConnectionLeavesNothingBehind() throws {
        // A bound socket that never listens: connecting to it is refused.
        let (socket, port) = try LoopbackHTTPServer.boundSocket()
        defer { close(socket) }
        let url = URL(string: "http://127.0.0.1:\(port)/tiny.caffemodel")!
        let store = store([Fixtures.plainSet(url: url, checksum: .unpublished(note: "test"))])
        #expect(throws: WeightStoreError.connectionFailed(url: url.absoluteString,
                                                           reason: "cannot connect to the server (connection refused)")) {
            try store.fetch("tiny", idleTimeout: 5)
        }
        #expect(Fixtures.contents(of: cache).isEmpty)
    }

    @Test func truncatedBodyLeavesNothingBehind() throws {
        let server = try LoopbackHTTPServer(routes: ["/tiny.caffemodel": .init(body: Self.weights, cutAfter: 40_000)])
        defer { server.stop() }
        let url = server.url("/tiny.caffemodel")
        let store = store([Fixtures.plainSet(url: url, checksum: .unpublished(note: "test"))])
        #expect(throws: WeightStoreError.truncated(url: url.absoluteString, expected: 100_000, received: 40_000)) {
            try store.fetch("tiny", idleTimeout: 5)
        }
        #expect(Fixtures.contents(of: cache).isEmpty)
    }

    @Test func stalledDownloadTimesOutAndLeavesNothingBehind() throws {
        // Half the body, then silence (cut short by `stop`) against an idle timeout of 1 s.
        let server = try LoopbackHTTPServer(routes: ["/tiny.caffemodel": .init(body: Self.weights, pieceSize: 50_000,
                                                                                 pauseMicroseconds: 6_000_000)])
        defer { server.stop() }
        let store = store([Fixtures.plainSet(url: server.url("/tiny.caffemodel"), checksum: .unpublished(note: "test"))])
        let started = Date()
        let error = #expect(throws: WeightStoreError.self) { try store.fetch("tiny", idleTimeout: 1) }
        #expect(Date().timeIntervalSince(started) < 5)
        guard case .connectionFailed(_, let reason)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(reason.hasPrefix("no data for 1 s, timed out after "))
        #expect(Fixtures.contents(of: cache).isEmpty)
    }

    /// The timeout is for silence, not for the whole download: 1.2 s of slow pieces pass a 1 s timeout.
    @Test func slowSteadyDownloadDoesNotTimeOut() throws {
        let server = try LoopbackHTTPServer(routes: ["/tiny.caffemodel": .init(body: Self.weights, pieceSize: 20_000,
                                                                                 pauseMicroseconds: 300_000)])
        defer { server.stop() }
        let store = store([Fixtures.plainSet(url: server.url("/tiny.caffemodel"), checksum: .unpublished(note: "test"))])
        let started = Date()
        #expect(try store.fetch("tiny", idleTimeout: 1).isPresent)
        #expect(Date().timeIntervalSince(started) > 1.1)
    }

    @Test func corruptArchiveLeavesNothingBehind() throws {
        let good = try Fixtures.gzip(Fixtures.tar([.init(name: "net.caffemodel", data: Self.weights)]))
        let archive = Array(good.prefix(good.count - 100))
        let server = try LoopbackHTTPServer(routes: ["/net.tar.gz": .init(body: archive)])
        defer { server.stop() }
        let store = store([Fixtures.archiveSet(url: server.url("/net.tar.gz"), checksum: .unpublished(note: "test"))])
        let error = #expect(throws: WeightStoreError.self) { try store.fetch("packed", idleTimeout: 5) }
        guard case .corruptArchive? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(Fixtures.contents(of: cache).isEmpty)
    }

    @Test func unsafeArchivePathLeavesNothingBehind() throws {
        let archive = try Fixtures.gzip(Fixtures.tar([.init(name: "../evil", data: [1, 2, 3])]))
        let server = try LoopbackHTTPServer(routes: ["/net.tar.gz": .init(body: archive)])
        defer { server.stop() }
        let url = server.url("/net.tar.gz")
        let store = store([Fixtures.archiveSet(url: url, checksum: .unpublished(note: "test"))])
        #expect(throws: WeightStoreError.unsafeArchivePath(file: url.absoluteString, path: "../evil")) {
            try store.fetch("packed", idleTimeout: 5)
        }
        #expect(Fixtures.contents(of: cache).isEmpty)
        #expect(Fixtures.contents(of: root) == ["cache", "embedded"])
    }

    @Test func fileBelowItsMinimumSizeLeavesNothingBehind() throws {
        let server = try LoopbackHTTPServer(routes: ["/tiny.caffemodel": .init(body: Array("<html>moved</html>".utf8))])
        defer { server.stop() }
        let url = server.url("/tiny.caffemodel")
        let store = store([Fixtures.plainSet(url: url, checksum: .unpublished(note: "test"), minimumBytes: 1000)])
        #expect(throws: WeightStoreError.tooSmall(file: "tiny.caffemodel from \(url.absoluteString)", minimum: 1000, found: 18)) {
            try store.fetch("tiny", idleTimeout: 5)
        }
        #expect(Fixtures.contents(of: cache).isEmpty)
    }

    @Test func progressReportsIncreasingByteCounts() throws {
        let body = Fixtures.bytes(300_000, seed: 3)
        // Six pieces 30 ms apart: even on a busy machine the client wakes between them.
        let server = try LoopbackHTTPServer(routes: ["/big.caffemodel": .init(body: body, pieceSize: 50_000, pauseMicroseconds: 30_000)])
        defer { server.stop() }
        let store = store([Fixtures.plainSet(url: server.url("/big.caffemodel"), checksum: .unpublished(note: "test"))])
        let lock = NSLock()
        var reports: [DownloadProgress] = []
        try store.fetch("tiny", idleTimeout: 5) { progress in lock.withLock { reports.append(progress) } }

        let counts = lock.withLock { reports.map(\.bytesReceived) }
        #expect(counts.count >= 3)
        #expect(counts.first == 0)
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 < $1 })
        #expect(counts.last == 300_000)
        #expect(lock.withLock { reports.allSatisfy { $0.totalBytes == 300_000 } })
    }

    @Test func unpublishedChecksumRecordsTheDigestAndSeesLaterDamage() throws {
        let server = try LoopbackHTTPServer(routes: ["/tiny.caffemodel": .init(body: Self.weights)])
        defer { server.stop() }
        let store = store([Fixtures.plainSet(url: server.url("/tiny.caffemodel"), checksum: .unpublished(note: "test"))])
        let status = try store.fetch("tiny", idleTimeout: 5)
        #expect(status.state == .present(.recordedDigest))

        // Same size, one byte changed: only the digest check sees it.
        var changed = Self.weights
        changed[10] = ~changed[10]
        try Fixtures.write(changed, to: status.files[0])
        #expect(try store.status(of: "tiny", checking: .sizes).state == .present(.recordedDigest))
        guard case .damaged(let reason) = try store.status(of: "tiny", checking: .digests).state else {
            Issue.record("a changed file passed the digest check"); return
        }
        #expect(reason.contains("SHA-256 differs"))

        // A shortened file fails even the cheap check, and loading says what to run.
        try Fixtures.write(Array(changed.prefix(10)), to: status.files[0])
        let error = #expect(throws: WeightStoreError.self) { try store.locate("tiny") }
        #expect(error?.description.hasPrefix("weight set tiny is damaged (") == true)
        #expect(error?.description.hasSuffix("run `vae-cli weights fetch tiny --force` to download it again") == true)
    }

    @Test func missingSetNamesTheCommandThatFetchesIt() throws {
        let store = WeightStore(folder: cache, embeddedFolder: embedded)
        #expect(throws: WeightStoreError.notDownloaded("places205")) { try store.locate("places205") }
        #expect(WeightStoreError.notDownloaded("places205").description
                == "weight set places205 is not downloaded; run `vae-cli weights fetch places205`")
        #expect(throws: WeightStoreError.unknownSet("vgg", known: ["imagenet", "places205", "bvlc-alexnet"])) {
            try store.locate("vgg")
        }
        #expect(throws: WeightStoreError.nothingToFetch("imagenet")) { try store.fetch("imagenet") }
        // Looking does not create the cache folder.
        #expect(!FileManager.default.fileExists(atPath: cache.path))
    }

    @Test func embeddedSetIsCheckedAgainstItsShippedDigest() throws {
        let contents = Fixtures.bytes(2000, seed: 9)
        let set = WeightSetDescriptor(
            name: "shipped", summary: "a shipped test set", format: .safetensors, origin: .embedded,
            files: [WeightFile(name: "shipped.safetensors", role: .weights, sha256: SHA256.hex(of: contents))],
            layers: ["features.0"], inputConvention: Fixtures.caffeInput)
        let store = store([set])
        #expect(throws: WeightStoreError.embeddedFileMissing(set: "shipped", path: embedded.appendingPathComponent("shipped.safetensors").path)) {
            try store.locate("shipped")
        }
        try Fixtures.write(contents, to: embedded.appendingPathComponent("shipped.safetensors"))
        #expect(try store.locate("shipped").state == .present(.knownDigest(.sha256)))
        try Fixtures.write(Array(contents.dropLast()), to: embedded.appendingPathComponent("shipped.safetensors"))
        guard case .damaged = try store.status(of: "shipped").state else { Issue.record("a changed shipped file passed"); return }
    }

    @Test func abandonedPartialFoldersAreRemovedByTheNextFetch() throws {
        let server = try LoopbackHTTPServer(routes: ["/tiny.caffemodel": .init(body: Self.weights)])
        defer { server.stop() }
        let store = store([Fixtures.plainSet(url: server.url("/tiny.caffemodel"), checksum: .unpublished(note: "test"))])
        // Left by a process that no longer exists (pids never reach 2^31 - 1 on Linux).
        let abandoned = cache.appendingPathComponent(".partial-tiny-2147483646-1")
        try FileManager.default.createDirectory(at: abandoned, withIntermediateDirectories: true)
        try store.fetch("tiny", idleTimeout: 5)
        #expect(Fixtures.contents(of: cache) == ["tiny"])
    }
}
