#if canImport(Glibc)
import Glibc
#endif

extension ExecTransport {
    enum Spawned {
        case started(pid_t)
        case failed(String)
    }

    /// posix_spawn, no shell: `argv[0]` is the program's path. Its own process
    /// group (so a kill reaches what it starts), default signal handling and
    /// an empty signal mask (the sink thread blocks SIGPIPE; the command must
    /// not inherit that), `stdin` as standard input, `output` as stdout and stderr.
    static func spawn(_ argv: [String], environment: [String: String], stdin: Int32, output: Int32) -> Spawned {
        guard let program = argv.first else { return .failed("the sink has no command") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGXFSZ, SIGTERM, SIGHUP, SIGINT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, &attr, cArgs, cEnv)
        guard rc == 0 else { return .failed("cannot run \(program): \(String(cString: strerror(rc)))") }
        return .started(pid)
    }
}
