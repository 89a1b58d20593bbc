/// Field numbers and enum values of the subset of BVLC Caffe's `src/caffe/proto/caffe.proto`
/// (proto2) read here, copied from that file with the declaration beside each number.
/// Defaults noted here are proto2 defaults that apply when a field is absent.
/// Public so that the writers in the tests' CaffeTestSupport use the same numbers.
public enum CaffeProto {
    public enum NetParameter {
        public static let name = 1            // optional string name
        public static let layers = 2          // repeated V1LayerParameter layers (DEPRECATED)
        public static let input = 3           // repeated string input (DEPRECATED)
        public static let inputDim = 4        // repeated int32 input_dim: 4 per input (DEPRECATED)
        public static let inputShape = 8      // repeated BlobShape input_shape (DEPRECATED)
        public static let layer = 100         // repeated LayerParameter layer
    }

    public enum LayerParameter {
        public static let name = 1            // optional string name
        public static let type = 2            // optional string type
        public static let bottom = 3          // repeated string bottom
        public static let top = 4             // repeated string top
        public static let blobs = 7           // repeated BlobProto blobs
        public static let transform = 100     // optional TransformationParameter transform_param
        public static let convolution = 106   // optional ConvolutionParameter convolution_param
        public static let dropout = 108       // optional DropoutParameter dropout_param
        public static let innerProduct = 117  // optional InnerProductParameter inner_product_param
        public static let lrn = 118           // optional LRNParameter lrn_param
        public static let pooling = 121       // optional PoolingParameter pooling_param
        public static let relu = 123          // optional ReLUParameter relu_param
        public static let prelu = 131         // optional PReLUParameter prelu_param
        public static let batchNorm = 139     // optional BatchNormParameter batch_norm_param
        public static let scale = 142         // optional ScaleParameter scale_param
    }

    public enum V1LayerParameter {
        public static let v0Layer = 1         // optional V0LayerParameter layer (pre-2014 format)
        public static let bottom = 2          // repeated string bottom
        public static let top = 3             // repeated string top
        public static let name = 4            // optional string name
        public static let type = 5            // optional LayerType type (enum, see V1LayerType)
        public static let blobs = 6           // repeated BlobProto blobs
        public static let convolution = 10    // optional ConvolutionParameter convolution_param
        public static let dropout = 12        // optional DropoutParameter dropout_param
        public static let innerProduct = 17   // optional InnerProductParameter inner_product_param
        public static let lrn = 18            // optional LRNParameter lrn_param
        public static let pooling = 19        // optional PoolingParameter pooling_param
        public static let relu = 30           // optional ReLUParameter relu_param
    }

    public enum BlobProto {
        public static let num = 1             // optional int32 num [default = 0] (4-D legacy)
        public static let channels = 2        // optional int32 channels [default = 0]
        public static let height = 3          // optional int32 height [default = 0]
        public static let width = 4           // optional int32 width [default = 0]
        public static let data = 5            // repeated float data [packed = true]
        // 6: repeated float diff, 9: repeated double double_diff (gradients; skipped)
        public static let shape = 7           // optional BlobShape shape
        public static let doubleData = 8      // repeated double double_data [packed = true]
    }

    public enum BlobShape {
        public static let dim = 1             // repeated int64 dim [packed = true]
    }

    public enum ConvolutionParameter {
        public static let numOutput = 1       // optional uint32 num_output
        public static let biasTerm = 2        // optional bool bias_term [default = true]
        public static let pad = 3             // repeated uint32 pad (default 0)
        public static let kernelSize = 4      // repeated uint32 kernel_size
        public static let group = 5           // optional uint32 group [default = 1]
        public static let stride = 6          // repeated uint32 stride (default 1)
        public static let padH = 9            // optional uint32 pad_h [default = 0]
        public static let padW = 10           // optional uint32 pad_w [default = 0]
        public static let kernelH = 11        // optional uint32 kernel_h
        public static let kernelW = 12        // optional uint32 kernel_w
        public static let strideH = 13        // optional uint32 stride_h
        public static let strideW = 14        // optional uint32 stride_w
        public static let axis = 16           // optional int32 axis [default = 1]
        public static let dilation = 18       // repeated uint32 dilation (default 1)
        // 7, 8: weight/bias fillers, 15: engine, 17: force_nd_im2col (skipped)
    }

