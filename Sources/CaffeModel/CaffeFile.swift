import Foundation

/// Reads a whole protobuf file, with the checks every Caffe file gets before decoding.
enum CaffeFile {
    /// Caffe's own limit on a protobuf file (kProtoReadBytesLimit = INT_MAX).
    static let maximumSize = Int(Int32.max)

    static func read(_ url: URL) throws -> [UInt8] {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CaffeModelError.unreadable(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw CaffeModelError.unreadable(file: path, reason: "is a directory") }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw CaffeModelError.unreadable(file: path, reason: error.localizedDescription)
        }
        guard data.count <= maximumSize else {
            throw CaffeModelError.tooLarge(file: path, bytes: data.count, limit: maximumSize)
        }
        return [UInt8](data)
    }
}
