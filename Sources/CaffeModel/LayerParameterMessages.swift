/// The parameter messages of one layer, gathered from either format's field numbers. A message
/// that occurs more than once is merged, as protobuf does: later fields win, repeated ones add up.
struct LayerParameterMessages {
    var convolution: [ProtobufReader] = []
    var pooling: [ProtobufReader] = []
    var lrn: [ProtobufReader] = []
    var innerProduct: [ProtobufReader] = []
    var dropout: [ProtobufReader] = []
    var relu: [ProtobufReader] = []
    var prelu: [ProtobufReader] = []
    var batchNorm: [ProtobufReader] = []
    var scale: [ProtobufReader] = []
    var transform: [ProtobufReader] = []
}
