import CaffeModel
import CaffeTestSupport

/// The raw nets the reading and error tests decode, written field by field with `RawCaffe`.
enum TinyCaffeNets {
    /// A tiny V2 net in BVLC AlexNet's order: conv → relu → LRN → pool, with a grouped conv2,
    /// plus fields the reader must skip (input_param, param, fillers, include rules).
    static func alexNetOrderV2() -> [UInt8] {
        RawCaffe.net(name: "TinyAlexNet") { w in
            RawCaffe.v2Layer(&w, name: "data", type: "Input", bottom: nil, top: "data") { l in
                // input_param (143) { shape (1) { dim: 1 3 7 7 } }: not read, skipped whole.
                l.writeMessage(field: 143) { $0.writeMessage(field: 1) { $0.write(field: 1, packedInt64s: [1, 3, 7, 7]) } }
            }
            RawCaffe.v2Layer(&w, name: "conv1", type: "Convolution", bottom: "data", top: "conv1",
                             blobs: [RawCaffe.blob(shape: [4, 3, 3, 3], data: RawCaffe.ramp(108)),
                                     RawCaffe.blob(shape: [4], data: [0.5, 1, 1.5, 2])]) { l in
                l.writeMessage(field: 6) { $0.write(field: 3, float: 1) }       // param { lr_mult: 1 }
                l.writeMessage(field: 106) { c in                                // convolution_param
                    c.write(field: 1, uint32: 4)                                 // num_output
                    c.write(field: 3, uint32: 1)                                 // pad
                    c.write(field: 4, uint32: 3)                                 // kernel_size
                    c.write(field: 6, uint32: 2)                                 // stride
                    c.writeMessage(field: 7) { f in                              // weight_filler
                        f.write(field: 1, string: "gaussian")
                        f.write(field: 6, float: 0.01)
                    }
                }
            }
            RawCaffe.v2Layer(&w, name: "relu1", type: "ReLU", bottom: "conv1", top: "conv1")
            RawCaffe.v2Layer(&w, name: "norm1", type: "LRN", bottom: "conv1", top: "norm1") { l in
                l.writeMessage(field: 118) { n in                                // lrn_param
                    n.write(field: 1, uint32: 5)                                 // local_size
                    n.write(field: 2, float: 1e-4)                               // alpha
                    n.write(field: 3, float: 0.75)                               // beta
                    n.write(field: 5, float: 2)                                  // k
                }
            }
            RawCaffe.v2Layer(&w, name: "pool1", type: "Pooling", bottom: "norm1", top: "pool1") { l in
                l.writeMessage(field: 121) { p in                                // pooling_param
                    p.write(field: 1, int32: 0)                                  // pool: MAX
                    p.write(field: 2, uint32: 3)                                 // kernel_size
                    p.write(field: 3, uint32: 2)                                 // stride
                }
            }
            RawCaffe.v2Layer(&w, name: "conv2", type: "Convolution", bottom: "pool1", top: "conv2",
                             blobs: [RawCaffe.blob(shape: [4, 2, 3, 3], data: RawCaffe.ramp(72, from: 5), packed: false)]) { l in
                l.writeMessage(field: 106) { c in
                    c.write(field: 1, uint32: 4)                                 // num_output
                    c.write(field: 2, bool: false)                               // bias_term
                    c.write(field: 3, uint32: 1)                                 // pad
                    c.write(field: 4, uint32: 3)                                 // kernel_size
                    c.write(field: 5, uint32: 2)                                 // group
                }
            }
            RawCaffe.v2Layer(&w, name: "relu2", type: "ReLU", bottom: "conv2", top: "conv2")
            RawCaffe.v2Layer(&w, name: "norm2", type: "LRN", bottom: "conv2", top: "norm2") { l in
                l.writeMessage(field: 118) { n in
                    n.write(field: 1, uint32: 3)
                    n.write(field: 2, float: 0.5)
                    n.write(field: 4, int32: 0)                                  // norm_region: ACROSS_CHANNELS
                }
            }
            RawCaffe.v2Layer(&w, name: "pool2", type: "Pooling", bottom: "norm2", top: "pool2") { l in
                l.writeMessage(field: 121) { p in
                    p.write(field: 1, int32: 1)                                  // pool: AVE
                    p.write(field: 2, uint32: 2)                                 // kernel_size
                    p.write(field: 3, uint32: 2)                                 // stride
                    p.write(field: 4, uint32: 1)                                 // pad
                }
            }
            RawCaffe.v2Layer(&w, name: "fc6", type: "InnerProduct", bottom: "pool2", top: "fc6",
                             blobs: [RawCaffe.blob(shape: [3, 16], data: RawCaffe.ramp(48)),
                                     RawCaffe.blob(shape: [3], data: [-1, 0, 1])]) { l in
                l.writeMessage(field: 117) { $0.write(field: 1, uint32: 3) }     // inner_product_param
            }
            RawCaffe.v2Layer(&w, name: "relu6", type: "ReLU", bottom: "fc6", top: "fc6") { l in
                l.writeMessage(field: 123) { $0.write(field: 1, float: 0.125) }  // relu_param.negative_slope
            }
            RawCaffe.v2Layer(&w, name: "drop6", type: "Dropout", bottom: "fc6", top: "fc6") { l in
                l.writeMessage(field: 108) { $0.write(field: 1, float: 0.375) }  // dropout_param.dropout_ratio
            }
            RawCaffe.v2Layer(&w, name: "prob", type: "Softmax", bottom: "fc6", top: "prob")
            RawCaffe.v2Layer(&w, name: "loss", type: "SoftmaxWithLoss", bottom: "fc6", top: "loss") { l in
                l.writeMessage(field: 8) { $0.write(field: 1, int32: 0) }        // include { phase: TRAIN }
            }
        }
    }

