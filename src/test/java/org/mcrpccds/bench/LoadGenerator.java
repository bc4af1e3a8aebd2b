package org.mcrpccds.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An HTTP/1.1 load generator for loopback. Each connection is one thread that sends the same
 * pre-encoded POST and waits for the whole answer, either as soon as it has the previous answer
 * (a closed loop, as wrk does without -R: it measures throughput, and at saturation latency is
 * just connections ÷ throughput) or on a fixed schedule (an open loop at an offered rate, as wrk2
 * does with -R: it measures the latency a client sees at that load). On a schedule, a call is timed
 * from when it was due, not from when it could be sent, so a stall is charged to every call it
 * delayed (no coordinated omission). Raw keep-alive sockets keep the client's own cost far below
 * the server's, which matters when both share two cores. Every latency goes into an HdrHistogram,
 * in microseconds.
 */
final class LoadGenerator {
  private static final long HIGHEST_MICROS = Duration.ofMinutes(2).toNanos() / 1000;
  private static final int SOCKET_TIMEOUT_MILLIS = 30_000;

  private final int port;

  LoadGenerator(int port) {
    this.port = port;
  }

  /** One round: {@code requests} answered (2xx) in {@code seconds}, their latencies, and the failures. */
  record Round(Histogram micros, long requests, long errors, double seconds, String lastError) {
    double requestsPerSecond() {
      return requests / seconds;
    }

    double percentileMillis(double percentile) {
      return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
      return micros.getMaxValue() / 1000.0;
    }
  }

  /** A single answer, for warm-up checks and the first-call measurement. */
  record Answer(int status, String body) {}

  /**
   * Drives {@code path} from {@code connections} connections in a closed loop for at least
   * {@code duration} and at least {@code minRequests} answers, but never longer than {@code limit}.
   */
  Round run(String path, byte[] body, int connections, Duration duration, int minRequests, Duration limit)
      throws InterruptedException {
    return run(path, body, connections, duration, minRequests, limit, 0);
  }

  /**
   * As {@link #run(String, byte[], int, Duration, int, Duration)}, but with {@code perSecond} > 0
   * the connections together send that many calls a second, each connection on its own evenly
   * spaced schedule, staggered against the others.
   */
  Round run(String path, byte[] body, int connections, Duration duration, int minRequests, Duration limit, double perSecond)
      throws InterruptedException {
    byte[] request = encode(path, body);
    long interval = perSecond > 0 ? (long) (connections * 1e9 / perSecond) : 0;
    AtomicLong answered = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    String[] lastError = new String[1];
    long start = System.nanoTime();
    long minEnd = start + duration.toNanos();
    long hardEnd = start + limit.toNanos();
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
      histograms.add(histogram);
      long firstDue = start + interval * c / connections;
      Thread thread = new Thread(() -> {
        Connection connection = null;
        long due = firstDue;
        while (true) {
          long now = System.nanoTime();
          if (now >= hardEnd || (now >= minEnd && answered.get() >= minRequests)) {
            break;
          }
          if (interval > 0 && now < due) {
            LockSupport.parkNanos(due - now);
            continue;
          }
          try {
            if (connection == null) {
              connection = new Connection(port);
            }
            long sent = interval > 0 ? due : System.nanoTime();
            due += interval;
            Response response = connection.exchange(request);
            long micros = (System.nanoTime() - sent) / 1000;
            if (response.status / 100 == 2) {
              histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
              answered.incrementAndGet();
            } else {
              errors.incrementAndGet();
              lastError[0] = "HTTP " + response.status + ": " + abbreviate(response.body);
            }
            if (response.close) {
              connection.close();
              connection = null;
            }
          } catch (IOException e) {
            errors.incrementAndGet();
            lastError[0] = e.toString();
            if (connection != null) {
              connection.close();
            }
            connection = null;
            pause();
          }
        }
        if (connection != null) {
          connection.close();
        }
      }, "load-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(limit.toMillis() + SOCKET_TIMEOUT_MILLIS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Histogram all = new Histogram(HIGHEST_MICROS, 3);
    histograms.forEach(all::add);
    return new Round(all, answered.get(), errors.get(), seconds, lastError[0]);
  }

  /**
   * {@code requests} sequential calls to each path on one keep-alive connection, the paths taking
   * turns request by request so that any noise falls on all of them alike; one histogram per path.
   * A failed call is an {@link IOException}: this is for checks, which must not go on past one.
   */
  Histogram[] alternate(byte[] body, int requests, String... paths) throws IOException {
    byte[][] encoded = new byte[paths.length][];
    Histogram[] micros = new Histogram[paths.length];
    for (int p = 0; p < paths.length; p++) {
      encoded[p] = encode(paths[p], body);
      micros[p] = new Histogram(HIGHEST_MICROS, 3);
    }
    Connection connection = new Connection(port);
    try {
      for (int i = 0; i < requests; i++) {
        for (int p = 0; p < paths.length; p++) {
          long sent = System.nanoTime();
          Response response = connection.exchange(encoded[p]);
          micros[p].recordValue(Math.min((System.nanoTime() - sent) / 1000, HIGHEST_MICROS));
          if (response.status != 200) {
            throw new IOException(paths[p] + " answered HTTP " + response.status + ": " + abbreviate(response.body));
          }
          if (response.close) {
            connection.close();
            connection = new Connection(port);
          }
        }
      }
    } finally {
      connection.close();
    }
    return micros;
  }

  /** One request on a fresh connection. */
  Answer once(String path, byte[] body) throws IOException {
    Connection connection = new Connection(port);
    try {
      Response response = connection.exchange(encode(path, body));
      return new Answer(response.status, new String(response.body, StandardCharsets.UTF_8));
    } finally {
      connection.close();
    }
  }

  private byte[] encode(String path, byte[] body) {
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return request;
  }

  /** After an I/O failure (refused while starting, reset): do not spin. */
  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String abbreviate(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private record Response(int status, byte[] body, boolean close) {}

  /** One keep-alive connection; reads Content-Length and chunked answers. */
  private static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
      socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MILLIS);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    Response exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
        throw new IOException("not an HTTP/1.1 status line: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.contains("chunked");
          case "connection" -> close = value.contains("close");
          default -> { }
        }
      }
      byte[] body;
      if (chunked) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
            size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
          chunks.write(in.readNBytes(size));
          line();
        }
        String trailer;
        do {
          trailer = line();
        } while (!trailer.isEmpty());
        body = chunks.toByteArray();
      } else if (length >= 0) {
        body = in.readNBytes((int) length);
        if (body.length < length) {
          throw new IOException("connection closed inside a body");
        }
      } else {
        body = in.readAllBytes();
        close = true;
      }
      return new Response(status, body, close);
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed by the server");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a loopback socket we are done with: nothing to recover
      }
    }
  }
}
