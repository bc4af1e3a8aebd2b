package org.mcrpccds.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per client key: {@code burst} calls at once, refilled at {@code perSecond}.
 * Buckets that have refilled completely carry no state worth keeping and are dropped when the map
 * grows, so that a stream of new client keys cannot exhaust memory.
 */
final class TokenBuckets {
  private static final int SWEEP_ABOVE = 10_000;

  private final double burst;
  private final double perNano;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  TokenBuckets(int burst, double perSecond) {
    if (burst < 1 || perSecond <= 0) {
      throw new IllegalStateException("mcrpc.security.rate-limit needs burst >= 1 and per-second > 0");
    }
    this.burst = burst;
    this.perNano = perSecond / 1e9;
  }

  /** @return 0 when the call may proceed, else the seconds until it may */
  long take(String client) {
    long now = System.nanoTime();
    if (buckets.size() > SWEEP_ABOVE) {
      buckets.values().removeIf(bucket -> bucket.isFull(now));
    }
    return buckets.computeIfAbsent(client, key -> new Bucket(now)).take(now);
  }

  private final class Bucket {
    private double tokens = burst;
    private long updated;

    Bucket(long now) {
      this.updated = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      tokens = Math.min(burst, tokens + (now - updated) * perNano);
      updated = now;
    }
  }
}
