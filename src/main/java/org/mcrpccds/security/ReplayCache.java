package org.mcrpccds.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers every {@code jti} until its token expires, so that a captured JWT cannot be replayed.
 * The database decides (a primary key on issuer and jti), so instances that share it refuse each
 * other's replays; a memory map in front answers repeats seen by this instance without a query.
 */
@Component
class ReplayCache {
  /** Beyond this many entries the memory map stops growing; the database still decides. */
  private static final int MAX_MEMORY_ENTRIES = 100_000;
  private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> nextPurge;

  ReplayCache(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.nextPurge = new AtomicReference<>(clock.instant().plus(PURGE_EVERY));
  }

  /**
   * @param until when the token (with clock skew) stops being valid; remembered at least that long
   * @return true the first time this issuer's jti is presented, false for a replay
   */
  boolean firstUse(String issuer, String jti, Instant until) {
    Instant now = clock.instant();
    purgeIfDue(now);
    String key = issuer + '\n' + jti;
    Instant known = seen.get(key);
    if (known != null && known.isAfter(now)) {
      return false;
    }
    if (!insert(issuer, jti, until, now)) {
      return false;
    }
    if (seen.size() < MAX_MEMORY_ENTRIES) {
      seen.put(key, until);
    }
    return true;
  }

  private boolean insert(String issuer, String jti, Instant until, Instant now) {
    try {
      jdbc.update("INSERT INTO jwt_replay (issuer, jti, expires_at) VALUES (?, ?, ?)", issuer, jti, utc(until));
      return true;
    } catch (DuplicateKeyException e) {
      // the row of an expired token may linger until the next purge; only then may its jti be reused
      return jdbc.update("UPDATE jwt_replay SET expires_at = ? WHERE issuer = ? AND jti = ? AND expires_at < ?",
          utc(until), issuer, jti, utc(now)) == 1;
    }
  }

  private void purgeIfDue(Instant now) {
    Instant due = nextPurge.get();
    if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
      return;
    }
    seen.values().removeIf(until -> !until.isAfter(now));
    jdbc.update("DELETE FROM jwt_replay WHERE expires_at < ?", utc(now));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
