package dev.cutover.bench;

/**
 * Prints how each benchmarked test case ends on cutover-states (see {@link DeploymentFixture#outcomes()}), so
 * {@code bench/run.sh} can check that aws-local-stepfunctions ends every case the same way before timing either.
 */
public final class Outcomes {

    private Outcomes() {}

    public static void main(String[] args) {
        System.out.println(DeploymentFixture.load().outcomes().toPrettyString());
    }
}
