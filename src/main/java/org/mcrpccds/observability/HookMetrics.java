package org.mcrpccds.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.mcrpccds.hooks.HookCall;
import org.mcrpccds.hooks.HookCallListener;
import org.springframework.stereotype.Component;

/**
 * Hook metrics for Prometheus: latency per service and status (with histogram buckets, so
 * percentiles can be computed across instances), cards per rule, and how each prefetch key's data
 * was obtained. Tags hold only names from the content, never request values.
 */
@Component
class HookMetrics implements HookCallListener {
  private final MeterRegistry meters;

  HookMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void onHookCall(HookCall call) {
    Timer.builder("mcrpc.hook.latency")
        .description("Time to answer a hook call, from request body to cards")
        .tag("service", call.serviceId())
        .tag("status", Integer.toString(call.status()))
        .publishPercentileHistogram()
        .register(meters)
        .record(call.latencyNanos(), TimeUnit.NANOSECONDS);
    call.cards().forEach(card -> Counter.builder("mcrpc.cards.issued")
        .description("Cards returned to clients")
        .tag("service", call.serviceId())
        .tag("rule", card.rule())
        .tag("indicator", card.indicator())
        .register(meters)
        .increment());
    call.dataSources().forEach((key, source) -> Counter.builder("mcrpc.prefetch.data")
        .description("Prefetch keys by how their data was obtained: prefetch, fetched, no-data or missing")
        .tag("service", call.serviceId())
        .tag("key", key)
        .tag("source", source)
        .register(meters)
        .increment());
  }
}
