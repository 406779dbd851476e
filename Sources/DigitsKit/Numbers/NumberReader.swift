/// Reads every digit on one line of a picture: the marks of ink found, sorted into digits (broken
/// ones joined, touching ones cut where the network reads the pieces best), each piece prepared
/// as `classify` prepares a single digit, then read left to right.
///
/// Several lines are read as one, left to right across them.
public struct NumberReader {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noDigit
        case tooManyMarks(count: Int, limit: Int)

        public var description: String {
            switch self {
            case .noDigit: "no digit found"
            case let .tooManyMarks(count, limit):
                "\(count) separate marks of ink: not a line of digits (at most \(limit) marks are read)"
            }
        }
    }

    public let network: Network
    /// How the network's 11th output, "not a digit", is answered (`ModelMetadata.notADigitRule`);
    /// nil for a network of digits only.
    public let rule: NotADigitRule?
    public var preprocessor: DigitPreprocessor

    /// Pictures are worked on at no more than this many pixels, shrunk by area averaging when larger,
    /// so that time and memory stay bounded whatever the picture.
    public static let workingPixels = 1 << 22
    /// Ink darker than this share of the strongest ink makes the marks; the lighter edges are kept
    /// for the network but do not join digits.
    static let markShare: Float = 0.25

    /// The batch a reader's network should hold: pieces are classified this many at a time, few
    /// enough that the network's buffers cost little to set up.
    public static let batchCapacity = 16
    /// How sure of its digit a group read whole must be not to be tried in pieces: two touching
    /// digits no wider together than a digit is tall ("11", "17") are rare, wider ones less so.
    static func sureConfidence(width: Int, digitHeight: Int) -> Float { width <= digitHeight ? 0.3 : 0.9 }
    /// A mark at least this share of the line's digit height is read as a digit unless
    /// "not a digit" has at least `tallRejection`.
    static let tallShare = 0.7
    static let tallRejection: Float = 0.98

    public init(network: Network, rule: NotADigitRule? = nil, preprocessor: DigitPreprocessor = DigitPreprocessor()) {
        precondition(network.inputCount == DigitPreprocessor.side * DigitPreprocessor.side, "the network must read 28×28 images")
        precondition(network.classes >= (rule != nil ? DigitClassifier.Prediction.outputsWithNotADigit : 10), "a digit model has 10 outputs, 11 with not a digit")
        self.network = network
        self.rule = rule
        self.preprocessor = preprocessor
    }

    /// A reader with `model`'s network, which marks pieces "not a digit" when it was trained to.
    public init(model: Model, preprocessor: DigitPreprocessor = DigitPreprocessor()) throws(ArchitectureError) {
        self.init(network: try Network(model.state, batchCapacity: Self.batchCapacity), rule: model.metadata.notADigitRule,
                  preprocessor: preprocessor)
    }

    public func read(_ image: GrayImage) throws(Failure) -> NumberReading {
        try read(ink: preprocessor.ink(of: image), width: image.width, height: image.height)
    }

    /// Reads ink levels (0 paper … 1 ink), as the drawing pad holds them.
    public func read(ink original: [Float], width originalWidth: Int, height originalHeight: Int) throws(Failure) -> NumberReading {
        let (line, shrink) = try lineOfMarks(ink: original, width: originalWidth, height: originalHeight)
        let read = joiningBrokenDigits(cutting(line), in: line)
        let readings = read.compactMap { trial in trial.prediction.map { (trial.crop.inkBox, $0) } }
        guard readings.contains(where: \.1.isDigit) else { throw .noDigit }
        let digits = readings.map { box, prediction in
            // Beside other digits, a mark as tall as they are is one unless the network is all but
            // sure it is not: "not a digit" is there to drop specks, dashes and stray strokes.
            let isTall = Double(box.height) >= Self.tallShare * Double(line.digitHeight)
            return NumberReading.Digit(
                prediction: prediction,
                isDigit: prediction.isDigit || (isTall && (prediction.notADigit ?? 0) < Self.tallRejection),
                box: box.scaled(by: shrink, within: originalWidth, originalHeight)
            )
        }
        return NumberReading(digits: digits)
    }

    /// The seams along which each group of `image`'s marks may be cut, left to right, each as the
    /// first column of the piece on its right in every row of the group, top to bottom.
    @_spi(Testing) public func cutSeams(in image: GrayImage) throws(Failure) -> [[[Int]]] {
        let (line, _) = try lineOfMarks(ink: preprocessor.ink(of: image), width: image.width, height: image.height)
        return line.groups.groups.indices.map { group in
            let ink = GroupInk(marks: line.marks, groups: line.groups, group: group)
            return DigitCuts.seams(of: ink, height: line.digitHeight).map { seam in (ink.box.top...ink.box.bottom).map(seam.column(atRow:)) }
        }
    }

    /// The picture's marks of ink and their groups, on a working copy shrunk by the returned
    /// factor when it is large.
    private func lineOfMarks(ink original: [Float], width originalWidth: Int, height originalHeight: Int) throws(Failure) -> (LineOfMarks, shrink: Int) {
        precondition(original.count == originalWidth * originalHeight, "ink count does not match the size")
        let shrink = max(1, Int((Double(original.count) / Double(Self.workingPixels)).squareRoot().rounded(.up)))
        let width = max(1, originalWidth / shrink), height = max(1, originalHeight / shrink)
        let ink = shrink > 1
            ? AreaResampler.resample(original, width: originalWidth, height: originalHeight, toWidth: width, toHeight: height)
            : original
        let strongest = ink.max() ?? 0
        guard strongest > preprocessor.noiseFloor else { throw .noDigit }
        let threshold = strongest * Self.markShare
        let marks = InkMarks(ink: ink, width: width, height: height) { $0 >= threshold }
        let groups = try MarkGroups(marks)
        guard !groups.groups.isEmpty else { throw .noDigit }
        let heights = groups.groups.map(\.box.height).sorted()
        return (LineOfMarks(ink: ink, marks: marks, groups: groups, digitHeight: heights[heights.count / 2], preprocessor: preprocessor), shrink)
    }

    /// Each group's pieces, left to right. A group no wider than the widest piece is read whole
    /// first (one in ten 0s is wider than tall), and cut only when the network is unsure of it: two
    /// touching digits may make it ("12", "71"). A wider group is cut.
    private func cutting(_ line: LineOfMarks) -> [[PieceTrial]] {
        let groups = line.groups.groups
        let widest = DigitCuts.widestShare * Double(line.digitHeight)
        var wholes = groups.indices.map { index in
            Double(groups[index].box.width) > widest
                ? [] : [line.trial(DigitCuts.Piece(start: groups[index].box.left, end: groups[index].box.right + 1), members: index...index)]
        }
        classify(&wholes)
        return groups.indices.map { group in
            guard let whole = wholes[group].first else { return bestCover(of: group, in: line, known: nil) }
            // Only scored pieces are chosen, and only prepared pieces have scores.
            guard let confidence = whole.prediction?.confidence else { return [] }
            guard confidence < Self.sureConfidence(width: groups[group].box.width, digitHeight: line.digitHeight) else { return [whole] }
            return bestCover(of: group, in: line, known: whole)
        }
    }

    /// The best cover of a group by the pieces between its cut seams (`DigitCuts.best`), reading
    /// only the pieces that can be in it. A piece's score is at most 0, so a cover only loses score
    /// as it grows: the seams are visited best reached first (Dijkstra's order), the pieces that
    /// start at each one read as it is visited, and no seam reached worse than the group's right
    /// edge is visited. No piece left unread can then be in a cover as good, so the cover is the one
    /// that reading every piece finds.
    private func bestCover(of group: Int, in line: LineOfMarks, known: PieceTrial?) -> [PieceTrial] {
        let box = line.groups.groups[group].box
        let pieces = DigitCuts.cutPieces(of: GroupInk(marks: line.marks, groups: line.groups, group: group), height: line.digitHeight)
        var trials = pieces.map { piece in known.flatMap { $0.piece == piece ? $0 : nil } }
        let starting = Dictionary(grouping: pieces.indices) { pieces[$0].start }
        var reached = [box.left: 0.0]
        var visited: Set<Int> = []
        // Of seams reached equally well, the leftmost is visited first, so the reads do not depend on hashing.
        while let (seam, score) = reached.filter({ !visited.contains($0.key) }).max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }),
              score >= reached[box.right + 1] ?? -.infinity {
            visited.insert(seam)
            let unread = (starting[seam] ?? []).filter { trials[$0] == nil }
            var read = [unread.map { line.trial(pieces[$0], members: group...group) }]
            classify(&read)
            for (index, trial) in zip(unread, read[0]) { trials[index] = trial }
            for index in starting[seam] ?? [] {
                guard let pieceScore = trials[index].flatMap(line.score) else { continue }
                reached[pieces[index].end] = max(reached[pieces[index].end] ?? -.infinity, score + pieceScore)
            }
        }
        let cover = DigitCuts.best(left: box.left, right: box.right, pieces: pieces, scores: trials.map { $0.flatMap(line.score) })
        return (cover ?? []).compactMap { trials[$0] }
    }

    /// The pieces read, left to right, with broken digits joined. A broken digit (the two arcs of a
    /// 0, a 6's loop apart from its stem) is two groups read as a digit each: such neighbours are
    /// read together too, and kept whole where that scores more.
    private func joiningBrokenDigits(_ chosen: [[PieceTrial]], in line: LineOfMarks) -> [PieceTrial] {
        let boxes = line.groups.groups.map(\.box)
        let pairs = chosen.indices.dropLast().filter { group in
            chosen[group].count == 1 && chosen[group + 1].count == 1 && DigitCuts.mayJoin(boxes[group], boxes[group + 1], height: line.digitHeight)
        }
        var joined = pairs.map { group in [line.trial(DigitCuts.Piece(start: boxes[group].left, end: boxes[group + 1].right + 1), members: group...group + 1)] }
        classify(&joined)
        var read: [PieceTrial] = []
        var group = 0
        while group < chosen.count {
            if let pair = pairs.firstIndex(of: group), let whole = line.score(joined[pair][0]),
               let first = line.score(chosen[group][0]), let second = line.score(chosen[group + 1][0]), whole > first + second {
                read.append(joined[pair][0])
                group += 2
            } else {
                read += chosen[group]
                group += 1
            }
        }
        return read
    }

    /// Runs the network, in one batch, on every prepared piece it has not read yet.
    private func classify(_ trials: inout [[PieceTrial]]) {
        let waiting = trials.indices.flatMap { group in
            trials[group].indices.compactMap { index in
                trials[group][index].prediction == nil ? trials[group][index].input.map { (group, index, $0) } : nil
            }
        }
        guard !waiting.isEmpty else { return }
        let outputs = network.probabilities(images: waiting.map(\.2))
        for ((group, index, input), output) in zip(waiting, outputs) {
            // From a model that answers "not a digit", the digits' chances are low for a piece that
            // is none (half a digit, two of them), so a cut that makes one scores less.
            trials[group][index].prediction = DigitClassifier.Prediction(outputs: output, rule: rule, input: input)
        }
    }
}

