package dev.cutover.runtime.sample;

import java.util.List;
import java.util.Optional;

/** Where the sample service keeps orders: in memory, or a database through JDBC. Implementations are thread-safe. */
public interface OrderStore {

    /** Up to {@code limit} orders, newest first. */
    List<Order> list(int limit);

    Optional<Order> find(long id);

    /** Stores the order and returns it with its new id. */
    Order create(NewOrder order);
}
