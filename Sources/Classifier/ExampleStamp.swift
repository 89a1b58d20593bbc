import Datasets
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the feature cache knows of one image without reading it: its name, its file's size and
/// modification time. An edited, replaced or touched image changes the stamp, and with it the key.
public struct ExampleStamp: Sendable, Equatable {
    public let name: String
    public let size: Int64
    /// Nanoseconds since 1970 (the file system's full resolution).
    public let modified: Int64

    public init(name: String, size: Int64, modified: Int64) {
        self.name = name
        self.size = size
        self.modified = modified
    }

    /// Stamps of `examples` under `names`; an IDX item takes its file's stamp.
    public static func stamps(of examples: [Example], names: [String]) throws -> [ExampleStamp] {
        precondition(examples.count == names.count, "\(examples.count) examples, \(names.count) names")
        var byFile: [String: (Int64, Int64)] = [:]   // an IDX file is stat'ed once, not per item
        return try zip(examples, names).map { example, name in
            let file: String
            switch example.source {
            case .file(let path): file = path
            case .idx(_, _, let path): file = path
            }
            if byFile[file] == nil {
                var status = stat()
                guard stat(file, &status) == 0 else {
                    throw DatasetError.notFound(file)
                }
                byFile[file] = (Int64(status.st_size),
                                Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec))
            }
            let (size, modified) = byFile[file]!
            return ExampleStamp(name: name, size: size, modified: modified)
        }
    }
}
