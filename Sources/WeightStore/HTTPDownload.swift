import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP(S) GET streamed into a new file, hashed on the way, with progress reports.
///
/// URLSession (libcurl underneath on Linux) follows redirects; a non-2xx status, a failed
/// connection, or fewer bytes than Content-Length promised is an error. The caller owns the file
/// and removes it on failure.
///
/// `@unchecked Sendable`: the mutable state is touched only on the session's serial delegate
/// queue, and read by `run` after `finished` has been signalled.
final class HTTPDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Result {
        let bytes: Int64
        /// Hex digests of the whole download, one per requested algorithm.
        let digests: [ChecksumAlgorithm: String]
    }

    private let url: URL
    private let path: String
    private let output: Int32
    private var hashers: [(ChecksumAlgorithm, any DigestFunction)]
    private let progress: (DownloadProgress) -> Void
    private let idleTimeout: Double
    private var received: Int64 = 0
    private var expected: Int64?
    private var failure: WeightStoreError?
    private var timedOut = false
    private let finished = DispatchSemaphore(value: 0)

    /// Downloads `url` into a new file at `path`. `idleTimeout`: seconds without data before giving up.
    static func run(url: URL, to path: String, algorithms: [ChecksumAlgorithm], idleTimeout: Double,
                    progress: @escaping (DownloadProgress) -> Void) throws -> Result {
        let output = try FileSystem.create(path)
        defer { close(output) }
        let download = HTTPDownload(url: url, path: path, output: output, algorithms: algorithms,
                                    idleTimeout: idleTimeout, progress: progress)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = idleTimeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1   // delegate calls one at a time, in order
        let session = URLSession(configuration: configuration, delegate: download, delegateQueue: queue)
        var request = URLRequest(url: url)
        // The checksum is of the file as published: no transparent decompression on the way.
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        session.dataTask(with: request).resume()
        download.finished.wait()
        session.finishTasksAndInvalidate()
        return try download.result()
    }

    private init(url: URL, path: String, output: Int32, algorithms: [ChecksumAlgorithm], idleTimeout: Double,
                 progress: @escaping (DownloadProgress) -> Void) {
        self.url = url
        self.path = path
        self.output = output
        self.hashers = algorithms.map { ($0, $0.makeHasher()) }
        self.idleTimeout = idleTimeout
        self.progress = progress
    }

    private func result() throws -> Result {
        // A stall is reported as such; any other early end as a short body.
        if let expected, received < expected, !timedOut {
            throw WeightStoreError.truncated(url: url.absoluteString, expected: expected, received: received)
        }
        if let failure { throw failure }
        var digests: [ChecksumAlgorithm: String] = [:]
        for index in hashers.indices {
            digests[hashers[index].0] = hexString(hashers[index].1.finalize())
        }
        return Result(bytes: received, digests: digests)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            failure = .httpStatus(url: url.absoluteString, code: http.statusCode)
            completionHandler(.cancel)
            return
        }
        expected = response.expectedContentLength >= 0 ? response.expectedContentLength : nil
        progress(DownloadProgress(bytesReceived: 0, totalBytes: expected))
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard failure == nil else { return }
        do {
            try data.withUnsafeBytes { bytes in
                for index in hashers.indices { hashers[index].1.update(bytes) }
                try FileSystem.write(output, bytes, path: path)
            }
        } catch let error as WeightStoreError {
            failure = error
            dataTask.cancel()
            return
        } catch {
            failure = .cannotWrite(path: path, reason: "\(error)")
            dataTask.cancel()
            return
        }
        received += Int64(data.count)
        progress(DownloadProgress(bytesReceived: received, totalBytes: expected))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if failure == nil, let error {
            timedOut = (error as? URLError)?.code == .timedOut
            failure = .connectionFailed(url: url.absoluteString, reason: plainReason(error))
        }
        finished.signal()
    }

    /// URLError codes in the words a user would look for.
    private func plainReason(_ error: Error) -> String {
        guard let urlError = error as? URLError else { return "\(error)" }
        switch urlError.code {
        case .cannotConnectToHost: return "cannot connect to the server (connection refused)"
        case .cannotFindHost, .dnsLookupFailed: return "unknown host"
        case .timedOut:
            let seconds = idleTimeout == idleTimeout.rounded() ? "\(Int(idleTimeout))" : "\(idleTimeout)"
            return "no data for \(seconds) s, timed out after \(received)\(expected.map { " of \($0)" } ?? "") bytes"
        case .networkConnectionLost: return "the connection was lost"
        case .notConnectedToInternet: return "not connected to a network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid:
            return "the secure connection failed (\(urlError.localizedDescription))"
        case .httpTooManyRedirects: return "too many redirects"
        default: return urlError.localizedDescription
        }
    }
}
