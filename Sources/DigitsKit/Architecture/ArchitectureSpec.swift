/// Reads one layer of the `--arch` syntax:
/// `conv<k>:<filters>[:s<stride>][:p<padding>]`, `maxpool<k>[:s<stride>]`, `avgpool<k>[:s<stride>]`,
/// `relu`, `dense:<units>`, `dropout:<p>`, `batchnorm`, `flatten`.
enum ArchitectureSpec {
    static func layer(_ raw: String) throws(ArchitectureError) -> LayerKind {
        let token = String(raw.filter { $0 != " " }).lowercased()
        let fields = token.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let head = fields[0], options = fields.dropFirst()
        func fail(_ expected: String) -> ArchitectureError { .badToken(token: raw, expected: expected) }

        switch head {
        case "relu", "batchnorm", "flatten":
            guard options.isEmpty else { throw fail("\(head) with no options") }
            return head == "relu" ? .relu : head == "batchnorm" ? .batchNorm : .flatten
        case "dense":
            guard options.count == 1, let units = Int(options[options.startIndex]), units > 0 else {
                throw fail("dense:<units>, a positive whole number, as in dense:128")
            }
            return .dense(units: units)
        case "dropout":
            guard options.count == 1, let rate = Float(options[options.startIndex]), rate >= 0, rate < 1 else {
                throw fail("dropout:<p> with 0 ≤ p < 1, as in dropout:0.5")
            }
            return .dropout(rate: rate)
        default:
            break
        }
        for (prefix, make) in [("conv", 0), ("maxpool", 1), ("avgpool", 2)] where head.hasPrefix(prefix) {
            let usage = make == 0 ? "conv<k>:<filters>[:s<stride>][:p<padding>], as in conv3:32 or conv5:16:s2:p2"
                                  : "\(prefix)<k>[:s<stride>], as in \(prefix)2 or \(prefix)3:s2"
            guard let size = Int(head.dropFirst(prefix.count)), size > 0 else { throw fail(usage) }
            var remaining = Array(options)
            var filters = 0
            if make == 0 {
                guard let first = remaining.first, let count = Int(first), count > 0 else { throw fail(usage) }
                filters = count
                remaining.removeFirst()
            }
            var stride = make == 0 ? 1 : size, padding = 0, seen = Set<Character>()
            for option in remaining {
                guard let letter = option.first, let value = Int(option.dropFirst()), value >= 0,
                      letter == "s" || (letter == "p" && make == 0), seen.insert(letter).inserted
                else { throw fail(usage) }
                if letter == "s" { stride = value } else { padding = value }
            }
            switch make {
            case 0: return .convolution(kernel: size, filters: filters, stride: stride, padding: padding)
            case 1: return .maxPool(window: size, stride: stride)
            default: return .averagePool(window: size, stride: stride)
            }
        }
        throw fail("one of conv<k>:<filters>, maxpool<k>, avgpool<k>, relu, dense:<units>, dropout:<p>, batchnorm, flatten")
    }
}
