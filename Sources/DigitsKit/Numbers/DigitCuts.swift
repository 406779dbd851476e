/// Where to cut a group of marks into digits, when its digits touch: every way of cutting it along
/// seams near evenly spaced columns into pieces of a digit's width is scored by how sure the network
/// is of each piece, and the best sum wins (segmentation by recognition, solved by dynamic programming).
enum DigitCuts {
    /// A piece of a group: in each row, the columns from its left seam up to its right one.
    struct Piece: Equatable {
        let left: CutSeam, right: CutSeam

        /// The piece between two columns.
        init(start: Int, end: Int) { (left, right) = (.straight(at: start), .straight(at: end)) }
        init(left: CutSeam, right: CutSeam) { (self.left, self.right) = (left, right) }

        var start: Int { left.column }
        var end: Int { right.column }
        var width: Int { end - start }
    }

    /// Cut positions per digit height: finer finds better cuts, coarser classifies fewer pieces.
    /// 16, a seam at every column of an MNIST digit, reads touching digits 1–2 points better than
    /// 10 (every other column) at three times the pieces: the best cut between two digits moves
    /// with the cut on each one's other side, one column at a time.
    static let cutsPerHeight = 16
    /// The widest and narrowest pieces tried, as shares of a digit's height (a 1 is narrow; with a
    /// seam at every column, narrower pieces are slivers of a digit's stroke read as 1s).
    static let widestShare = 1.25
    static let narrowestShare = 0.2
    /// A cut crosses strokes in less than this share of its group's rows.
    static let solidShare = 0.8

    /// Every piece between the group's cut seams, whatever its width: the whole group among them
    /// when it is no wider than a digit.
    static func cutPieces(of ink: GroupInk, height: Int) -> [Piece] {
        let seams = seams(of: ink, height: height)
        let (narrowest, widest) = limits(height: height)
        var pieces: [Piece] = []
        for (index, start) in seams.enumerated() {
            for end in seams[(index + 1)...] {
                let piece = Piece(left: start, right: end)
                if piece.width > widest { break }
                // A narrow group (a lone 1) is still one piece, whole.
                if piece.width >= narrowest || (index == 0 && end == seams.last) { pieces.append(piece) }
            }
        }
        return pieces
    }

    /// Neighbouring groups at most this share of a digit's height apart may be the pieces of one digit.
    static let joinGapShare = 0.3

    /// Whether groups `a` and `b` (b to the right) are near enough, and narrow enough together, to
    /// be one broken digit.
    static func mayJoin(_ a: MarkGroups.Box, _ b: MarkGroups.Box, height: Int) -> Bool {
        Double(b.left - a.right - 1) <= joinGapShare * Double(height) && Double(b.right - a.left + 1) <= widestShare * Double(height)
    }

    /// The best way to cover `left...right` with `pieces`, given each piece's score (nil for a piece
    /// that holds no digit), as indices into `pieces` from left to right; nil when no cover exists.
    static func best(left: Int, right: Int, pieces: [Piece], scores: [Double?]) -> [Int]? {
        // best[end] is the highest total score of pieces covering left..<end.
        var best: [Int: (score: Double, last: Int)] = [left: (0, -1)]
        let order = pieces.indices.sorted { (pieces[$0].end, $0) < (pieces[$1].end, $1) }
        for index in order {
            guard let score = scores[index], let before = best[pieces[index].start] else { continue }
            let total = before.score + score
            if total > best[pieces[index].end]?.score ?? -.infinity { best[pieces[index].end] = (total, index) }
        }
        guard var at = best[right + 1] else { return nil }
        var chosen: [Int] = []
        while at.last >= 0 {
            chosen.append(at.last)
            guard let previous = best[pieces[at.last].start] else { return nil }
            at = previous
        }
        return chosen.reversed()
    }

    /// A piece's score from the network's confidence in it and how digit-like its width is: one in
    /// ten MNIST digits is wider than tall and one in fifty 1.3 times as wide, so a piece much wider
    /// is likely two. No cost per digit: cutting a sure digit into sure halves is kept in check by
    /// the narrowest width and by the halves' confidence (measured with `eval --numbers`).
    static func score(confidence: Float, width: Int, height: Int) -> Double {
        let share = Double(width) / Double(height)
        let widthPenalty = max(0, share - 1) * 8
        return log(Double(max(confidence, 1e-6))) - widthPenalty
    }

    /// Where pieces may start and end: the group's edges and a seam near every `height /
    /// cutsPerHeight`th column, none left of the one before, and none through solid ink, which is
    /// one mark's body (a block, a letter's stem), not where two digits touch.
    static func seams(of ink: GroupInk, height: Int) -> [CutSeam] {
        let step = max(1, height / cutsPerHeight)
        let reach = max(1, Int(CutSeam.reachShare * Double(height)))
        let box = ink.box
        var seams = [CutSeam.straight(at: box.left)]
        for column in stride(from: box.left + step, to: box.right + 1, by: step) {
            // Seams are kept in order, so the pieces between them share no pixel; seams that bend
            // into the same path are one.
            guard let previous = seams.last, let (seam, crossed) = CutSeam.seam(near: column, through: ink, reach: reach, after: previous),
                  Double(crossed) < solidShare * Double(box.height), seam.columns != previous.columns else { continue }
            seams.append(seam)
        }
        return seams + [.straight(at: box.right + 1)]
    }

    private static func limits(height: Int) -> (narrowest: Int, widest: Int) {
        (max(1, Int(narrowestShare * Double(height))), max(2, Int((widestShare * Double(height)).rounded(.up))))
    }
}
