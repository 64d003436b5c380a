package dev.cutover.runtime.sample;

import java.util.Objects;
import java.util.Optional;

/**
 * An order as stored.
 *
 * @param note only v2 writes it; v1 neither reads nor writes the column
 */
public record Order(long id, String item, int quantity, Optional<String> note) {

    public Order {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(note, "note");
    }
}
