// swift-tools-version: 6.0
import PackageDescription

// The hot loops use 8-lane Float vectors with fused multiply-add; without AVX2/FMA in the code
// generator each lane pair becomes two SSE ops and every FMA a libm call. x86-64-v3 (Haswell, 2013,
// and every later x86-64) is the baseline for x86; other architectures use the compiler's default.
#if arch(x86_64)
let vectorFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=x86-64-v3"])]
#else
let vectorFlags: [SwiftSetting] = []
#endif

let package = Package(
    name: "digits",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "digits", targets: ["digits"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .target(name: "DigitsKit", dependencies: ["CZlib", "COpenBLAS", "CPNG"], swiftSettings: vectorFlags),
        .target(
            name: "DigitsTerminal", dependencies: ["CNCurses", "DigitsKit"],
            linkerSettings: [
                .linkedLibrary("ncursesw", .when(platforms: [.linux])),
                .linkedLibrary("ncurses", .when(platforms: [.macOS])),
            ]
        ),
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .executableTarget(
            name: "digits",
            dependencies: [
                "DigitsKit", "DigitsTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["BuildInfo"]
        ),
        .testTarget(name: "DigitsKitTests", dependencies: ["DigitsKit"], exclude: ["Fixtures"]),
        .testTarget(name: "digitsTests", dependencies: ["DigitsKit"]),
    ],
    swiftLanguageModes: [.v6]
)
