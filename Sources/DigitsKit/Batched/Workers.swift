import Dispatch

/// Splits loops over the samples of a batch across threads.
struct Workers: Sendable {
    let threads: Int

    /// Pieces a loop is cut into per thread.
    static let piecesPerThread = 4

    /// Calls `body` on consecutive sub-ranges of `0..<count`, a few per thread, and waits for all.
    /// Each sample is handled by exactly one call, so results do not depend on the thread count.
    func forEachRange(_ count: Int, _ body: (Range<Int>) -> Void) {
        forEachPart(count) { _, range in body(range) }
    }

    /// `forEachRange`, telling each call its part number (below `threads`), for buffers of its own:
    /// calls with the same part never overlap. The pieces run on `HelperThreads`, or one per
    /// thread through Dispatch when those are taken or too few.
    func forEachPart(_ count: Int, _ body: (_ part: Int, Range<Int>) -> Void) {
        let parts = min(threads, count)
        guard parts > 1 else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        // On the helper threads, a few pieces per thread for the threads to take in turn.
        let pieces = min(count, parts * Self.piecesPerThread)
        if HelperThreads.shared.run(parts: parts, items: pieces, { part, piece in
            body(part, (count * piece / pieces)..<(count * (piece + 1) / pieces))
        }) { return }
        let range: @Sendable (Int) -> Range<Int> = { part in (count * part / parts)..<(count * (part + 1) / parts) }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                box.value(part, range(part))
            }
        }
    }
}

/// Lets a closure that only touches disjoint memory per call cross into `concurrentPerform`.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