/// One line of marks as the reader works on it: the working picture's ink, its marks and groups,
/// and the height of a digit on it (the median group's).
private struct LineOfMarks {
    let ink: [Float]
    let marks: InkMarks
    let groups: MarkGroups
    let digitHeight: Int
    let preprocessor: DigitPreprocessor

    /// The piece of groups `members`, cropped and prepared as the network expects.
    func trial(_ piece: DigitCuts.Piece, members: ClosedRange<Int>) -> PieceTrial {
        PieceTrial(piece: piece, crop: PieceCrop(ink: ink, marks: marks, groups: groups, members: members, piece: piece), preprocessor: preprocessor)
    }

    /// How good a digit the piece makes (`DigitCuts.score`); nil until it is read, and for a piece not prepared.
    func score(_ trial: PieceTrial) -> Double? {
        trial.prediction.map { DigitCuts.score(confidence: $0.confidence, width: trial.crop.inkBox.width, height: digitHeight) }
    }
}

/// One piece tried as a digit: its crop, what the network is shown, and what it answered.
private struct PieceTrial {
    let piece: DigitCuts.Piece
    let crop: PieceCrop
    /// Nil when the piece holds too little of the group's height to be a digit.
    let input: [UInt8]?
    var prediction: DigitClassifier.Prediction?

    init(piece: DigitCuts.Piece, crop: PieceCrop, preprocessor: DigitPreprocessor) {
        self.piece = piece
        self.crop = crop
        input = Double(crop.inkBox.height) >= PieceCrop.leastHeightShare * Double(crop.height)
            ? try? preprocessor.prepare(ink: crop.ink, width: crop.width, height: crop.height)
            : nil
    }
}

extension PixelBox {
    /// The box in a picture `factor` times larger, kept inside it.
    func scaled(by factor: Int, within width: Int, _ height: Int) -> PixelBox {
        let x = min(self.x * factor, width - 1), y = min(self.y * factor, height - 1)
        return PixelBox(x: x, y: y, width: min(self.width * factor, width - x), height: min(self.height * factor, height - y))
    }
}
