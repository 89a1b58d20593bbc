import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Takes named regular files out of a .tar.gz archive, streaming, without unpacking the rest.
///
/// Reads POSIX ustar and GNU tar: 512-byte headers with octal (or GNU base-256) sizes, the ustar
/// prefix field, GNU long names ('L', 'K') and pax `path` and `linkpath` records ('x'). Every
/// member is checked, kept or not: an absolute path or one with a `..` component, a hard or
/// symbolic link whose target is either, or a member over `maximumMemberSize` rejects the whole
/// archive. Links are never created, and files are written under their last path component only.
public enum TarExtractor {
    /// 2 GiB: Caffe reads no protobuf file larger (INT_MAX), and no weight file here is one.
    public static let maximumMemberSize = Int64(Int32.max)

    /// What was written for one member.
    public struct ExtractedFile: Sendable, Equatable {
        public let name: String
        public let bytes: Int64
        public let sha256: String
    }

    /// Writes each regular file whose last path component is in `names` to `folder/<that name>`.
    /// `archiveName` is what errors call the archive (its URL, for a download). Throws
    /// `.missingArchiveMember` if a name is not in the archive, and on any corruption.
    public static func extract(archive path: String, archiveName: String, names: [String],
                               into folder: String) throws -> [ExtractedFile] {
        let input = try GzipFileReader(path: path, name: archiveName)
        var reader = TarBlockReader(input: input, archiveName: archiveName)
        let wanted = Set(names)
        var extracted: [String: ExtractedFile] = [:]
        var longName: String?     // from a GNU 'L' entry, for the next header
        var longLink: String?     // from a GNU 'K' entry, for the next header
        var paxRecords: [String: String] = [:]   // from a pax 'x' entry, for the next header

        while let header = try reader.nextHeader() {
            let entry = try TarHeader(header, archiveName: archiveName)
            let path = paxRecords["path"] ?? longName ?? entry.path
            let linkTarget = paxRecords["linkpath"] ?? longLink ?? entry.linkTarget
            paxRecords = [:]
            longName = nil
            longLink = nil
            guard entry.size <= maximumMemberSize else {
                throw WeightStoreError.archiveMemberTooLarge(file: archiveName, member: path, bytes: entry.size,
                                                             limit: maximumMemberSize)
            }
            switch entry.type {
            case UInt8(ascii: "L"):
                longName = TarHeader.cString(try reader.readData(count: entry.size))
            case UInt8(ascii: "K"):
                longLink = TarHeader.cString(try reader.readData(count: entry.size))
            case UInt8(ascii: "x"):
                paxRecords = try Self.paxRecords(try reader.readData(count: entry.size), archiveName: archiveName)
            default:
                guard !leavesFolder(path) else {
                    throw WeightStoreError.unsafeArchivePath(file: archiveName, path: path)
                }
                // Hard links ('1') and symbolic links ('2'): a later member written "through" one
                // would land where it points.
                let isLink = entry.type == UInt8(ascii: "1") || entry.type == UInt8(ascii: "2")
                guard !isLink || !leavesFolder(linkTarget) else {
                    throw WeightStoreError.unsafeArchiveLink(file: archiveName, path: path, target: linkTarget)
                }
                let name = path.split(separator: "/").last.map(String.init) ?? ""
                // '0' and NUL are regular files, '7' a contiguous file; the rest are skipped.
                let isRegular = entry.type == UInt8(ascii: "0") || entry.type == 0 || entry.type == UInt8(ascii: "7")
                if isRegular && wanted.contains(name) {
                    guard extracted[name] == nil else {
                        throw WeightStoreError.corruptArchive(file: archiveName, reason: "\(name) appears twice")
                    }
                    let target = folder + "/" + name
                    let (bytes, digest) = try reader.copyData(count: entry.size, to: target)
                    extracted[name] = ExtractedFile(name: name, bytes: bytes, sha256: digest)
                } else {
                    try reader.skipData(count: entry.size)
                }
            }
        }
        return try names.map { name in
            guard let file = extracted[name] else {
                throw WeightStoreError.missingArchiveMember(file: archiveName, member: name)
            }
            return file
        }
    }

    /// An absolute path, or one with a `..` component.
    private static func leavesFolder(_ path: String) -> Bool {
        path.hasPrefix("/") || path.split(separator: "/").contains("..")
    }

    /// "<length> <key>=<value>\n" records of a pax extended header.
    private static func paxRecords(_ data: [UInt8], archiveName: String) throws -> [String: String] {
        var records: [String: String] = [:]
        var offset = 0
        while offset < data.count {
            guard let space = data[offset...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: data[offset..<space], as: UTF8.self)),
                  length > space - offset, offset + length <= data.count,
                  let equals = data[(space + 1)..<(offset + length)].firstIndex(of: UInt8(ascii: "="))
            else {
                throw WeightStoreError.corruptArchive(file: archiveName, reason: "malformed pax header at record offset \(offset)")
            }
            let key = String(decoding: data[(space + 1)..<equals], as: UTF8.self)
            let value = String(decoding: data[(equals + 1)..<(offset + length - 1)], as: UTF8.self)
            records[key] = value
            offset += length
        }
        return records
    }
}
