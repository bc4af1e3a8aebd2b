package org.mcrpccds.feedback;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.mcrpccds.web.ApiException;

/**
 * The time span an analytics question covers: {@code from} inclusive, {@code to} exclusive. Either
 * end may be a date ({@code 2026-11-01}, a whole UTC day: {@code to} then includes that day) or an
 * ISO 8601 date-time (UTC when it has no offset); an absent end is open.
 */
record AnalyticsPeriod(Instant from, Instant to) {
  /** Bounds that every database stores and that no event lies outside. */
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

  static AnalyticsPeriod of(String from, String to) {
    Instant start = from == null || from.isBlank() ? EARLIEST : clamp(parse(from, "from", false));
    Instant end = to == null || to.isBlank() ? LATEST : clamp(parse(to, "to", true));
    if (start.isAfter(end)) {
      throw ApiException.badRequest("from must not be after to");
    }
    return new AnalyticsPeriod(start, end);
  }

  private static Instant clamp(Instant instant) {
    return instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
  }

  private static Instant parse(String value, String name, boolean endOfDay) {
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return IsoInstants.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + " must be an ISO 8601 date (2026-11-01) or date-time (2026-11-01T08:00:00Z)");
    }
  }
}
