package org.mcrpccds.cards;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
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
  private static final SecureRandom UNPREDICTABLE = new SecureRandom();

  private TimeOrderedIds() {}

  /** An id that stays on the server (an audit row): no call waits on SecureRandom for it. */
  public static UUID next(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return of(epochMillis, random.nextLong(), random.nextLong());
  }

  /**
   * An id handed to clients (a card, a suggestion): its 74 random bits come from SecureRandom, in
   * one request for 16 bytes (each {@code nextLong} would be two requests, each a lock and a read).
   */
  public static UUID unpredictable(long epochMillis) {
    byte[] random = new byte[16];
    UNPREDICTABLE.nextBytes(random);
    ByteBuffer bits = ByteBuffer.wrap(random);
    return of(epochMillis, bits.getLong(), bits.getLong());
  }

  private static UUID of(long epochMillis, long randomHigh, long randomLow) {
    long high = (epochMillis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
    long low = (randomLow & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
