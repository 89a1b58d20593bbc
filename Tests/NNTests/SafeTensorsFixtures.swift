import Foundation
import Testing
import NN


/// A fresh folder for one safetensors test's files, removed by `remove()`.
struct SafeTensorsTestFolder {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("safetensors-tests-\(UUID().uuidString)", isDirectory: true)

    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func write(_ bytes: [UInt8], to name: String) throws -> URL {
        let file = file(name)
        try Data(bytes).write(to: file)
        return file
    }

    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A safetensors file built by hand: the header length (true unless overridden), the header, the data.
func rawFile(_ header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    rawFile(Array(header.utf8), data: data, headerLength: headerLength)
}

func rawFile(_ json: [UInt8], data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    let length = headerLength ?? UInt64(json.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + json + data
}

func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { value in (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
}

func bytes(of floats: [Float]) -> [UInt8] { littleEndian(floats.map(\.bitPattern)) }
