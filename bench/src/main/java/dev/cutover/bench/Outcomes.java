package dev.cutover.bench;

/**
 * Prints how each benchmarked test case ends on cutover-states (see {@link DeploymentFixture#outcomes()}), so
 * {@code bench/run.sh} can check that aws-local-stepfunctions ends every case the same way before timing either.
 * With the argument {@code JSONata}, the same for the JSONata rewrite (bench/engine-jsonata.sh compares the two).
 */
public final class Outcomes {

    private Outcomes() {}

    public static void main(String[] args) {
        String queryLanguage = args.length > 0 ? args[0] : DeploymentFixture.JSONPATH;
        System.out.println(DeploymentFixture.load(queryLanguage).outcomes().toPrettyString());
    }
}
