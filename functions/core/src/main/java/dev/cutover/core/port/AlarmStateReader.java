package dev.cutover.core.port;

import java.util.List;
import java.util.Map;

import dev.cutover.core.error.DependencyException;

/** CloudWatch DescribeAlarms, or the local alarm evaluator. */
public interface AlarmStateReader {

    /**
     * @return the state of each named alarm; a name CloudWatch does not know maps to {@link AlarmState#MISSING}
     * @throws DependencyException when the alarms cannot be read
     */
    Map<String, AlarmState> states(List<String> alarmNames);

    enum AlarmState {
        OK,
        ALARM,
        INSUFFICIENT_DATA,
        MISSING
    }
}
