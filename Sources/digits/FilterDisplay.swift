import DigitsKit

/// `train --show-filters`: the first convolution's filters, drawn under the epoch lines and
/// redrawn in the same place after every epoch, so that a learner watches edges and strokes form.
final class FilterDisplay {
    private let painter: MapPainter
    private let width: Int
    /// Lines the last drawing took, to move back over.
    private var drawnLines = 0

    init(painter: MapPainter, width: Int) {
        self.painter = painter
        self.width = width
    }

    /// Moves the cursor back to where the last drawing began and clears from there down.
    func erase() -> String {
        defer { drawnLines = 0 }
        return drawnLines > 0 ? "\r\u{1B}[\(drawnLines)A\u{1B}[J" : ""
    }

    /// The filters of `state`'s first convolution after `epoch` epochs (0: as initialized).
    func draw(_ state: NetworkState, epoch: Int) -> String {
        guard let filters = (try? NetworkInspector(state))?.filters().first else {
            return drawn(["(the network has no convolution, so there are no filters to show)"])
        }
        let kernel = filters.maps.first.map { "\($0.width)×\($0.height)" } ?? ""
        let title = "filters of layer \(filters.layer + 1) (\(filters.token))" + (filters.channels > 1 ? ", means over \(filters.channels) channels" : "")
            + (epoch == 0 ? ", as initialized:" : " after epoch \(epoch):")
        let grid = painter.grid(filters.maps, scale: ShadeScale(filters.maps), width: width, rows: 4)
        let note = grid.drawn < filters.maps.count ? ["  \(grid.drawn) of \(filters.maps.count) \(kernel) filters"] : []
        return drawn([title] + grid.lines.map(\.text) + note)
    }

    private func drawn(_ lines: [String]) -> String {
        drawnLines = lines.count
        return lines.joined(separator: "\n") + "\n"
    }
}
