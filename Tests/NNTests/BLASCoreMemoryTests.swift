import Foundation
import Testing
@testable import NN

@Suite struct BLASCoreMemoryTests {
    let processor = ProcessorFeatures(vendor: "AuthenticAMD", brand: "AMD EPYC", family: 25, model: 1)

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blas-memory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aMeasuredChoiceIsRememberedPerProcessor() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = BLASCoreMemory(folder: folder.appendingPathComponent("made/on/demand"))
        #expect(memory.choice(for: processor) == nil)
        let choice = BLASCoreChoice(core: "Haswell", reason: .fastest(libraryCore: "Zen"), rates: ["Haswell": 71, "Zen": 58],
                                    library: "/usr/lib/libopenblasp-r0.3.21.so")
        memory.remember(choice, for: processor)
        #expect(memory.choice(for: processor) == choice)

        var other = processor
        other.model = 17
        #expect(memory.choice(for: other) == nil)
        let single = BLASCoreChoice(core: "Zen", reason: .libraryChoice, rates: ["Zen": 60, "Haswell": 58], library: "/lib/x.so")
        memory.remember(single, for: other)
        #expect(memory.choice(for: other) == single)
        #expect(memory.choice(for: processor) == choice)
    }

    @Test func anUnreadableFileMeansMeasuringAgain() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = BLASCoreMemory(folder: folder)
        try Data("{ not json".utf8).write(to: memory.file)
        #expect(memory.choice(for: processor) == nil)
    }
}
