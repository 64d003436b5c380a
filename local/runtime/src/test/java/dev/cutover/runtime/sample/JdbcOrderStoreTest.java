package dev.cutover.runtime.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcOrderStoreTest {

    private DataSource dataSource;

    @BeforeEach
    void freshDatabase() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:orders-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        dataSource = h2;
        migrate("V1__orders.sql");
    }

    private void migrate(String script) throws IOException, SQLException {
        String sql;
        try (InputStream in = SampleApp.class.getResourceAsStream("db/" + script)) {
            assertThat(in).as("migration %s on the classpath", script).isNotNull();
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void v1StoresAndReadsOrdersOnTheV1Schema() {
        JdbcOrderStore v1 = new JdbcOrderStore(dataSource, AppVersion.V1);

        Order tea = v1.create(new NewOrder("tea", 2, Optional.of("not stored by v1")));
        Order milk = v1.create(new NewOrder("milk", 1, Optional.empty()));

        assertThat(tea.id()).isPositive();
        assertThat(milk.id()).isGreaterThan(tea.id());
        assertThat(tea.note()).isEmpty();
        assertThat(v1.find(tea.id())).contains(new Order(tea.id(), "tea", 2, Optional.empty()));
        assertThat(v1.find(999)).isEmpty();
        assertThat(v1.list(10)).extracting(Order::item).containsExactly("milk", "tea");
        assertThat(v1.list(1)).extracting(Order::item).containsExactly("milk");
    }

    @Test
    void v2NeedsItsMigrationAndSaysWhichOperationFailed() {
        JdbcOrderStore v2 = new JdbcOrderStore(dataSource, AppVersion.V2);

        assertThatThrownBy(() -> v2.create(new NewOrder("tea", 1, Optional.of("x"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not create order")
                .hasMessageContaining("SQLState");
    }

    @Test
    void afterTheV2MigrationBothVersionsWorkOnTheSameRows() throws Exception {
        JdbcOrderStore v1 = new JdbcOrderStore(dataSource, AppVersion.V1);
        Order before = v1.create(new NewOrder("bread", 1, Optional.empty()));

        migrate("V2__orders_note.sql");
        JdbcOrderStore v2 = new JdbcOrderStore(dataSource, AppVersion.V2);
        Order noted = v2.create(new NewOrder("tea", 3, Optional.of("green")));
        Order byV1 = v1.create(new NewOrder("milk", 1, Optional.empty()));

        assertThat(v2.find(noted.id())).contains(new Order(noted.id(), "tea", 3, Optional.of("green")));
        assertThat(v2.find(before.id()).orElseThrow().note()).isEmpty();
        assertThat(v2.find(byV1.id()).orElseThrow().note()).isEmpty();
        assertThat(v1.find(noted.id())).contains(new Order(noted.id(), "tea", 3, Optional.empty()));
        assertThat(v2.list(10)).extracting(Order::item).containsExactly("milk", "tea", "bread");
    }
}
