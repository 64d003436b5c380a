package dev.cutover.aws;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.AlarmStateReader;

/**
 * Reads metric and composite alarm states with CloudWatch {@code DescribeAlarms}, up to {@value #BATCH} names per
 * call (the API's limit), following pagination. A name CloudWatch does not return is {@code MISSING}: a gate
 * that names an alarm nobody created must not pass silently.
 */
public final class CloudWatchAlarmStateReader implements AlarmStateReader {

    static final int BATCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchAlarmStateReader.class);

    private final CloudWatchClient cloudWatch;

    public CloudWatchAlarmStateReader(CloudWatchClient cloudWatch) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
    }

    @Override
    public Map<String, AlarmState> states(List<String> alarmNames) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(alarmNames));
        Map<String, AlarmState> found = new HashMap<>();
        for (int from = 0; from < names.size(); from += BATCH) {
            List<String> batch = names.subList(from, Math.min(from + BATCH, names.size()));
            DescribeAlarmsRequest request = DescribeAlarmsRequest.builder()
                    .alarmNames(batch)
                    .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
                    .maxRecords(BATCH)
                    .build();
            try {
                for (DescribeAlarmsResponse page : cloudWatch.describeAlarmsPaginator(request)) {
                    for (MetricAlarm alarm : page.metricAlarms()) {
                        found.put(
                                alarm.alarmName(),
                                map(alarm.alarmName(), alarm.stateValue(), alarm.stateValueAsString()));
                    }
                    for (CompositeAlarm alarm : page.compositeAlarms()) {
                        found.put(
                                alarm.alarmName(),
                                map(alarm.alarmName(), alarm.stateValue(), alarm.stateValueAsString()));
                    }
                }
            } catch (SdkException e) {
                throw AwsErrors.fault("CloudWatch DescribeAlarms failed for alarms " + batch, e);
            }
        }
        Map<String, AlarmState> states = new LinkedHashMap<>();
        for (String name : names) {
            states.put(name, found.getOrDefault(name, AlarmState.MISSING));
        }
        List<String> missing = states.entrySet().stream()
                .filter(e -> e.getValue() == AlarmState.MISSING)
                .map(Map.Entry::getKey)
                .toList();
        if (!missing.isEmpty()) {
            LOG.warn("CloudWatch does not know these alarms: {}", missing);
        }
        return Collections.unmodifiableMap(states);
    }

    private static AlarmState map(String alarmName, StateValue state, String raw) {
        if (state == null) {
            throw new DependencyException("CloudWatch returned no state for alarm " + alarmName);
        }
        return switch (state) {
            case OK -> AlarmState.OK;
            case ALARM -> AlarmState.ALARM;
            case INSUFFICIENT_DATA -> AlarmState.INSUFFICIENT_DATA;
            // a state this SDK does not know cannot be judged healthy: refuse rather than guess
            case UNKNOWN_TO_SDK_VERSION ->
                throw new DependencyException("CloudWatch returned state '" + raw + "' for alarm " + alarmName
                        + ", which Cutover does not know");
        };
    }
}
