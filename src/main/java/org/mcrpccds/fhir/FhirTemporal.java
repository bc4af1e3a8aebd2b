package org.mcrpccds.fhir;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.opencds.cqf.cql.engine.runtime.Date;
import org.opencds.cqf.cql.engine.runtime.DateTime;
import org.opencds.cqf.cql.engine.runtime.Precision;
import org.opencds.cqf.cql.engine.runtime.Time;

/**
 * FHIR {@code date}, {@code dateTime}, {@code instant} and {@code time} text as CQL values, with the
 * precision that was written: what the CQL engine's R4 model resolver makes of HAPI's parse of the
 * same text. A value without a time zone takes the JVM's zone, as HAPI does; its fields stay as
 * written. Parsed by position rather than with a pattern, as it runs for every date a rule reads.
 * FhirTemporalTest checks it against HAPI and the engine for many forms.
 */
final class FhirTemporal {
  private static final Precision[] PRECISIONS = {
      Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.HOUR, Precision.MINUTE, Precision.SECOND, Precision.MILLISECOND};

  private FhirTemporal() {}

  static Date date(String text) {
    int[] fields = new int[7];
    int count = parse(text, fields);
    if (count <= 0 || count > 3 || offsetStart(text, count) != text.length()) {
      return null;
    }
    return switch (count) {
      case 1 -> new Date(fields[0]);
      case 2 -> new Date(fields[0], fields[1]);
      default -> new Date(fields[0], fields[1], fields[2]);
    };
  }

  static DateTime dateTime(String text) {
    int[] fields = new int[7];
    int count = parse(text, fields);
    if (count <= 0) {
      return null;
    }
    int offsetAt = offsetStart(text, count);
    ZoneOffset offset;
    if (offsetAt == text.length()) {
      offset = defaultOffset(fields, count);
    } else if (count < 4) {
      return null;
    } else {
      try {
        String zone = text.substring(offsetAt);
        offset = zone.equals("Z") ? ZoneOffset.UTC : zone.length() == 6 ? ZoneOffset.of(zone) : null;
      } catch (DateTimeException e) {
        offset = null;
      }
      if (offset == null) {
        return null;
      }
    }
    OffsetDateTime value = OffsetDateTime.of(fields[0], count > 1 ? fields[1] : 1, count > 2 ? fields[2] : 1,
        fields[3], fields[4], fields[5], fields[6] * 1_000_000, offset);
    return new DateTime(value, PRECISIONS[count - 1]);
  }

  static Time time(String text) {
    try {
      return new Time(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads {@code YYYY[-MM[-DD[Thh:mm:ss[.fff…]]]]} into {@code fields} (year, month, day, hour,
   * minute, second, millisecond) and returns how many were written, or -1 when the text is not of
   * that form or a field is out of range. What follows (a zone) is left to the caller.
   */
  private static int parse(String text, int[] fields) {
    int length = text.length();
    if (length < 4 || !digits(text, 0, 4)) {
      return -1;
    }
    fields[0] = number(text, 0, 4);
    if (fields[0] < 1) {
      return -1;
    }
    if (length == 4 || text.charAt(4) != '-') {
      return 1;
    }
    if (length < 7 || !digits(text, 5, 2)) {
      return -1;
    }
    fields[1] = number(text, 5, 2);
    if (fields[1] < 1 || fields[1] > 12) {
      return -1;
    }
    if (length == 7 || text.charAt(7) != '-') {
      return 2;
    }
    if (length < 10 || !digits(text, 8, 2)) {
      return -1;
    }
    fields[2] = number(text, 8, 2);
    if (fields[2] < 1 || fields[2] > YearMonth.of(fields[0], fields[1]).lengthOfMonth()) {
      return -1;
    }
    if (length == 10 || text.charAt(10) != 'T') {
      return 3;
    }
    if (length < 16 || !digits(text, 11, 2) || text.charAt(13) != ':' || !digits(text, 14, 2)) {
      return -1;
    }
    fields[3] = number(text, 11, 2);
    fields[4] = number(text, 14, 2);
    if (fields[3] > 23 || fields[4] > 59) {
      return -1;
    }
    if (length == 16 || text.charAt(16) != ':') {
      return -1; // FHIR (and HAPI) want seconds once the time is given
    }
    if (length < 19 || !digits(text, 17, 2)) {
      return -1;
    }
    fields[5] = number(text, 17, 2);
    if (fields[5] > 59) {
      return -1;
    }
    if (length == 19 || text.charAt(19) != '.') {
      return 6;
    }
    int end = 20;
    while (end < length && Character.isDigit(text.charAt(end))) {
      end++;
    }
    if (end == 20) {
      return -1;
    }
    String millis = (text.substring(20, Math.min(end, 23)) + "00").substring(0, 3);
    fields[6] = Integer.parseInt(millis);
    return 7;
  }

  /** Where the zone starts after {@code count} fields; the text's length when there is none. */
  private static int offsetStart(String text, int count) {
    int at = switch (count) {
      case 1 -> 4;
      case 2 -> 7;
      case 3 -> 10;
      case 6 -> 19;
      default -> 20;
    };
    if (count == 7) {
      while (at < text.length() && Character.isDigit(text.charAt(at))) {
        at++;
      }
    }
    return at;
  }

  private static boolean digits(String text, int from, int count) {
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }

  private static ZoneOffset defaultOffset(int[] fields, int count) {
    LocalDateTime local = LocalDateTime.of(fields[0], count > 1 ? fields[1] : 1, count > 2 ? fields[2] : 1,
        fields[3], fields[4], fields[5]);
    return ZoneId.systemDefault().getRules().getOffset(local);
  }
}
