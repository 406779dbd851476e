/// Every random stream a training run draws, each derived from the run's one seed. Exact resume
/// depends on each derivation staying as it is: change one and a resumed run no longer replays
/// an uninterrupted one, nor a rerun of `Scripts/train-default-model.sh` its model.
enum SeedStreams {
    /// The initial weights: the seed itself, drawn tensor by tensor in layer order.
    static func weights(_ seed: UInt64) -> UInt64 { seed }

    /// The training order: one stream, shuffled again at the start of each epoch.
    static func shuffle(_ seed: UInt64) -> UInt64 { seed ^ 0xA5A5_A5A5 }

    /// Which training images are held out for validation.
    static func validationSplit(_ seed: UInt64) -> UInt64 { seed ^ 0x5EED_0F_7A11D }

    /// The dropout layer at position `layer` in the network: its own stream.
    static func dropout(_ seed: UInt64, layer: Int) -> UInt64 { seed ^ UInt64(layer + 1) &* 0xD1B5_4A32_D192_ED03 }

    /// That dropout layer's masks at optimizer step `step`, so that a resumed run draws the same ones.
    static func dropoutMasks(_ layerSeed: UInt64, step: Int) -> UInt64 { layerSeed &+ UInt64(step) &* 0x9E37_79B9_7F4A_7C15 }

    /// The distortions of training image `image` in epoch `epoch`, the same on any thread.
    static func distortion(_ seed: UInt64, epoch: Int, image: Int) -> UInt64 {
        seed ^ 0x6A09_E667_F3BC_C908 &+ UInt64(epoch) &* 0x1_0000_0001 &+ UInt64(image) &* 0x9E37_79B9
    }

    /// Generated non-digit picture `picture`, made the same way whatever the thread or run.
    static func nonDigit(_ seed: UInt64, picture: Int) -> UInt64 {
        seed ^ 0xBB67_AE85_84CA_A73B &+ UInt64(picture) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Which training digits are re-drawn with the pad's pen beside the non-digit pictures.
    static func penDrawnDigits(_ seed: UInt64) -> UInt64 { seed ^ 0x3C6E_F372_FE94_F82B }

    /// Typeset digit `picture` beside the non-digit pictures: which glyph, and how it is placed.
    static func typesetDigit(_ seed: UInt64, picture: Int) -> UInt64 {
        seed ^ 0xA54F_F53A_5F1D_36F1 &+ UInt64(picture) &* 0x9E37_79B9_7F4A_7C15
    }
}
