import DigitsKit
import Testing

@Suite struct CalibrationTests {
    @Test("the expected calibration error weighs each bin's gap between accuracy and confidence by its share")
    func expectedError() {
        var calibration = Calibration()
        // Ten guesses at 95%, eight right (gap 15 points); ten at 55%, five right (gap 5).
        for index in 0..<10 { calibration.record(confidence: 0.95, correct: index < 8) }
        for index in 0..<10 { calibration.record(confidence: 0.55, correct: index < 5) }
        #expect(calibration.count == 20)
        #expect(abs(calibration.expectedError - (0.5 * 0.15 + 0.5 * 0.05)) < 1e-6)
        let filled = calibration.bins.filter { $0.count > 0 }
        #expect(filled.map(\.count) == [10, 10])
        #expect(filled[0].lower <= 0.55 && 0.55 < filled[0].upper && filled[1].lower <= 0.95 && filled[1].upper == 1)
    }

    @Test("a confidence of 1 falls in the last bin and 0 in the first; a perfectly calibrated set has no error")
    func edges() {
        var calibration = Calibration()
        calibration.record(confidence: 1, correct: true)
        calibration.record(confidence: 0, correct: false)
        #expect(calibration.bins.last?.count == 1 && calibration.bins.first?.count == 1)
        #expect(calibration.expectedError == 0)
        #expect(Calibration().expectedError == 0)
    }

    @Test("merging two parts gives what recording everything in one does")
    func merge() {
        var whole = Calibration(), first = Calibration(), second = Calibration()
        for index in 0..<100 {
            let confidence = Float(index) / 100, correct = index % 3 != 0
            whole.record(confidence: confidence, correct: correct)
            if index < 40 { first.record(confidence: confidence, correct: correct) } else { second.record(confidence: confidence, correct: correct) }
        }
        first.merge(second)
        #expect(first.bins.map(\.count) == whole.bins.map(\.count))
        #expect(first.bins.map(\.correct) == whole.bins.map(\.correct))
        #expect(abs(first.expectedError - whole.expectedError) < 1e-12)
    }

    @Test("the built-in strong model on MNIST's test digits: the same bins on one thread and two, ECE at most 1%")
    func strongModel() throws {
        let test = try TestData.mnistTest.get().prefix(2000)
        let state = try BuiltInModel.strong.load().state
        let one = try Evaluation.run(state, on: test, threads: 1), two = try Evaluation.run(state, on: test, threads: 2)
        #expect(one.calibration.count == 2000)
        #expect(one.calibration.bins.map(\.count) == two.calibration.bins.map(\.count))
        #expect(one.calibration.expectedError <= 0.01, "ECE \(one.calibration.expectedError)")
    }
}
