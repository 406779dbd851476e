/// Where the MNIST files are looked for, so that `digits` finds them from any folder: the folder
/// named with `--data`, else `$DIGITS_DATA`, else `./data/mnist` when it exists (a checkout), else
/// `$XDG_DATA_HOME/digits/mnist` (by default `~/.local/share/digits/mnist`, where the installer puts them).
public enum DataLocation {
    /// The folder to read, or an error listing every place looked.
    /// - Parameter isDirectory: Whether a path names an existing folder (injected for tests).
    public static func resolve(
        explicit: String?, environment: [String: String], isDirectory: (String) -> Bool
    ) throws(MNISTError) -> String {
        if let explicit { return explicit }
        if let named = environment["DIGITS_DATA"], !named.isEmpty { return named }
        let checkout = "data/mnist"
        if isDirectory(checkout) { return checkout }
        let shared = userDataFolder(environment: environment)
        if isDirectory(shared) { return shared }
        throw .notFound(searched: ["--data (not given)", "$DIGITS_DATA (not set)", "./" + checkout, shared])
    }

    /// `$XDG_DATA_HOME/digits/mnist`, or `$HOME/.local/share/digits/mnist` as the XDG spec defaults it.
    public static func userDataFolder(environment: [String: String]) -> String {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? "~") + "/.local/share"
        return base + "/digits/mnist"
    }
}
