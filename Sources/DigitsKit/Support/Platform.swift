// The C library and Foundation, imported once for the package: every file of DigitsKit, and every
// module that imports it, sees them without its own platform switch.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Darwin)
@_exported import Darwin
#endif
#if canImport(FoundationEssentials)
@_exported import FoundationEssentials
#else
@_exported import Foundation
#endif
