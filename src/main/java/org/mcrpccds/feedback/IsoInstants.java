package org.mcrpccds.feedback;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** ISO 8601 date-times as CDS Hooks clients write them: with an offset, or without one meaning UTC. */
final class IsoInstants {
  private IsoInstants() {}

  static Instant parse(String value) throws DateTimeParseException {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }
  }
}
