/// Whether to color output: `--color auto|always|never`, with `NO_COLOR` (https://no-color.org)
/// turning automatic color off.
public enum ColorChoice: String, CaseIterable, Sendable {
    case auto, always, never

    /// Whether output should carry color: always and never say so; auto colors a terminal unless
    /// `NO_COLOR` is set to anything non-empty or the terminal is `dumb`.
    public func isEnabled(environment: [String: String], isTerminal: Bool) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }
}
