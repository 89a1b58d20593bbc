/// W1 `dfc64` (B=64, 64x64: encoder, decoder, Caffe AlexNet loss net with ceil pooling; the
/// `--decoder upsample` stages run as the same transposed convolutions, see UpsampleConvolution) and
/// W2 `fc6_227` (B=32, Caffe AlexNet at 227x227).
enum ConvolutionWorkloads {
    static let w1: [ConvolutionShape] = [
        .init(workload: "W1", name: "enc1", kind: .conv, batch: 64, inputChannels: 3, outputChannels: 32, size: 64, kernel: 4, stride: 2, padding: 1, groups: 1),
        .init(workload: "W1", name: "enc2", kind: .conv, batch: 64, inputChannels: 32, outputChannels: 64, size: 32, kernel: 4, stride: 2, padding: 1, groups: 1),
        .init(workload: "W1", name: "enc3", kind: .conv, batch: 64, inputChannels: 64, outputChannels: 128, size: 16, kernel: 4, stride: 2, padding: 1, groups: 1),
        .init(workload: "W1", name: "enc4", kind: .conv, batch: 64, inputChannels: 128, outputChannels: 256, size: 8, kernel: 4, stride: 2, padding: 1, groups: 1),
        .init(workload: "W1", name: "dec1", kind: .convTranspose, batch: 64, inputChannels: 256, outputChannels: 128, size: 4, kernel: 4, stride: 2, padding: 1, groups: 1),
        .init(workload: "W1", name: "dec2", kind: .convTranspose, batch: 64, inputChannels: 128, outputChannels: 64, size: 8, kernel: 4, stride: 2, padding: 1, groups: 1),
        .init(workload: "W1", name: "dec3", kind: .convTranspose, batch: 64, inputChannels: 64, outputChannels: 32, size: 16, kernel: 4, stride: 2, padding: 1, groups: 1),
        .init(workload: "W1", name: "dec4", kind: .convTranspose, batch: 64, inputChannels: 32, outputChannels: 3, size: 32, kernel: 4, stride: 2, padding: 1, groups: 1),
        .init(workload: "W1", name: "alex.conv1", kind: .conv, batch: 64, inputChannels: 3, outputChannels: 96, size: 64, kernel: 11, stride: 4, padding: 0, groups: 1),
        .init(workload: "W1", name: "alex.conv2", kind: .conv, batch: 64, inputChannels: 96, outputChannels: 256, size: 7, kernel: 5, stride: 1, padding: 2, groups: 2),
        .init(workload: "W1", name: "alex.conv3", kind: .conv, batch: 64, inputChannels: 256, outputChannels: 384, size: 3, kernel: 3, stride: 1, padding: 1, groups: 1),
    ]

    static let w2: [ConvolutionShape] = [
        .init(workload: "W2", name: "conv1", kind: .conv, batch: 32, inputChannels: 3, outputChannels: 96, size: 227, kernel: 11, stride: 4, padding: 0, groups: 1),
        .init(workload: "W2", name: "conv2", kind: .conv, batch: 32, inputChannels: 96, outputChannels: 256, size: 27, kernel: 5, stride: 1, padding: 2, groups: 2),
        .init(workload: "W2", name: "conv3", kind: .conv, batch: 32, inputChannels: 256, outputChannels: 384, size: 13, kernel: 3, stride: 1, padding: 1, groups: 1),
        .init(workload: "W2", name: "conv4", kind: .conv, batch: 32, inputChannels: 384, outputChannels: 384, size: 13, kernel: 3, stride: 1, padding: 1, groups: 2),
        .init(workload: "W2", name: "conv5", kind: .conv, batch: 32, inputChannels: 384, outputChannels: 256, size: 13, kernel: 3, stride: 1, padding: 1, groups: 2),
    ]
}
