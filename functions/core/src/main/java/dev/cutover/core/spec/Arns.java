package dev.cutover.core.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shapes of the ARNs a spec names. Checked up front because a mistyped ARN otherwise surfaces only in the
 * middle of a deployment, as an AWS error from the first call that uses it.
 */
enum Arns {
    LISTENER(
            "a load balancer listener ARN",
            "arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<load balancer>/<id>/<id>",
            Parts.ELB + "listener/(?:app|net)/" + Parts.NAME + "/" + Parts.HEX + "/" + Parts.HEX),
    LISTENER_RULE(
            "a load balancer listener rule ARN",
            "arn:aws:elasticloadbalancing:<region>:<account>:listener-rule/app/<load balancer>/<id>/<id>/<id>",
            Parts.ELB + "listener-rule/(?:app|net)/" + Parts.NAME + "/" + Parts.HEX + "/" + Parts.HEX + "/"
                    + Parts.HEX),
    TARGET_GROUP(
            "a target group ARN",
            "arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>",
            Parts.ELB + "targetgroup/" + Parts.NAME + "/" + Parts.HEX),
    SNS_TOPIC(
            "an SNS topic ARN",
            "arn:aws:sns:<region>:<account>:<topic name>",
            "arn:aws[a-z-]*:sns:" + Parts.REGION + ":" + Parts.ACCOUNT + ":[A-Za-z0-9_-]{1,256}(?:\\.fifo)?"),
    SECRET(
            "a Secrets Manager secret ARN",
            "arn:aws:secretsmanager:<region>:<account>:secret:<name>",
            "arn:aws[a-z-]*:secretsmanager:" + Parts.REGION + ":" + Parts.ACCOUNT
                    + ":secret:[A-Za-z0-9/_+=.@-]{1,512}");

    /** Pieces of the patterns; the same ones appear, spelled for ECMA-262, in the published JSON Schema. */
    private static final class Parts {
        static final String REGION = "[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}";
        static final String ACCOUNT = "[0-9]{12}";
        static final String NAME = "[A-Za-z0-9-]{1,32}";
        static final String HEX = "[0-9a-f]{1,32}";
        static final String ELB = "arn:aws[a-z-]*:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":";
    }

    private final String kind;
    private final String shape;
    private final Pattern pattern;

    Arns(String kind, String shape, String regex) {
        this.kind = kind;
        this.shape = shape;
        this.pattern = Pattern.compile(regex);
    }

    /** @return why {@code arn} is not of this kind, or empty when it is */
    Optional<String> problem(String arn) {
        if (pattern.matcher(arn).matches()) {
            return Optional.empty();
        }
        String reason = Values.quote(arn) + " is not " + kind + "; expected " + shape;
        for (Arns other : values()) {
            if (other != this && other.pattern.matcher(arn).matches()) {
                return Optional.of(reason + " (this is " + other.kind + ")");
            }
        }
        return Optional.of(reason);
    }

    /** The listener ARN a listener rule ARN belongs to (a listener ARN is its own), if well formed. */
    static Optional<String> listenerOf(String arn) {
        if (LISTENER_RULE.pattern.matcher(arn).matches()) {
            // listener-rule/app/lb/lbid/listenerid/ruleid -> listener/app/lb/lbid/listenerid
            String listener = arn.replaceFirst(":listener-rule/", ":listener/");
            return Optional.of(listener.substring(0, listener.lastIndexOf('/')));
        }
        return LISTENER.pattern.matcher(arn).matches() ? Optional.of(arn) : Optional.empty();
    }
}
