import DigitsKit

/// One line on standard error that says where a benchmark is, redrawn in place at most ten
/// times a second, and only when standard error is a terminal: a long run is never silent, a log stays clean.
final class BenchProgress {
    private let repetitions: Int
    private let shows = isatty(STDERR_FILENO) == 1
    private var lastDrawn = ContinuousClock.now - .seconds(1)
    private var drawn = false

    init(repetitions: Int) { self.repetitions = repetitions }

    func show(_ progress: Benchmark.Progress) {
        guard shows, ContinuousClock.now - lastDrawn >= .milliseconds(100) else { return }
        lastDrawn = ContinuousClock.now
        drawn = true
        let percent = progress.total > 0 ? 100 * progress.done / progress.total : 0
        write("\r\u{1B}[Krepetition \(progress.repetition + 1)/\(repetitions): \(progress.phase.rawValue) \(percent)%")
    }

    /// Clears the line before the results are printed.
    func finish() {
        if drawn { write("\r\u{1B}[K") }
    }

    private func write(_ text: String) {
        _ = text.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
    }
}
