/// `V1LayerParameter.LayerType` (caffe.proto) and the V2 type string Caffe's own upgrade
/// (`UpgradeV1LayerType` in upgrade_proto.cpp) gives each, so V1 and V2 layers share one decoder.
public enum V1LayerType {
    /// Enum value → V2 type string, in caffe.proto's order.
    static let typeNames: [Int32: String] = [
        0: "",                          // NONE
        35: "AbsVal",                   // ABSVAL
        1: "Accuracy",                  // ACCURACY
        30: "ArgMax",                   // ARGMAX
        2: "BNLL",                      // BNLL
        3: "Concat",                    // CONCAT
        37: "ContrastiveLoss",          // CONTRASTIVE_LOSS
        4: "Convolution",               // CONVOLUTION
        5: "Data",                      // DATA
        39: "Deconvolution",            // DECONVOLUTION
        6: "Dropout",                   // DROPOUT
        32: "DummyData",                // DUMMY_DATA
        7: "EuclideanLoss",             // EUCLIDEAN_LOSS
        25: "Eltwise",                  // ELTWISE
        38: "Exp",                      // EXP
        8: "Flatten",                   // FLATTEN
        9: "HDF5Data",                  // HDF5_DATA
        10: "HDF5Output",               // HDF5_OUTPUT
        28: "HingeLoss",                // HINGE_LOSS
        11: "Im2col",                   // IM2COL
        12: "ImageData",                // IMAGE_DATA
        13: "InfogainLoss",             // INFOGAIN_LOSS
        14: "InnerProduct",             // INNER_PRODUCT
        15: "LRN",                      // LRN
        29: "MemoryData",               // MEMORY_DATA
        16: "MultinomialLogisticLoss",  // MULTINOMIAL_LOGISTIC_LOSS
        34: "MVN",                      // MVN
        17: "Pooling",                  // POOLING
        26: "Power",                    // POWER
        18: "ReLU",                     // RELU
        19: "Sigmoid",                  // SIGMOID
        27: "SigmoidCrossEntropyLoss",  // SIGMOID_CROSS_ENTROPY_LOSS
        36: "Silence",                  // SILENCE
        20: "Softmax",                  // SOFTMAX
        21: "SoftmaxWithLoss",          // SOFTMAX_LOSS
        22: "Split",                    // SPLIT
        33: "Slice",                    // SLICE
        23: "TanH",                     // TANH
        24: "WindowData",               // WINDOW_DATA
        31: "Threshold",                // THRESHOLD
    ]

    /// V2 type string → enum value (public for the V1 writer in the tests' CaffeTestSupport).
    public static let values: [String: Int32] = Dictionary(uniqueKeysWithValues: typeNames.map { ($1, $0) })

    /// The V2 type string; an enum value this table lacks keeps its number in the name.
    static func typeName(_ value: Int32) -> String {
        typeNames[value] ?? "V1LayerType(\(value))"
    }
}
