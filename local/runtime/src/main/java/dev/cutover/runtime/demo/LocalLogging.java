package dev.cutover.runtime.demo;

/**
 * Points Log4j (the handlers' logging backend, via Powertools) at the local runtime's configuration instead of the
 * Lambda JSON layout, unless the caller chose a configuration. Call before the first logger is made.
 */
public final class LocalLogging {

    public static final String CONFIG = "dev/cutover/runtime/log4j2-local.xml";
    public static final String LEVEL_PROPERTY = "cutover.log.level";

    private LocalLogging() {}

    /** @param level {@code off}, {@code error}, {@code warn}, {@code info}, {@code debug} */
    public static void configure(String level) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", CONFIG);
        }
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, level);
        }
    }
}