    public enum PoolingParameter {
        public static let pool = 1            // optional PoolMethod pool [default = MAX]
        public static let kernelSize = 2      // optional uint32 kernel_size
        public static let stride = 3          // optional uint32 stride [default = 1]
        public static let pad = 4             // optional uint32 pad [default = 0]
        public static let kernelH = 5         // optional uint32 kernel_h
        public static let kernelW = 6         // optional uint32 kernel_w
        public static let strideH = 7         // optional uint32 stride_h
        public static let strideW = 8         // optional uint32 stride_w
        public static let padH = 9            // optional uint32 pad_h [default = 0]
        public static let padW = 10           // optional uint32 pad_w [default = 0]
        public static let globalPooling = 12  // optional bool global_pooling [default = false]
        public static let roundMode = 13      // optional RoundMode round_mode [default = CEIL] (2018+)
        // 11: engine (skipped)
        public enum PoolMethod { public static let max: Int32 = 0, average: Int32 = 1, stochastic: Int32 = 2 }  // MAX, AVE, STOCHASTIC
        public enum RoundMode { public static let ceil: Int32 = 0, floor: Int32 = 1 }                        // CEIL, FLOOR
    }

    public enum LRNParameter {
        public static let localSize = 1       // optional uint32 local_size [default = 5]
        public static let alpha = 2           // optional float alpha [default = 1.]
        public static let beta = 3            // optional float beta [default = 0.75]
        public static let normRegion = 4      // optional NormRegion norm_region [default = ACROSS_CHANNELS]
        public static let k = 5               // optional float k [default = 1.]
        // 6: engine (skipped)
        public enum NormRegion { public static let acrossChannels: Int32 = 0, withinChannel: Int32 = 1 }  // ACROSS_CHANNELS, WITHIN_CHANNEL
    }

    public enum InnerProductParameter {
        public static let numOutput = 1       // optional uint32 num_output
        public static let biasTerm = 2        // optional bool bias_term [default = true]
        public static let axis = 5            // optional int32 axis [default = 1]
        public static let transpose = 6       // optional bool transpose [default = false]
        // 3, 4: weight/bias fillers (skipped)
    }

    public enum TransformationParameter {
        public static let scale = 1           // optional float scale [default = 1]
        public static let cropSize = 3        // optional uint32 crop_size [default = 0]
        public static let meanFile = 4        // optional string mean_file
        public static let meanValue = 5       // repeated float mean_value
        // 2: mirror, 6: force_color, 7: force_gray (skipped)
    }

    public enum PReLUParameter {
        public static let channelShared = 2   // optional bool channel_shared [default = false]
        // 1: filler (skipped)
    }

    public enum BatchNormParameter {
        public static let eps = 3             // optional float eps [default = 1e-5]
        // 1: use_global_stats, 2: moving_average_fraction (training only; skipped)
    }

    public enum ScaleParameter {
        public static let axis = 1            // optional int32 axis [default = 1]
        public static let numAxes = 2         // optional int32 num_axes [default = 1]
        public static let biasTerm = 4        // optional bool bias_term [default = false]
        // 3, 5: fillers (skipped)
    }

    public enum DropoutParameter {
        public static let dropoutRatio = 1    // optional float dropout_ratio [default = 0.5]
    }

    public enum ReLUParameter {
        public static let negativeSlope = 1   // optional float negative_slope [default = 0]
        // 2: engine (skipped)
    }
}
