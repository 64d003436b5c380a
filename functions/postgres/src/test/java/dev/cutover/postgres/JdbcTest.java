package dev.cutover.postgres;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;

import static org.assertj.core.api.Assertions.assertThat;

/** How SQL failures become dependency faults, without a database. */
class JdbcTest {

    @ParameterizedTest(name = "SQLState {0} transient: {1}")
    @CsvSource({
        "08001, true", // cannot connect
        "08006, true", // connection failure
        "40001, true", // serialization failure
        "40P01, true", // deadlock detected
        "57P01, true", // admin shutdown
        "23505, false", // unique violation
        "42P01, false", // undefined table
        "28P01, false", // bad password: retrying will not help
    })
    void classifiesBySqlState(String state, boolean transientFault) {
        assertThat(Jdbc.isTransient(new SQLException("boom", state))).isEqualTo(transientFault);
    }

    @Test
    void aTransientExceptionTypeOrAMissingStateDecideWithoutAState() {
        assertThat(Jdbc.isTransient(new SQLTransientConnectionException("pool exhausted")))
                .isTrue();
        assertThat(Jdbc.isTransient(new SQLException("no state"))).isFalse();
    }

    @Test
    void faultsNameTheSchemaTheOperationAndTheState() {
        Jdbc jdbc = new Jdbc(new org.postgresql.ds.PGSimpleDataSource(), "cutover");

        DependencyException transientFault =
                jdbc.fault("read deployment d-1", new SQLException("could not serialize access", "40001"));
        DependencyException permanent =
                jdbc.fault("read deployment d-1", new SQLException("relation does not exist", "42P01"));

        assertThat(transientFault)
                .isInstanceOf(TransientDependencyException.class)
                .hasMessage("PostgreSQL (ledger schema cutover): read deployment d-1 failed: could not serialize"
                        + " access (SQLState 40001)");
        assertThat(transientFault.isTransient()).isTrue();
        assertThat(permanent).isNotInstanceOf(TransientDependencyException.class);
        assertThat(permanent.isTransient()).isFalse();
        assertThat(permanent.getCause()).hasMessage("relation does not exist");
    }
}
