import Foundation
import PackagePlugin

/// Writes `BuildInfo.swift` before each build: the git commit the sources come from, when they
/// are a git checkout, so `digits --version` can name it.
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildInfo.swift")
        let root = context.package.directoryURL.path()
        let script = """
            commit=$(git -C '\(root)' rev-parse --short=12 HEAD 2>/dev/null || true)
            if [ -n "$commit" ] && [ -n "$(git -C '\(root)' status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit+changes"; fi
            new="enum BuildInfo { static let commit = \\"$commit\\" }"
            [ "$(cat '\(output.path())' 2>/dev/null)" = "$new" ] || printf '%s\\n' "$new" > '\(output.path())'
            """
        return [.prebuildCommand(
            displayName: "Recording the git commit",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script],
            outputFilesDirectory: context.pluginWorkDirectoryURL
        )]
    }
}
