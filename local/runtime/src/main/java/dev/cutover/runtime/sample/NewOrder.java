package dev.cutover.runtime.sample;

import java.util.Objects;
import java.util.Optional;

/**
 * An order to create, as {@code POST /orders} received it.
 *
 * @param item     what is ordered; not blank, at most 200 characters
 * @param quantity at least 1
 * @param note     v2 only; at most 500 characters
 */
public record NewOrder(String item, int quantity, Optional<String> note) {

    public NewOrder {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(note, "note");
        if (item.isBlank() || item.length() > 200) {
            throw new IllegalArgumentException("order item must be 1..200 characters, got " + item.length());
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("order quantity must be at least 1, got " + quantity);
        }
        if (note.isPresent() && note.get().length() > 500) {
            throw new IllegalArgumentException("order note must be at most 500 characters, got "
                    + note.get().length());
        }
    }
}
