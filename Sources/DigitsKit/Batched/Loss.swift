/// What training minimizes, computed from the last layer's logits in one step with the softmax.
public enum Loss: String, Sendable, CaseIterable {
    /// −ln p[label]; its gradient with respect to the logits is p − onehot, exact for any logits.
    case crossEntropy = "cross-entropy"
    /// Σ over classes of (p − onehot)², the probabilities compared with one-hot targets.
    case meanSquaredError = "mse"

    /// Turns `count` rows of logits into probabilities (in place of `probabilities`), writes dL/d(logits)
    /// averaged over the batch into `gradient`, and returns the summed loss and the correct guesses.
    func evaluate(
        logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, classes: Int,
        probabilities: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>
    ) -> (loss: Double, correct: Int) {
        var total = 0.0, correct = 0
        let perSample = 1 / Float(count)
        for sample in 0..<count {
            let z = logits + sample * classes, p = probabilities + sample * classes, g = gradient + sample * classes
            let label = Int(labels[sample])
            let logSum = softmax(z, into: p, classes: classes)
            if argmax(UnsafeBufferPointer(start: p, count: classes)) == label { correct += 1 }
            switch self {
            case .crossEntropy:
                total += Double(logSum.largest - z[label]) + logSum.logOfSum
                for index in 0..<classes { g[index] = (p[index] - (index == label ? 1 : 0)) * perSample }
            case .meanSquaredError:
                // dL/dp = 2(p − y); through the softmax dL/dz = p ⊙ (dL/dp − Σ dL/dp · p).
                var projection: Float = 0
                for index in 0..<classes {
                    let error = p[index] - (index == label ? 1 : 0)
                    total += Double(error * error)
                    g[index] = 2 * error
                    projection += g[index] * p[index]
                }
                for index in 0..<classes { g[index] = p[index] * (g[index] - projection) * perSample }
            }
        }
        return (total, correct)
    }
}

/// Softmax of `classes` logits, finite for any logits: the largest is subtracted first, and when
/// logits have overflowed to infinity (huge weights) the probability is shared by the largest ones.
/// Returns the largest logit and ln Σ exp(z − largest), so that ln p[i] = z[i] − largest − logOfSum.
/// `probabilities` may be `logits` itself.
@discardableResult
func softmax(_ logits: UnsafePointer<Float>, into probabilities: UnsafeMutablePointer<Float>, classes: Int)
    -> (largest: Float, logOfSum: Double)
{
    var largest = -Float.greatestFiniteMagnitude, infinite = 0
    for index in 0..<classes {
        if logits[index] > largest { largest = logits[index] }
        if logits[index] == .infinity { infinite += 1 }
    }
    if infinite > 0 {
        // Logits that overflowed to infinity share the probability; the rest get none.
        for index in 0..<classes { probabilities[index] = logits[index] == .infinity ? 1 / Float(infinite) : 0 }
        return (largest, 0)
    }
    var total: Float = 0
    for index in 0..<classes {
        let shifted = logits[index] - largest
        // NaN (from an overflowed sum of +∞ and −∞) counts as no evidence.
        probabilities[index] = shifted.isNaN ? 0 : expf(shifted)
        total += probabilities[index]
    }
    guard total > 0 else {
        // No finite logit at all: nothing to choose between.
        for index in 0..<classes { probabilities[index] = 1 / Float(classes) }
        return (largest, log(Double(classes)))
    }
    let scale = 1 / total
    for index in 0..<classes { probabilities[index] *= scale }
    return (largest, log(Double(total)))
}

/// The index of the largest value (the first one on ties).
func argmax(_ values: UnsafeBufferPointer<Float>) -> Int {
    var best = 0
    for index in values.indices where values[index] > values[best] { best = index }
    return best
}