    /// A tiny V1 net in CaffeNet/Places205 order: conv → relu → pool → LRN, with enum types,
    /// legacy 4-D blobs (packed and unpacked floats, and double_data), input_dim and V1-only
    /// fields (blobs_lr, weight_decay) to skip.
    static func caffeNetOrderV1() -> [UInt8] {
        RawCaffe.net(name: "TinyCaffeNet") { w in
            w.write(field: 3, string: "data")                                    // input
            for d: Int32 in [1, 3, 9, 9] { w.write(field: 4, int32: d) }         // input_dim, unpacked
            RawCaffe.v1Layer(&w, name: "conv1", type: 4, bottom: "data", top: "conv1",   // CONVOLUTION
                             blobs: [RawCaffe.legacyBlob([4, 3, 3, 3], data: RawCaffe.ramp(108), packed: false),
                                     RawCaffe.legacyBlob([1, 1, 1, 4], data: [1, 2, 3, 4], packed: true)]) { l in
                for lr: Float in [1, 2] { l.write(field: 7, float: lr) }         // blobs_lr
                for decay: Float in [1, 0] { l.write(field: 8, float: decay) }   // weight_decay
                l.writeMessage(field: 10) { c in                                 // convolution_param
                    c.write(field: 1, uint32: 4)
                    c.write(field: 4, uint32: 3)
                    c.write(field: 6, uint32: 2)
                }
            }
            RawCaffe.v1Layer(&w, name: "relu1", type: 18, bottom: "conv1", top: "conv1")   // RELU
            RawCaffe.v1Layer(&w, name: "pool1", type: 17, bottom: "conv1", top: "pool1") { l in  // POOLING
                l.writeMessage(field: 19) { p in                                 // pooling_param
                    p.write(field: 1, int32: 0)
                    p.write(field: 2, uint32: 3)
                    p.write(field: 3, uint32: 2)
                }
            }
            RawCaffe.v1Layer(&w, name: "norm1", type: 15, bottom: "pool1", top: "norm1") { l in  // LRN
                l.writeMessage(field: 18) { n in                                 // lrn_param
                    n.write(field: 1, uint32: 5)
                    n.write(field: 2, float: 1e-4)
                    n.write(field: 3, float: 0.75)
                }
            }
            RawCaffe.v1Layer(&w, name: "conv2", type: 4, bottom: "norm1", top: "conv2",
                             blobs: [RawCaffe.doubleBlob(shape: [4, 2, 3, 3], data: (0..<72).map { Double($0) / 8 }),
                                     RawCaffe.legacyBlob([1, 1, 1, 4], data: [0, -1, -2, -3], packed: false)]) { l in
                l.writeMessage(field: 10) { c in
                    c.write(field: 1, uint32: 4)
                    c.write(field: 3, uint32: 1)
                    c.write(field: 4, uint32: 3)
                    c.write(field: 5, uint32: 2)
                }
            }
            RawCaffe.v1Layer(&w, name: "relu2", type: 18, bottom: "conv2", top: "conv2") { l in
                l.writeMessage(field: 30) { $0.write(field: 1, float: 0) }       // relu_param
            }
            RawCaffe.v1Layer(&w, name: "pool2", type: 17, bottom: "conv2", top: "pool2") { l in
                l.writeMessage(field: 19) { p in
                    p.write(field: 1, int32: 1)                                  // AVE
                    p.write(field: 2, uint32: 2)
                    p.write(field: 3, uint32: 2)
                }
            }
            RawCaffe.v1Layer(&w, name: "norm2", type: 15, bottom: "pool2", top: "norm2")   // all defaults
            RawCaffe.v1Layer(&w, name: "fc6", type: 14, bottom: "norm2", top: "fc6",       // INNER_PRODUCT
                             blobs: [RawCaffe.legacyBlob([1, 1, 2, 16], data: RawCaffe.ramp(32), packed: true),
                                     RawCaffe.legacyBlob([1, 1, 1, 2], data: [7, 8], packed: true)]) { l in
                l.writeMessage(field: 17) { $0.write(field: 1, uint32: 2) }      // inner_product_param
            }
            RawCaffe.v1Layer(&w, name: "drop6", type: 6, bottom: "fc6", top: "fc6") { l in  // DROPOUT
                l.writeMessage(field: 12) { $0.write(field: 1, float: 0.25) }    // dropout_param
            }
            RawCaffe.v1Layer(&w, name: "prob", type: 20, bottom: "fc6", top: "prob")       // SOFTMAX
            RawCaffe.v1Layer(&w, name: "loss", type: 21, bottom: "fc6", top: "loss")       // SOFTMAX_LOSS
            RawCaffe.v1Layer(&w, name: "mystery", type: 99, bottom: "fc6", top: "x")       // not in the enum
        }
    }
}
