import DigitsKit

/// `bench --profile`: each layer's share of a training step, as a table and as JSON.
struct ProfileReport {
    let profile: StepProfile

    /// Microseconds per step.
    private func perStep(_ seconds: Double) -> Double { seconds * 1e6 / Double(max(profile.steps, 1)) }

    /// Giga multiply-adds per second of a pass that does `multiplyAdds` per sample in `seconds` over all samples.
    private func rate(_ multiplyAdds: Int, _ seconds: Double) -> Double {
        seconds > 0 ? Double(multiplyAdds) * Double(profile.samples) / seconds / 1e9 : 0
    }

    var lines: [String] {
        let total = profile.seconds
        var lines = [
            String(cFormat: "profile:   mean training step of %.0f samples, %ld steps", Double(profile.samples) / Double(max(profile.steps, 1)), profile.steps),
            "  layer                    forward µs  backward µs   share  forward GMAC/s  backward GMAC/s",
        ]
        for row in profile.rows {
            lines.append("  " + row.layer.padding(to: 24) + String(
                cFormat: " %10.1f  %11.1f  %5.1f%%  %14.2f  %15.2f", perStep(row.forwardSeconds), perStep(row.backwardSeconds),
                100 * row.seconds / max(total, .leastNormalMagnitude), rate(row.forwardMultiplyAdds, row.forwardSeconds),
                rate(row.backwardMultiplyAdds, row.backwardSeconds)
            ))
        }
        lines.append("  " + "loss and update".padding(to: 24) + String(
            cFormat: " %10.1f               %5.1f%%", perStep(profile.updateSeconds), 100 * profile.updateSeconds / max(total, .leastNormalMagnitude)
        ))
        lines.append("  \(Quantity.count(profile.multiplyAddsPerSample)) multiply-adds per training sample, forward and backward: "
            + String(cFormat: "%.2f GMAC/s over the whole step", rate(profile.multiplyAddsPerSample, total)))
        return lines
    }

    var json: [ProfileJSON] {
        profile.rows.map { row in
            ProfileJSON(
                layer: row.layer, forwardMicroseconds: perStep(row.forwardSeconds), backwardMicroseconds: perStep(row.backwardSeconds),
                share: row.seconds / max(profile.seconds, .leastNormalMagnitude),
                forwardGmacPerSecond: rate(row.forwardMultiplyAdds, row.forwardSeconds),
                backwardGmacPerSecond: rate(row.backwardMultiplyAdds, row.backwardSeconds),
                forwardMultiplyAdds: row.forwardMultiplyAdds, backwardMultiplyAdds: row.backwardMultiplyAdds
            )
        } + [ProfileJSON(
            layer: "loss and update", forwardMicroseconds: perStep(profile.updateSeconds), backwardMicroseconds: 0,
            share: profile.updateSeconds / max(profile.seconds, .leastNormalMagnitude), forwardGmacPerSecond: 0, backwardGmacPerSecond: 0,
            forwardMultiplyAdds: 0, backwardMultiplyAdds: 0
        )]
    }
}

/// One row of `bench --profile --json`: times per training step, multiply-adds per sample.
struct ProfileJSON: Encodable {
    let layer: String
    let forwardMicroseconds: Double
    let backwardMicroseconds: Double
    let share: Double
    let forwardGmacPerSecond: Double
    let backwardGmacPerSecond: Double
    let forwardMultiplyAdds: Int
    let backwardMultiplyAdds: Int
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
