import ArgumentParser
import DigitsKit

/// Which network to train and how: shared by `train` and `bench`.
struct NetworkOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Layers, comma-separated: \(LayerKinds.syntaxes.joined(separator: ", ")); or \(Architecture.classicSyntax), the classic network (the default).",
        valueName: "spec"), transform: { spec in try Architecture(spec: spec) })
    var arch: Architecture?

    @Option(parsing: .unconditional, help: ArgumentHelp("Filters in the classic network's convolution (a multiple of 8).", valueName: "n"))
    var filters: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Samples per optimizer step (default 1 for the classic network, 64 otherwise).", valueName: "n"))
    var batchSize: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("sgd, momentum, rmsprop or adam.", valueName: "name"))
    var optimizer: OptimizerKind?

    @Option(parsing: .unconditional, help: ArgumentHelp("Momentum's velocity decay.", valueName: "μ"))
    var momentum: Float = 0.9

    @Option(parsing: .unconditional, help: ArgumentHelp("RMSProp's decay of the mean square.", valueName: "ρ"))
    var rmsDecay: Float = 0.99

    @Option(parsing: .unconditional, help: ArgumentHelp("Adam's first-moment decay.", valueName: "β1"))
    var beta1: Float = 0.9

    @Option(parsing: .unconditional, help: ArgumentHelp("Adam's second-moment decay.", valueName: "β2"))
    var beta2: Float = 0.999

    @Option(parsing: .unconditional, help: ArgumentHelp("RMSProp's and Adam's ε.", valueName: "ε"))
    var epsilon: Float = 1e-8

    @Option(parsing: .unconditional, help: ArgumentHelp("L2 penalty λ on the weights (not biases).", valueName: "λ"))
    var weightDecay: Float = 0

    @Option(parsing: .unconditional, help: ArgumentHelp("cross-entropy or mse (on one-hot targets).", valueName: "name"))
    var loss: Loss = .crossEntropy

    @Option(parsing: .unconditional, help: ArgumentHelp("Threads for batched training and evaluation (default: every core).", valueName: "n"))
    var threads: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Distort each training sample anew: 'standard', or name=value pairs from shift (pixels), rotate (degrees), scale, shear, elastic (pixels), thickness (pixels), as in rotate=12,thickness=1 (see docs/augmentation.md).",
        valueName: "spec"))
    var augment: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Also learn n generated pictures that are not digits (pen-drawn and typeset letters and symbols, scribbles, shapes, pairs and pieces of digits, textures, noise) as an 11th output, \"not a digit\": end the --arch with dense:11.",
        valueName: "n"))
    var nonDigits = 0

    func validate() throws {
        if let filters {
            guard arch == nil else { throw ValidationError("--filters is for the classic network; with --arch, give the filters in the spec") }
            guard filters > 0, filters <= 512, filters % 8 == 0 else {
                throw ValidationError("--filters must be a multiple of 8 from 8 to 512 (each group of 8 is one vector)")
            }
        }
        guard batchSize.map({ (1...4096).contains($0) }) ?? true else { throw ValidationError("--batch-size must be from 1 to 4096") }
        guard threads.map({ (1...256).contains($0) }) ?? true else { throw ValidationError("--threads must be from 1 to 256") }
        for (name, value) in [("--momentum", momentum), ("--rms-decay", rmsDecay), ("--beta1", beta1), ("--beta2", beta2)] {
            guard value >= 0, value < 1 else { throw ValidationError("\(name) must be from 0 up to (not including) 1") }
        }
        if let augment {
            do {
                _ = try Augmentation(spec: augment)
            } catch {
                throw ValidationError("--augment: \(error)")
            }
        }
        guard (0...LabelledImages.maximumCount).contains(nonDigits) else { throw ValidationError("--non-digits must be from 0 to \(LabelledImages.maximumCount)") }
        guard epsilon > 0, epsilon.isFinite else { throw ValidationError("--epsilon must be positive") }
        guard TrainingSettings.weightDecays.contains(weightDecay) else {
            throw ValidationError("--weight-decay must be from \(Int(TrainingSettings.weightDecays.lowerBound)) to \(Int(TrainingSettings.weightDecays.upperBound))")
        }
    }

    var threadCount: Int { threads ?? Network.defaultThreads }

    /// The training settings these options describe for `architecture`, with the rest from the command.
    func settings(
        for architecture: Architecture, epochs: Int, learningRate: Float?, learningRateDecay: Float, shuffle: Bool, seed: UInt64,
        logEvery: Int, validation: Int
    ) throws -> TrainingSettings {
        var optimizer = OptimizerSettings(kind: self.optimizer ?? .sgd)
        optimizer.momentum = momentum
        optimizer.decay = rmsDecay
        optimizer.beta1 = beta1
        optimizer.beta2 = beta2
        optimizer.epsilon = epsilon
        optimizer.weightDecay = weightDecay
        let defaultRate: Float = [.rmsprop, .adam].contains(optimizer.kind) ? 0.001 : 0.01
        var settings = TrainingSettings(
            epochs: epochs, learningRate: learningRate ?? defaultRate, learningRateDecay: learningRateDecay, shuffle: shuffle,
            seed: seed, logEvery: logEvery, batchSize: batchSize ?? TrainingSettings.defaultBatchSize(for: architecture),
            optimizer: optimizer, loss: loss, validation: validation, threads: threadCount,
            augmentation: try augment.map { try Augmentation(spec: $0) } ?? Augmentation()
        )
        settings.nonDigits = nonDigits
        return settings
    }

    /// The network to build: --arch, else the classic network with --filters.
    var architecture: Architecture { arch ?? .classic(filters: filters ?? 8) }

    /// The options given that a resumed model's own settings override.
    func conflicts(with model: Model, seed: UInt64?, learningRate: Float?, validation: Int?) -> [String] {
        let metadata = model.metadata
        var conflicts: [String] = []
        if let arch, arch != model.state.architecture { conflicts.append("--arch") }
        if filters != nil { conflicts.append("--filters") }
        if let batchSize, batchSize != metadata.batchSize { conflicts.append("--batch-size") }
        if let optimizer, optimizer != metadata.optimizer.kind { conflicts.append("--optimizer") }
        if loss != metadata.loss { conflicts.append("--loss") }
        if let seed, seed != metadata.seed { conflicts.append("--seed") }
        if let learningRate, learningRate != metadata.learningRate { conflicts.append("--learning-rate") }
        if let validation, validation != metadata.validationImages { conflicts.append("--validation") }
        if let augment, (try? Augmentation(spec: augment)) != metadata.augmentation { conflicts.append("--augment") }
        if nonDigits != 0, nonDigits != metadata.nonDigitPictures { conflicts.append("--non-digits") }
        return conflicts
    }
}

extension OptimizerKind: ExpressibleByArgument {}
extension Loss: ExpressibleByArgument {}
