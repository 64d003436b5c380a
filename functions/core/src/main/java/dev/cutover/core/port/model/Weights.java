package dev.cutover.core.port.model;

/**
 * How production traffic is split between blue (the live version) and green (the new one), in percent. Both
 * shares are 0..100 and always sum to 100: a value of this type cannot describe traffic going nowhere or being
 * counted twice.
 *
 * @param blue percent of production requests sent to the blue target group
 * @param green percent sent to the green target group
 */
public record Weights(int blue, int green) {

    /** Everything on the live version: where a rollback ends. */
    public static final Weights ALL_BLUE = new Weights(100, 0);
    /** Everything on the new version: where a successful shift ends. */
    public static final Weights ALL_GREEN = new Weights(0, 100);

    /** @throws IllegalArgumentException when a share is outside 0..100 or the two do not sum to 100 */
    public Weights {
        if (blue < 0 || blue > 100 || green < 0 || green > 100 || blue + green != 100) {
            throw new IllegalArgumentException(
                    "traffic weights must each be 0..100 and sum to 100, got blue " + blue + " / green " + green);
        }
    }

    /**
     * The split that sends {@code greenPercent} of traffic to green and the rest to blue.
     *
     * @throws IllegalArgumentException when {@code greenPercent} is outside 0..100
     */
    public static Weights ofGreenPercent(int greenPercent) {
        if (greenPercent < 0 || greenPercent > 100) {
            throw new IllegalArgumentException("green traffic percent must be 0..100, got " + greenPercent);
        }
        return new Weights(100 - greenPercent, greenPercent);
    }

    @Override
    public String toString() {
        return "blue " + blue + " / green " + green;
    }
}
