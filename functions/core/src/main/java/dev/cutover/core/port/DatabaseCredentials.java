package dev.cutover.core.port;

/** Where a PostgreSQL database is and how to log in. {@link #toString()} never shows the password. */
public record DatabaseCredentials(String host, int port, String dbname, String username, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + dbname;
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[" + username + "@" + host + ":" + port + "/" + dbname + "]";
    }
}
