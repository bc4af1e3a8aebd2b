package org.mcrpccds.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where an HTTP/1.1 answer ends in bytes read so far, for a client that reads whatever has arrived
 * and must not block: after a Content-Length body, after the last chunk of a chunked one (trailers
 * included), or, with neither, at the end of the connection. The event loop of {@link LoadGenerator}
 * reads answers this way; the blocking client reads them line by line.
 */
final class ResponseFraming {
  /** The end of the head and how the body is framed, once the whole head has arrived. */
  record Head(int status, int bodyStart, long contentLength, boolean chunked, boolean close) {
    /** A body that only the end of the connection ends. */
    boolean untilClose() {
      return contentLength < 0 && !chunked;
    }
  }

  private ResponseFraming() {}

  /** The head in {@code bytes[0, length)}, or null while it is incomplete; an IOException if it is not HTTP/1.1. */
  static Head head(byte[] bytes, int length) throws IOException {
    int end = indexOf(bytes, 0, length, "\r\n\r\n");
    if (end < 0) {
      return null;
    }
    String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    if (!lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
      throw new IOException("not an HTTP/1.1 status line: " + lines[0]);
    }
    int status = number(lines[0].substring(9, 12), 10);
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) {
        throw new IOException("not an HTTP header: " + lines[i]);
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> contentLength = number(value, 10);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" -> close = value.contains("close");
        default -> { }
      }
    }
    return new Head(status, end + 4, contentLength, chunked, close);
  }

  /**
   * The end of the answer whose head is {@code head} in {@code bytes[0, length)}, or -1 while its
   * body is incomplete (always, for a body that only the end of the connection ends).
   */
  static int end(Head head, byte[] bytes, int length) throws IOException {
    if (head.contentLength() >= 0) {
      long end = head.bodyStart() + head.contentLength();
      return end <= length ? (int) end : -1;
    }
    if (!head.chunked()) {
      return -1;
    }
    int at = head.bodyStart();
    while (true) {
      int lineEnd = indexOf(bytes, at, length, "\r\n");
      if (lineEnd < 0) {
        return -1;
      }
      String sizeLine = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int size = number(sizeLine.split(";")[0].trim(), 16);
      at = lineEnd + 2;
      if (size == 0) {
        return endOfTrailers(bytes, at, length);
      }
      at += size + 2;
      if (at > length) {
        return -1;
      }
    }
  }

  private static int number(String text, int radix) throws IOException {
    try {
      return Integer.parseInt(text, radix);
    } catch (NumberFormatException e) {
      throw new IOException("not a number in an HTTP answer: " + text);
    }
  }

  /** The trailer lines after the last chunk end at the first empty line. */
  private static int endOfTrailers(byte[] bytes, int at, int length) {
    while (true) {
      int lineEnd = indexOf(bytes, at, length, "\r\n");
      if (lineEnd < 0) {
        return -1;
      }
      if (lineEnd == at) {
        return at + 2;
      }
      at = lineEnd + 2;
    }
  }

  private static int indexOf(byte[] bytes, int from, int to, String ascii) {
    outer:
    for (int i = from; i <= to - ascii.length(); i++) {
      for (int k = 0; k < ascii.length(); k++) {
        if (bytes[i + k] != ascii.charAt(k)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
