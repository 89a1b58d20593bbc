import Foundation

/// The OpenBLAS core measured fastest, remembered per processor in `openblas-core.json` in the
/// cache folder: measuring takes a few seconds, and a machine's runs should agree bit for bit, which
/// a choice re-measured on a noisy machine would not promise. A choice is kept for the library
/// file it was measured with; another library (an upgrade) is measured anew. An unreadable or
/// unwritable file only means measuring again.
struct BLASCoreMemory {
    let file: URL

    init(folder: URL) { file = folder.appendingPathComponent("openblas-core.json") }

    private struct Entry: Codable {
        var library: String
        var core: String
        var libraryCore: String
        var rates: [String: Double]
    }

    private func entries() -> [String: Entry] {
        guard let data = try? Data(contentsOf: file) else { return [:] }
        return (try? JSONDecoder().decode([String: Entry].self, from: data)) ?? [:]
    }

    func choice(for processor: ProcessorFeatures) -> BLASCoreChoice? {
        guard let entry = entries()[processor.summary] else { return nil }
        let reason: BLASCoreChoice.Reason = entry.core == entry.libraryCore ? .libraryChoice : .fastest(libraryCore: entry.libraryCore)
        return BLASCoreChoice(core: entry.core, reason: reason, rates: entry.rates, library: entry.library)
    }

    func remember(_ choice: BLASCoreChoice, for processor: ProcessorFeatures) {
        guard let library = choice.library else { return }
        let libraryCore: String
        switch choice.reason {
        case .fastest(let core): libraryCore = core
        default: libraryCore = choice.core
        }
        var all = entries()
        all[processor.summary] = Entry(library: library, core: choice.core, libraryCore: libraryCore, rates: choice.rates)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(all) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.write(to: file) { output in try data.withUnsafeBytes { try output.append($0) } }
    }
}
