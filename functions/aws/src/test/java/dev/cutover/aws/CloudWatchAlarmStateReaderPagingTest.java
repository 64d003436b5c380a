package dev.cutover.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.AlarmStateReader.AlarmState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Batching and pagination, which moto does not exercise faithfully, against a scripted client. */
class CloudWatchAlarmStateReaderPagingTest {

    private final List<DescribeAlarmsRequest> requests = new ArrayList<>();
    private final CloudWatchClient cloudWatch = mock(CloudWatchClient.class);

    @Test
    void asksAtMostOneHundredNamesPerCallAndFollowsNextToken() {
        // every call answers its names in pages of two: metric alarms, plus one composite alarm per call
        when(cloudWatch.describeAlarmsPaginator(any(DescribeAlarmsRequest.class)))
                .thenCallRealMethod();
        when(cloudWatch.describeAlarms(any(DescribeAlarmsRequest.class))).thenAnswer(call -> {
            DescribeAlarmsRequest request = call.getArgument(0);
            requests.add(request);
            List<String> names = request.alarmNames();
            int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
            int to = Math.min(from + 2, names.size());
            DescribeAlarmsResponse.Builder page = DescribeAlarmsResponse.builder()
                    .metricAlarms(names.subList(from, to).stream()
                            .filter(n -> !n.endsWith("-composite") && !n.endsWith("-gone"))
                            .map(n -> MetricAlarm.builder()
                                    .alarmName(n)
                                    .stateValue(n.endsWith("7") ? StateValue.ALARM : StateValue.OK)
                                    .build())
                            .toList())
                    .compositeAlarms(names.subList(from, to).stream()
                            .filter(n -> n.endsWith("-composite"))
                            .map(n -> CompositeAlarm.builder()
                                    .alarmName(n)
                                    .stateValue(StateValue.INSUFFICIENT_DATA)
                                    .build())
                            .toList());
            if (to < names.size()) {
                page.nextToken(Integer.toString(to));
            }
            return page.build();
        });
        List<String> names = new ArrayList<>(
                IntStream.range(0, 150).mapToObj(i -> "alarm-" + i).toList());
        names.add("orders-composite");
        names.add("orders-gone");

        Map<String, AlarmState> states = new CloudWatchAlarmStateReader(cloudWatch).states(names);

        assertThat(states).hasSize(152);
        assertThat(states)
                .containsEntry("alarm-7", AlarmState.ALARM)
                .containsEntry("alarm-147", AlarmState.ALARM)
                .containsEntry("alarm-8", AlarmState.OK)
                .containsEntry("orders-composite", AlarmState.INSUFFICIENT_DATA)
                .containsEntry("orders-gone", AlarmState.MISSING);
        assertThat(states.keySet()).containsExactlyElementsOf(names);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.alarmNames()).hasSizeLessThanOrEqualTo(100);
            assertThat(r.alarmTypes()).containsExactlyInAnyOrder(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM);
        });
        assertThat(requests.stream().map(DescribeAlarmsRequest::alarmNames).distinct())
                .extracting(List::size)
                .containsExactly(100, 52);
        assertThat(requests).hasSize(50 + 26);
    }

    @Test
    void aStateTheSdkDoesNotKnowIsRefused() {
        when(cloudWatch.describeAlarmsPaginator(any(DescribeAlarmsRequest.class)))
                .thenCallRealMethod();
        when(cloudWatch.describeAlarms(any(DescribeAlarmsRequest.class)))
                .thenReturn(DescribeAlarmsResponse.builder()
                        .metricAlarms(MetricAlarm.builder()
                                .alarmName("orders-5xx")
                                .stateValue("MELTING")
                                .build())
                        .build());

        DependencyException e = catchThrowableOfType(
                DependencyException.class,
                () -> new CloudWatchAlarmStateReader(cloudWatch).states(List.of("orders-5xx")));

        assertThat(e.getMessage()).contains("orders-5xx", "MELTING");
    }
}
