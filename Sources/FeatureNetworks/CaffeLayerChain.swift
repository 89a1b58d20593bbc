import CaffeModel

/// The layers of a Caffe net that compute features, in file order, checked to form one chain:
/// each reads the blob the previous one wrote. Data layers only name the input blob (and keep
/// their `transform_param`); softmax, accuracy and loss layers are skipped; a layer that reads
/// anything else, or joins blobs, is a branch and an error naming it.
struct CaffeLayerChain {
    /// The computing layers, Dropout and Flatten included (both identities here).
    let layers: [CaffeLayer]
    /// The first data layer's input transformation, if the file keeps one.
    let transform: CaffeTransform?

    /// Types that feed the net rather than compute on it.
    static let dataTypes: Set<String> = ["Data", "Input", "ImageData", "MemoryData", "HDF5Data", "DummyData",
                                         "WindowData", "AnnotatedData"]
    /// Types that only turn the last output into a probability, a loss or a score.
    static let headTypes: Set<String> = ["Softmax", "Accuracy", "ArgMax", "Silence"]

    static func isHead(_ type: String) -> Bool { headTypes.contains(type) || type.hasSuffix("Loss") }

    init(net: CaffeNet, file: String) throws {
        var current: String? = net.inputs.first?.name
        var transform: CaffeTransform?
        var layers: [CaffeLayer] = []
        for (index, layer) in net.layers.enumerated() {
            let name = layer.name.isEmpty ? "#\(index)" : layer.name
            let type = layer.kind.typeName
            if Self.dataTypes.contains(type) {
                if current == nil { current = layer.tops.first }
                if transform == nil { transform = layer.transform }
                continue
            }
            if Self.isHead(type) { continue }
            if type == "Eltwise" || type == "Concat" {
                throw WeightFileError.branching(file: file, layer: name, reason: "\(type) joins \(layer.bottoms.count) blobs")
            }
            // Files written by Caffe name every bottom and top; definitions without them are read in order.
            if !layer.bottoms.isEmpty {
                guard layer.bottoms.count == 1 else {
                    throw WeightFileError.branching(file: file, layer: name,
                                                    reason: "reads \(layer.bottoms.count) blobs (\(layer.bottoms.joined(separator: ", ")))")
                }
                if let current, layer.bottoms[0] != current {
                    throw WeightFileError.branching(file: file, layer: name,
                                                    reason: "reads \(layer.bottoms[0]), not \(current), the previous layer's output")
                }
            }
            if layer.tops.count > 1 {
                throw WeightFileError.branching(file: file, layer: name, reason: "writes \(layer.tops.count) blobs")
            }
            current = layer.tops.first ?? current
            layers.append(layer)
        }
        self.layers = layers
        self.transform = transform
    }
}
