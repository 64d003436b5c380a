package dev.cutover.core.check.smoke;

/** A smoke-test target that must not be called; the message says why and is shown in the verdict. */
final class TargetRefusedException extends Exception {

    TargetRefusedException(String message) {
        super(message);
    }
}
