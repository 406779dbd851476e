/// `train --json`: the run's result after its last epoch, with every epoch's figures.
struct TrainJSON: Encodable {
    let testAccuracy: Double
    let testLoss: Double
    let trainSamplesPerSecond: Double
    let seconds: Double
    let epochs: Int
    let interrupted: Bool
    let seed: Double
    let perEpochTestAccuracy: [Double]
    let history: [Epoch]
    let architecture: String
    /// With --validation: the kept epoch and its validation accuracy.
    let validationAccuracy: Double?
    let bestEpoch: Int?

    struct Epoch: Encodable {
        let epoch: Int
        let learningRate: Double
        let trainLoss: Double
        let trainAccuracy: Double
        let seconds: Double
        let validationAccuracy: Double?
        let testAccuracy: Double?
    }
}
