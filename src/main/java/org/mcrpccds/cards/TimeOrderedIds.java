package org.mcrpccds.cards;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDs of version 7 (RFC 9562): the millisecond of creation first, then random bits. The audit
 * indexes its calls and cards by them, so every insert appends to the right edge of the B-tree
 * instead of reading and splitting a page at a random place (on H2 and PostgreSQL alike). With
 * random card uuids, that index was most of the audit's cost: a page read from disk per card once
 * the table outgrew the cache (bench/README.md).
 */
public final class TimeOrderedIds {
  /** Card uuids go to clients, who send them back as feedback: they must not be predictable. */
  private static final Random UNPREDICTABLE = new SecureRandom();

  private TimeOrderedIds() {}

  /** An id that stays on the server (an audit row): no call waits on SecureRandom for it. */
  public static UUID next(long epochMillis) {
    return of(epochMillis, ThreadLocalRandom.current());
  }

  /** An id handed to clients (a card, a suggestion): its 74 random bits come from SecureRandom. */
  public static UUID unpredictable(long epochMillis) {
    return of(epochMillis, UNPREDICTABLE);
  }

  private static UUID of(long epochMillis, Random random) {
    long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
