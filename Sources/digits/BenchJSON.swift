/// `bench --json`: the medians and every repetition's figure.
struct BenchJSON: Encodable {
    let trainSamplesPerSecond: Double
    let inferenceImagesPerSecond: Double
    let trainRuns: [Double]
    let inferenceRuns: [Double]
    let padUpdateMicroseconds: Double
    let padSaliencyMicroseconds: Double
    let padMapsMicroseconds: Double
    let repetitions: Double
    let architecture: String
    /// The general layers' OpenBLAS kernel family; the classic network uses none.
    let openblasKernels: String?
    /// With --profile: each layer's time per training step.
    let profile: [ProfileJSON]?
}
