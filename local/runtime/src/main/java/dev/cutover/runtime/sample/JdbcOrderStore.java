package dev.cutover.runtime.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Orders in an {@code orders} table (see {@code db/V1__orders.sql} and {@code db/V2__orders_note.sql} next to this
 * class). A v1 store never names the {@code note} column, so it works before and after the v2 migration; a v2 store
 * needs it. SQL errors surface as {@link IllegalStateException} naming the operation.
 */
public final class JdbcOrderStore implements OrderStore {

    private final DataSource dataSource;
    private final boolean withNote;
    private final String columns;

    /** @param schema which release's columns to use */
    public JdbcOrderStore(DataSource dataSource, AppVersion schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.withNote = Objects.requireNonNull(schema, "schema").hasNote();
        this.columns = withNote ? "id, item, quantity, note" : "id, item, quantity";
    }

    @Override
    public List<Order> list(int limit) {
        String sql = "select " + columns + " from orders order by id desc limit ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, Math.max(0, limit));
            try (ResultSet rows = statement.executeQuery()) {
                List<Order> orders = new ArrayList<>();
                while (rows.next()) {
                    orders.add(order(rows));
                }
                return orders;
            }
        } catch (SQLException e) {
            throw failure("list orders", e);
        }
    }

    @Override
    public Optional<Order> find(long id) {
        String sql = "select " + columns + " from orders where id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(order(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read order " + id, e);
        }
    }

    @Override
    public Order create(NewOrder order) {
        String sql = withNote
                ? "insert into orders (item, quantity, note) values (?, ?, ?)"
                : "insert into orders (item, quantity) values (?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql, new String[] {"id"})) {
            statement.setString(1, order.item());
            statement.setInt(2, order.quantity());
            if (withNote) {
                if (order.note().isPresent()) {
                    statement.setString(3, order.note().get());
                } else {
                    statement.setNull(3, Types.VARCHAR);
                }
            }
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new IllegalStateException("insert into orders returned no generated id");
                }
                return new Order(
                        keys.getLong(1), order.item(), order.quantity(), withNote ? order.note() : Optional.empty());
            }
        } catch (SQLException e) {
            throw failure("create order", e);
        }
    }

    private Order order(ResultSet rows) throws SQLException {
        Optional<String> note = withNote ? Optional.ofNullable(rows.getString("note")) : Optional.empty();
        return new Order(rows.getLong("id"), rows.getString("item"), rows.getInt("quantity"), note);
    }

    private static IllegalStateException failure(String operation, SQLException e) {
        return new IllegalStateException(
                "orders database: could not " + operation + " (SQLState " + e.getSQLState() + "): " + e.getMessage(),
                e);
    }
}
