package dev.cutover.core.error;

/**
 * The ledger has no deployment of that id: check the id (`cutover history SERVICE` lists a service's deployments).
 * {@code cutover abort} and {@code cutover approve|deny} refuse with it before touching anything.
 */
public final class DeploymentNotFoundException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final String deploymentId;

    /** @param refused what was not done, e.g. "aborting it" */
    public DeploymentNotFoundException(String deploymentId, String refused) {
        super("no deployment " + deploymentId + " in the ledger; not " + refused
                + ". Check the id: cutover history <service> lists the service's deployments");
        this.deploymentId = deploymentId;
    }

    public String deploymentId() {
        return deploymentId;
    }
}
