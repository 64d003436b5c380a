package dev.cutover.aws.testing;

import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** CloudWatch alarms in moto for the tests: one on the ALB's target 5xx count, set to the state a test needs. */
public final class MotoAlarms {

    private MotoAlarms() {}

    /** Creates (or replaces) alarm {@code name} and sets it to {@code state}. */
    public static void put(CloudWatchClient cloudWatch, String name, StateValue state) {
        cloudWatch.putMetricAlarm(r -> r.alarmName(name)
                .namespace("AWS/ApplicationELB")
                .metricName("HTTPCode_Target_5XX_Count")
                .statistic(Statistic.SUM)
                .period(60)
                .evaluationPeriods(1)
                .threshold(100.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        cloudWatch.setAlarmState(r -> r.alarmName(name).stateValue(state).stateReason("set by test"));
    }
}
