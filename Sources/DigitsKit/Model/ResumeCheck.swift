extension Model {
    /// Checks the training settings a resumed run would continue with: finite and in range, and
    /// for the classic network the only ones it trains with (one sample at a time, plain SGD,
    /// cross-entropy). Prediction needs none of them, so reading a model does not check them.
    /// - Throws: `ModelFileError.notResumable`, naming the first setting that is off.
    public func checkResumable(path: String) throws(ModelFileError) {
        let optimizer = metadata.optimizer
        let settings = TrainingSettings(
            batchSize: metadata.batchSize, optimizer: optimizer, loss: metadata.loss, augmentation: metadata.augmentation
        )
        let problems: [(Bool, String)] = [
            (TrainingSettings.learningRates.contains(metadata.learningRate), "learning rate \(metadata.learningRate) is outside \(TrainingSettings.learningRates)"),
            (TrainingSettings.learningRateDecays.contains(metadata.learningRateDecay),
             "learning-rate decay \(metadata.learningRateDecay) is outside \(TrainingSettings.learningRateDecays)"),
            ((1...4096).contains(metadata.batchSize), "batch size \(metadata.batchSize) is outside 1…4096"),
            ([optimizer.momentum, optimizer.decay, optimizer.beta1, optimizer.beta2].allSatisfy { $0 >= 0 && $0 < 1 },
             "momentum or decay is outside 0 ≤ x < 1"),
            (optimizer.epsilon > 0 && optimizer.epsilon.isFinite, "ε \(optimizer.epsilon) is not positive"),
            (TrainingSettings.weightDecays.contains(optimizer.weightDecay), "weight decay \(optimizer.weightDecay) is outside \(TrainingSettings.weightDecays)"),
            ((try? settings.check(for: state.architecture)) != nil,
             "classic network was trained other than one sample at a time with plain SGD and cross-entropy"),
        ]
        if let problem = problems.first(where: { !$0.0 }) {
            throw .notResumable(path: path, setting: problem.1)
        }
    }
}
