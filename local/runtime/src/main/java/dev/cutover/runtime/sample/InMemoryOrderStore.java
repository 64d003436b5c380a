package dev.cutover.runtime.sample;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orders in memory: for tests and for a demo without a database. Shared by blue and green when both are given the
 * same instance, as they would share a database.
 */
public final class InMemoryOrderStore implements OrderStore {

    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentNavigableMap<Long, Order> orders = new ConcurrentSkipListMap<>();

    @Override
    public List<Order> list(int limit) {
        return orders.descendingMap().values().stream()
                .limit(Math.max(0, limit))
                .toList();
    }

    @Override
    public Optional<Order> find(long id) {
        return Optional.ofNullable(orders.get(id));
    }

    @Override
    public Order create(NewOrder order) {
        Order stored = new Order(ids.incrementAndGet(), order.item(), order.quantity(), order.note());
        orders.put(stored.id(), stored);
        return stored;
    }
}
