import DigitsKit
import Synchronization

/// Turns the first Ctrl-C (or SIGTERM) into a request that long work checks between samples;
/// a second Ctrl-C ends the process at once, as the user then expects.
enum StopRequest {
    private static let requested = Atomic<Bool>(false)

    static func install() {
        // A static is initialised on first use; touching it here keeps that out of the handler.
        requested.store(false, ordering: .relaxed)
        // A parent may have started us with these signals blocked; they must arrive.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { number in
                StopRequest.requested.store(true, ordering: .relaxed)
                signal(number, SIG_DFL)
            }
        }
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
