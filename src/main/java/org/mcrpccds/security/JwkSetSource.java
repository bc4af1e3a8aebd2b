package org.mcrpccds.security;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JWK Set location: read on first use, cached for a while, and read again when a token names
 * a {@code kid} it does not hold (the issuer may have rotated its keys). Reads are rate limited so
 * that tokens with made-up {@code kid}s cannot make us hammer the issuer: after a read, the next
 * one waits for the refresh interval. A failed read keeps the keys already known.
 */
final class JwkSetSource {
  private static final Logger log = LoggerFactory.getLogger(JwkSetSource.class);

  private final String location;
  private final JwkSetReader reader;
  private final Clock clock;
  private final Duration ttl;
  private final Duration refreshInterval;
  private volatile Keys keys;
  /** Guarded by this. */
  private Instant lastAttempt;
  /** Guarded by this. */
  private Instant lastUnknownKidRefresh;

  private record Keys(Map<String, JWK> byKid, Instant readAt) {}

  JwkSetSource(String location, JwkSetReader reader, Clock clock, Duration ttl, Duration refreshInterval) {
    this.location = location;
    this.reader = reader;
    this.clock = clock;
    this.ttl = ttl;
    this.refreshInterval = refreshInterval;
  }

  Optional<JWK> key(String kid) {
    Keys current = current();
    if (current != null && current.byKid().containsKey(kid)) {
      return Optional.of(current.byKid().get(kid));
    }
    return Optional.ofNullable(refreshFor(kid));
  }

  private Keys current() {
    Keys current = keys;
    if (current != null && isFresh(current)) {
      return current;
    }
    synchronized (this) {
      current = keys;
      Instant now = clock.instant();
      boolean mayRead = lastAttempt == null || !now.isBefore(lastAttempt.plus(refreshInterval));
      if ((current == null || !isFresh(current)) && mayRead) {
        read(now);
      }
      return keys;
    }
  }

  /** Exactly one read per unknown {@code kid}, and none when another read happened just before. */
  private synchronized JWK refreshFor(String kid) {
    Keys current = keys;
    if (current != null && current.byKid().containsKey(kid)) {
      return current.byKid().get(kid);
    }
    Instant now = clock.instant();
    if (lastUnknownKidRefresh != null && now.isBefore(lastUnknownKidRefresh.plus(refreshInterval))) {
      return null;
    }
    lastUnknownKidRefresh = now;
    read(now);
    current = keys;
    return current == null ? null : current.byKid().get(kid);
  }

  private void read(Instant now) {
    lastAttempt = now;
    try {
      keys = new Keys(Map.copyOf(reader.read(location)), now);
    } catch (IOException | ParseException | RuntimeException e) {
      log.warn("JWK Set {} could not be read ({}); keeping the keys already known", location, e.getClass().getSimpleName());
    }
  }

  private boolean isFresh(Keys current) {
    return clock.instant().isBefore(current.readAt().plus(ttl));
  }
}
