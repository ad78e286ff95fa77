import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How a command ends early, on SIGINT, SIGTERM or SIGHUP or when its output cannot be written,
/// without cutting a record in half.
///
/// The main thread holds ``boundary`` while it writes a record (a graded conversation's output line
/// and its stored row; a turn of `play`, its database row and what the screen shows), and `play`
/// holds it all the time except while it waits for the trainee. A signal handler only notes the
/// signal and wakes a watcher thread; the watcher takes ``boundary`` (so it waits for the record
/// being written, never for input), runs the command's ``onStop`` (write the end of the output,
/// store what is graded, record the session and save its transcript) and exits with 128 + the
/// signal's number: 129, 130, 143. A second signal while that runs ends the process at once.
enum Shutdown {
    /// Why a command stops early.
    enum Reason {
        /// A signal arrived: SIGINT, SIGTERM or SIGHUP.
        case signal(Int32)
        /// The result could not be written (an `errno`): the reader went away, the disk is full.
        case outputFailed(Int32)
    }

    /// Held while a record is being written; taken by the stop, so it happens between records.
    static let boundary = NSRecursiveLock()

    /// What the running command does before it exits early: complete its records and end its output
    /// validly. Runs holding ``boundary``, on the main thread (a failed write) or the watcher
    /// thread (a signal). Returns the least exit status the command may end with (2 when a record
    /// could not be completed; 0 when all is well). Set it back to nil once the command's own end
    /// has done the same.
    nonisolated(unsafe) static var onStop: ((Reason) -> Int32)?

    /// Whether a stop is under way (a write that fails during it must not start another).
    nonisolated(unsafe) private(set) static var isStopping = false

    /// The signals that stop a command.
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    nonisolated(unsafe) private static var pending: sig_atomic_t = 0
    nonisolated(unsafe) private static var wakeDescriptor: Int32 = -1
    /// Signals ignored when the program started, which stay ignored.
    nonisolated(unsafe) private static var ignoredAtStart: Set<Int32> = []
    /// How many times the main thread took ``boundary`` through ``hold()``.
    nonisolated(unsafe) private static var holds = 0

    /// The signal that arrived, if one did.
    static var receivedSignal: Int32? { pending == 0 ? nil : pending }

    /// Sets the policy up for the whole process: SIGPIPE is ignored, so a reader that went away
    /// shows up as `EPIPE` on a write; INT, TERM and HUP are caught (and unblocked: a parent may
    /// have started the program with them blocked) and handled by a watcher thread. A signal
    /// ignored when the program starts stays ignored: `nohup` ignores SIGHUP, and a shell starts
    /// a background job with SIGINT ignored, so that closing the terminal or pressing Ctrl-C
    /// leaves it running.
    static func install() {
        for number in signals {
            var current = sigaction()
            if sigaction(number, nil, &current) == 0,
                unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
                    == unsafeBitCast(SIG_IGN, to: Int.self)
            {
                ignoredAtStart.insert(number)
            }
        }
        signal(SIGPIPE, SIG_IGN)
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(descriptors[1], F_SETFL, O_NONBLOCK)
        // Touch the state the handler reads, so no lazy initialisation runs inside it.
        pending = 0
        wakeDescriptor = descriptors[1]
        let readEnd = descriptors[0]
        let watcher = Thread { watch(readEnd) }
        watcher.start()
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals {
            catchSignal(number)
            sigaddset(&set, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Handles `number` by this policy (again, after `play`'s line editor had Ctrl-C to itself),
    /// unless it was ignored when the program started.
    static func catchSignal(_ number: Int32) {
        guard !ignoredAtStart.contains(number) else {
            signal(number, SIG_IGN)
            return
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            // A second signal while the first is handled: the user insists; stop now.
            if Shutdown.pending != 0 { _exit(128 + number) }
            Shutdown.pending = number
            var byte: UInt8 = 1
            _ = write(Shutdown.wakeDescriptor, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        // Reads and writes go on after the handler: the watcher thread does the stopping.
        action.sa_flags = SA_RESTART
        sigaction(number, &action, nil)
    }

    private static func watch(_ descriptor: Int32) {
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) != 1 {
            if errno != EINTR { return }
        }
        stop(.signal(pending))
    }

    /// Runs `body` as one record: a signal's stop waits until it is done.
    static func atRecordBoundary<T>(_ body: () throws -> T) rethrows -> T {
        boundary.lock()
        defer { boundary.unlock() }
        return try body()
    }

    /// For `play`: the main thread holds ``boundary`` from now on, except inside ``waitingForInput(_:)``.
    static func hold() {
        boundary.lock()
        holds += 1
    }

    /// Runs `body`, a blocking read of input, with ``boundary`` released, so a signal that arrives
    /// while the program waits for its user stops it at once.
    static func waitingForInput<T>(_ body: () -> T) -> T {
        let held = holds
        for _ in 0..<held { boundary.unlock() }
        defer { for _ in 0..<held { boundary.lock() } }
        return body()
    }

    /// Stops the command for `reason`: waits for the record being written, runs ``onStop``, and
    /// exits (128 + the signal; 0 when the output's reader went away; 2 when the output failed).
    static func stop(_ reason: Reason) -> Never {
        boundary.lock()
        isStopping = true
        let stopping = onStop
        onStop = nil
        let least = stopping?(reason) ?? ExitStatus.success
        switch reason {
        case .signal(let number): Console.exit(ExitStatus.signalled(number))
        case .outputFailed(let error):
            Console.exit(max(least, error == EPIPE ? ExitStatus.success : ExitStatus.inputError))
        }
    }

    /// The name of signal `number`, for messages.
    static func name(of number: Int32) -> String {
        switch number {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(number)"
        }
    }
}
