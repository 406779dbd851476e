import Foundation
import Synchronization

/// Threads that run the parts of `Workers`' loops and stay awake between them.
///
/// A training step of a deep network is a hundred parallel loops of a few hundred microseconds.
/// Dispatch parks its threads between them, and waking one costs a system call on each side and,
/// in a virtual machine, an interrupt between processors: tens of microseconds per loop, while the
/// calling thread waits. These threads instead watch for the next loop for a while after each one
/// (`watch`) before they sleep.
///
/// The threads take a loop's items one at a time, each the next not yet taken, so that a thread
/// slowed by the machine (a virtual processor shared with another guest) takes fewer rather than
/// holding the others up. One loop runs at a time; a loop asked for while one runs (a part that
/// starts its own) is told no, and `Workers` runs it through Dispatch.
final class HelperThreads: @unchecked Sendable {
    /// One per core beyond the calling thread's.
    static let shared = HelperThreads(count: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))

    /// How long a helper watches for the next loop before it sleeps, in nanoseconds: longer than
    /// the serial work between two loops of a step (a layer's statistics, the loss).
    static let watch: UInt64 = 200_000

    let count: Int
    /// Counts the loops handed out; a helper takes a loop when it sees the count change.
    private let generation = Atomic<Int>(0)
    /// Helpers that have not yet finished the current loop.
    private let unfinished = Atomic<Int>(0)
    /// The current loop's items taken so far.
    private let taken = Atomic<Int>(0)
    private let running = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    /// The current loop, written before `generation` changes and read only after a helper sees it.
    private var parts = 0, items = 0
    private var body: ((_ part: Int, _ item: Int) -> Void)?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private init(count: Int) {
        self.count = count
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        for index in 0..<count {
            let start = Unmanaged.passRetained(Start(pool: self, part: index + 1)).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { start in
                let start = Unmanaged<Start>.fromOpaque(start!).takeRetainedValue()
                start.pool.serve(part: start.part)
            }, start)
            precondition(created == 0, "digits could not start a thread (\(created))")
            pthread_detach(thread)
        }
    }

    private final class Start {
        let pool: HelperThreads
        let part: Int
        init(pool: HelperThreads, part: Int) { (self.pool, self.part) = (pool, part) }
    }

    /// Calls `body(part, item)` once for every item below `items`, on the calling thread (part 0)
    /// and `parts − 1` helpers (parts 1 and up), and returns when all calls have; false, having
    /// called nothing, when there are too few helpers or a loop is already running.
    func run(parts: Int, items: Int, _ body: (_ part: Int, _ item: Int) -> Void) -> Bool {
        guard parts - 1 <= count, running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        withoutActuallyEscaping(body) { body in
            (self.parts, self.items) = (parts, items)
            self.body = body
            taken.store(0, ordering: .relaxed)
            unfinished.store(count, ordering: .relaxed)
            generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(wake)
                pthread_mutex_unlock(mutex)
            }
            work(part: 0)
            while unfinished.load(ordering: .acquiring) > 0 {}
            self.body = nil
        }
        running.store(false, ordering: .releasing)
        return true
    }

    /// A helper's life: wait for a loop, run its part if it has one, say it is done.
    private func serve(part: Int) -> Never {
        var seen = 0
        while true {
            seen = next(after: seen)
            if part < parts { work(part: part) }
            unfinished.subtract(1, ordering: .releasing)
        }
    }

    /// Takes the current loop's items until none is left.
    private func work(part: Int) {
        while true {
            let item = taken.wrappingAdd(1, ordering: .relaxed).oldValue
            guard item < items else { return }
            body!(part, item)
        }
    }

    /// The next loop's generation: watched for `watch` nanoseconds, then slept for.
    private func next(after seen: Int) -> Int {
        let start = DispatchTime.now().uptimeNanoseconds
        repeat {
            for _ in 0..<256 {
                let current = generation.load(ordering: .acquiring)
                if current != seen { return current }
            }
        } while DispatchTime.now().uptimeNanoseconds - start < Self.watch
        pthread_mutex_lock(mutex)
        sleepers.add(1, ordering: .sequentiallyConsistent)
        var current = generation.load(ordering: .sequentiallyConsistent)
        while current == seen {
            pthread_cond_wait(wake, mutex)
            current = generation.load(ordering: .sequentiallyConsistent)
        }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(mutex)
        return current
    }
}
