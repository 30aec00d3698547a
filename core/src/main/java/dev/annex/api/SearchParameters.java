package dev.annex.api;

import dev.annex.util.Bits;

/**
 * Per-call search settings. Each index type accepts its own kind; none of them is index state,
 * so concurrent searches may use different settings.
 */
public sealed interface SearchParameters permits HnswSearchParameters, IvfSearchParameters, ExactSearchParameters {

    /** Which ordinals may be returned; {@link Bits#ALL} for no filter. */
    Bits filter();
}
