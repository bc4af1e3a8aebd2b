package org.mcrpccds.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.mcrpccds.hooks.HookCall;
import org.mcrpccds.hooks.HookCallListener;
import org.springframework.stereotype.Component;

/**
 * Hook metrics for Prometheus: latency per service and status (with histogram buckets, so
 * percentiles can be computed across instances), cards per rule, and how each prefetch key's data
 * was obtained. Tags hold only names from the content, never request values. Each meter is
 * registered once and kept: looking it up in the registry on every call (building and sorting its
 * tags) cost more than recording.
 */
@Component
class HookMetrics implements HookCallListener {
  private record LatencyKey(String service, int status) {}

  private record CardKey(String service, String rule, String indicator) {}

  private record SourceKey(String service, String key, String source) {}

  private final MeterRegistry meters;
  private final Map<LatencyKey, Timer> latencies = new ConcurrentHashMap<>();
  private final Map<CardKey, Counter> cards = new ConcurrentHashMap<>();
  private final Map<SourceKey, Counter> sources = new ConcurrentHashMap<>();

  HookMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void onHookCall(HookCall call) {
    latencies.computeIfAbsent(new LatencyKey(call.serviceId(), call.status()), key -> Timer.builder("mcrpc.hook.latency")
            .description("Time to answer a hook call, from request body to cards")
            .tag("service", key.service())
            .tag("status", Integer.toString(key.status()))
            .publishPercentileHistogram()
            .register(meters))
        .record(call.latencyNanos(), TimeUnit.NANOSECONDS);
    call.cards().forEach(card -> cards.computeIfAbsent(new CardKey(call.serviceId(), card.rule(), card.indicator()),
            key -> Counter.builder("mcrpc.cards.issued")
                .description("Cards returned to clients")
                .tag("service", key.service())
                .tag("rule", key.rule())
                .tag("indicator", key.indicator())
                .register(meters))
        .increment());
    call.dataSources().forEach((key, source) -> sources.computeIfAbsent(new SourceKey(call.serviceId(), key, source),
            id -> Counter.builder("mcrpc.prefetch.data")
                .description("Prefetch keys by how their data was obtained: prefetch, fetched, no-data or missing")
                .tag("service", id.service())
                .tag("key", id.key())
                .tag("source", id.source())
                .register(meters))
        .increment());
  }
}
