import DigitsKit

/// Shows training as it goes: a progress bar on a terminal, plain lines everywhere.
///
/// The bar is drawn only when the output is a terminal, so logs and pipes get no escape codes.
struct TrainingReporter {
    /// Where the lines go: stdout, or stderr when stdout carries JSON.
    let descriptor: Int32
    let showsBar: Bool
    let epochs: Int

    init(toStandardError: Bool, epochs: Int) {
        descriptor = toStandardError ? STDERR_FILENO : STDOUT_FILENO
        showsBar = isatty(descriptor) == 1
        self.epochs = epochs
    }

    func handle(_ event: Trainer.Event) {
        switch event {
        case let .progress(epoch, done, total, seconds):
            guard showsBar else { return }
            let rate = seconds > 0 ? Double(done) / seconds : 0
            let eta = rate > 0 ? Double(total - done) / rate : 0
            let width = 30
            let filled = total > 0 ? done * width / total : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            write("\r\u{1B}[Kepoch \(epoch)/\(epochs) \(bar) \(done)/\(total)  "
                + String(cFormat: "%.0f samples/s  ETA %.1f s", rate, eta))
        case let .log(_, step, samples, loss, accuracy):
            line(String(cFormat: "[step %ld] last %ld: loss %.3f | acc %.0f%%", step, samples, loss, accuracy * 100))
        case let .epochFinished(report):
            var text = String(cFormat: "epoch %ld/%ld  lr %.4g  train loss %.4f acc %.2f%%", report.epoch, epochs,
                              report.learningRate, report.trainLoss, report.trainAccuracy * 100)
            if let validation = report.validation {
                text += String(cFormat: "  validation acc %.2f%%", validation.accuracy * 100) + (report.isBest ? " (best)" : "")
            }
            if let test = report.test {
                text += String(cFormat: "  test loss %.4f acc %.2f%%", test.meanLoss, test.accuracy * 100)
            }
            text += String(cFormat: "  (%.1f s, %.0f samples/s)", report.seconds, Double(report.samples) / max(report.seconds, 1e-9))
            line(text)
        }
    }

    /// A whole line, clearing the bar first.
    func line(_ text: String) {
        write((showsBar ? "\r\u{1B}[K" : "") + text + "\n")
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
