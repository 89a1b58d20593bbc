import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 with an ephemeral port, serving in-memory files from a
/// background thread, one connection at a time. Each route can answer with an error status, cut
/// its body short, or flip a byte. It stops itself after `lifetime` seconds if a test forgets to.
final class LoopbackHTTPServer: @unchecked Sendable {
    struct Route {
        var body: [UInt8]
        var status = 200
        /// Send only this many body bytes (Content-Length still promises all of them), then close.
        var cutAfter: Int?
        /// Send this byte inverted.
        var flippedByte: Int?
        /// The body goes out in pieces of this size with a pause after each, so the client sees
        /// it arrive in several parts.
        var pieceSize = 16 * 1024
        var pauseMicroseconds: UInt32 = 1000
    }

    let port: UInt16
    private let listener: Int32
    private let routes: [String: Route]
    private let lock = NSLock()
    private var stopped = false
    private var requestedPaths: [String] = []
    private let finished = DispatchSemaphore(value: 0)
    /// Signalled by `stop`, to end a pause between pieces early.
    private let wakeUp = DispatchSemaphore(value: 0)

    init(routes: [String: Route], lifetime: Double = 20) throws {
        self.routes = routes
        let (listener, port) = try Self.boundSocket()
        guard listen(listener, 8) == 0 else { throw ServerError.socket("listen: \(String(cString: strerror(errno)))") }
        self.listener = listener
        self.port = port
        let deadline = Date().addingTimeInterval(lifetime)
        Thread.detachNewThread { [self] in
            serve(until: deadline)
            finished.signal()
        }
    }

    deinit { stop() }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Paths requested so far, in order.
    var requests: [String] { lock.withLock { requestedPaths } }

    func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        wakeUp.signal()
        finished.wait()
        close(listener)
    }

    struct ServerError: Error { let message: String; static func socket(_ m: String) -> ServerError { ServerError(message: m) } }

    /// A TCP socket bound to 127.0.0.1 on a port the kernel picks.
    static func boundSocket() throws -> (Int32, UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw ServerError.socket("bind: \(String(cString: strerror(errno)))")
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    private func serve(until deadline: Date) {
        while !lock.withLock({ stopped }) && Date() < deadline {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            respond(on: connection)
            close(connection)
        }
    }

    private func respond(on connection: Int32) {
        guard let path = readRequestPath(connection) else { return }
        lock.withLock { requestedPaths.append(path) }
        guard let route = routes[path], route.status == 200 else {
            let status = routes[path]?.status ?? 404
            send(connection, Array("HTTP/1.1 \(status) Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\nerror".utf8))
            return
        }
        var body = route.body
        if let index = route.flippedByte { body[index] = ~body[index] }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        guard send(connection, Array(head.utf8)) else { return }
        let sent = min(body.count, route.cutAfter ?? body.count)
        var offset = 0
        while offset < sent {
            let end = min(sent, offset + route.pieceSize)
            guard send(connection, Array(body[offset..<end])) else { return }
            offset = end
            if offset < sent && wakeUp.wait(timeout: .now() + .microseconds(Int(route.pauseMicroseconds))) == .success {
                return
            }
        }
    }

    /// The path of a GET request; the rest of the head is read and ignored.
    private func readRequestPath(_ connection: Int32) -> String? {
        var head = [UInt8]()
        var byte: UInt8 = 0
        while head.count < 16 * 1024 {
            guard recv(connection, &byte, 1, 0) == 1 else { return nil }
            head.append(byte)
            if head.suffix(4).elementsEqual([13, 10, 13, 10]) { break }
        }
        let requestLine = String(decoding: head.prefix { $0 != 13 }, as: UTF8.self).split(separator: " ")
        guard requestLine.count >= 2, requestLine[0] == "GET" else { return nil }
        return String(requestLine[1])
    }

    /// MSG_NOSIGNAL: a client that hung up must not kill the test process with SIGPIPE.
    @discardableResult
    private func send(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
