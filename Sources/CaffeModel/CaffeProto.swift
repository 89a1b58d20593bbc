/// Field numbers and enum values of the subset of BVLC Caffe's `src/caffe/proto/caffe.proto`
/// (proto2) read here, copied from that file with the declaration beside each number.
/// Defaults noted here are proto2 defaults that apply when a field is absent.
enum CaffeProto {
    enum NetParameter {
        static let name = 1            // optional string name
        static let layers = 2          // repeated V1LayerParameter layers (DEPRECATED)
        static let input = 3           // repeated string input (DEPRECATED)
        static let inputDim = 4        // repeated int32 input_dim: 4 per input (DEPRECATED)
        static let inputShape = 8      // repeated BlobShape input_shape (DEPRECATED)
        static let layer = 100         // repeated LayerParameter layer
    }

    enum LayerParameter {
        static let name = 1            // optional string name
        static let type = 2            // optional string type
        static let bottom = 3          // repeated string bottom
        static let top = 4             // repeated string top
        static let blobs = 7           // repeated BlobProto blobs
        static let convolution = 106   // optional ConvolutionParameter convolution_param
        static let dropout = 108       // optional DropoutParameter dropout_param
        static let innerProduct = 117  // optional InnerProductParameter inner_product_param
        static let lrn = 118           // optional LRNParameter lrn_param
        static let pooling = 121       // optional PoolingParameter pooling_param
        static let relu = 123          // optional ReLUParameter relu_param
    }

    enum V1LayerParameter {
        static let v0Layer = 1         // optional V0LayerParameter layer (pre-2014 format)
        static let bottom = 2          // repeated string bottom
        static let top = 3             // repeated string top
        static let name = 4            // optional string name
        static let type = 5            // optional LayerType type (enum, see V1LayerType)
        static let blobs = 6           // repeated BlobProto blobs
        static let convolution = 10    // optional ConvolutionParameter convolution_param
        static let dropout = 12        // optional DropoutParameter dropout_param
        static let innerProduct = 17   // optional InnerProductParameter inner_product_param
        static let lrn = 18            // optional LRNParameter lrn_param
        static let pooling = 19        // optional PoolingParameter pooling_param
        static let relu = 30           // optional ReLUParameter relu_param
    }

    enum BlobProto {
        static let num = 1             // optional int32 num [default = 0] (4-D legacy)
        static let channels = 2        // optional int32 channels [default = 0]
        static let height = 3          // optional int32 height [default = 0]
        static let width = 4           // optional int32 width [default = 0]
        static let data = 5            // repeated float data [packed = true]
        // 6: repeated float diff, 9: repeated double double_diff (gradients; skipped)
        static let shape = 7           // optional BlobShape shape
        static let doubleData = 8      // repeated double double_data [packed = true]
    }

    enum BlobShape {
        static let dim = 1             // repeated int64 dim [packed = true]
    }

    enum ConvolutionParameter {
        static let numOutput = 1       // optional uint32 num_output
        static let biasTerm = 2        // optional bool bias_term [default = true]
        static let pad = 3             // repeated uint32 pad (default 0)
        static let kernelSize = 4      // repeated uint32 kernel_size
        static let group = 5           // optional uint32 group [default = 1]
        static let stride = 6          // repeated uint32 stride (default 1)
        static let padH = 9            // optional uint32 pad_h [default = 0]
        static let padW = 10           // optional uint32 pad_w [default = 0]
        static let kernelH = 11        // optional uint32 kernel_h
        static let kernelW = 12        // optional uint32 kernel_w
        static let strideH = 13        // optional uint32 stride_h
        static let strideW = 14        // optional uint32 stride_w
        static let axis = 16           // optional int32 axis [default = 1]
        static let dilation = 18       // repeated uint32 dilation (default 1)
        // 7, 8: weight/bias fillers, 15: engine, 17: force_nd_im2col (skipped)
    }

    enum PoolingParameter {
        static let pool = 1            // optional PoolMethod pool [default = MAX]
        static let kernelSize = 2      // optional uint32 kernel_size
        static let stride = 3          // optional uint32 stride [default = 1]
        static let pad = 4             // optional uint32 pad [default = 0]
        static let kernelH = 5         // optional uint32 kernel_h
        static let kernelW = 6         // optional uint32 kernel_w
        static let strideH = 7         // optional uint32 stride_h
        static let strideW = 8         // optional uint32 stride_w
        static let padH = 9            // optional uint32 pad_h [default = 0]
        static let padW = 10           // optional uint32 pad_w [default = 0]
        static let globalPooling = 12  // optional bool global_pooling [default = false]
        static let roundMode = 13      // optional RoundMode round_mode [default = CEIL] (2018+)
        // 11: engine (skipped)
        enum PoolMethod { static let max: Int32 = 0, average: Int32 = 1, stochastic: Int32 = 2 }  // MAX, AVE, STOCHASTIC
        enum RoundMode { static let ceil: Int32 = 0, floor: Int32 = 1 }                        // CEIL, FLOOR
    }

    enum LRNParameter {
        static let localSize = 1       // optional uint32 local_size [default = 5]
        static let alpha = 2           // optional float alpha [default = 1.]
        static let beta = 3            // optional float beta [default = 0.75]
        static let normRegion = 4      // optional NormRegion norm_region [default = ACROSS_CHANNELS]
        static let k = 5               // optional float k [default = 1.]
        // 6: engine (skipped)
        enum NormRegion { static let acrossChannels: Int32 = 0, withinChannel: Int32 = 1 }  // ACROSS_CHANNELS, WITHIN_CHANNEL
    }

    enum InnerProductParameter {
        static let numOutput = 1       // optional uint32 num_output
        static let biasTerm = 2        // optional bool bias_term [default = true]
        static let axis = 5            // optional int32 axis [default = 1]
        static let transpose = 6       // optional bool transpose [default = false]
        // 3, 4: weight/bias fillers (skipped)
    }

    enum DropoutParameter {
        static let dropoutRatio = 1    // optional float dropout_ratio [default = 0.5]
    }

    enum ReLUParameter {
        static let negativeSlope = 1   // optional float negative_slope [default = 0]
        // 2: engine (skipped)
    }
}
