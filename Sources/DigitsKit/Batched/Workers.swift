import Dispatch

/// Splits loops over the samples of a batch across threads.
struct Workers: Sendable {
    let threads: Int

    /// Calls `body` on consecutive sub-ranges of `0..<count`, one per thread, and waits for all.
    /// Each sample is handled by exactly one call, so results do not depend on the thread count.
    func forEachRange(_ count: Int, _ body: (Range<Int>) -> Void) {
        let chunks = min(threads, count)
        guard chunks > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                box.value((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
            }
        }
    }
}

/// Lets a closure that only touches disjoint memory per call cross into `concurrentPerform`.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
