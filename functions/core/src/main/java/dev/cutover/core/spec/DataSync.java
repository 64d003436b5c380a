package dev.cutover.core.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Blue vs green store comparisons run by BeforeAllowTraffic.
 *
 * @param blueDatabaseSecret  secret id of blue's store
 * @param greenDatabaseSecret secret id of green's store
 * @param tables              one check per table
 */
public record DataSync(String blueDatabaseSecret, String greenDatabaseSecret, List<TableCheck> tables) {

    public DataSync {
        tables = List.copyOf(tables);
    }

    /**
     * @param table          table name (optionally schema-qualified)
     * @param key            primary key column
     * @param columns        columns included in the checksum besides the key
     * @param rowTolerance   allowed difference in row count
     * @param lagColumn      a timestamp column; green's newest value may trail blue's by at most maxLag
     * @param maxLag         allowed replication lag, used with lagColumn
     */
    public record TableCheck(
            String table,
            String key,
            List<String> columns,
            long rowTolerance,
            Optional<String> lagColumn,
            Duration maxLag) {

        public TableCheck {
            columns = List.copyOf(columns);
        }
    }
}
