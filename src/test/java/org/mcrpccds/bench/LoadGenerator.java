package org.mcrpccds.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An HTTP/1.1 load generator for loopback. Every connection sends the same pre-encoded POST and
 * reads the whole answer, either as soon as it has the previous answer (a closed loop, as wrk does
 * without -R: it measures throughput, and at saturation latency is just connections ÷ throughput;
 * all connections on one event-loop thread, as in wrk) or on a fixed schedule (an open loop at an
 * offered rate, as wrk2 does with -R: it measures the latency a client sees at that load; a thread
 * per connection). On a schedule, a call is timed from when it was due, not from when it could be
 * sent, so a stall is charged to every call it delayed (no coordinated omission). Raw keep-alive
 * sockets keep the client's own cost far below the server's, which matters when both share two
 * cores. Every latency goes into an HdrHistogram, in microseconds.
 */
final class LoadGenerator {
  private static final long HIGHEST_MICROS = Duration.ofMinutes(2).toNanos() / 1000;
  private static final int SOCKET_TIMEOUT_MILLIS = 30_000;
  /** How long a connection that failed waits before it is opened again. */
  private static final long RETRY_MILLIS = 5;

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
    long start = System.nanoTime();
    long minEnd = start + duration.toNanos();
    long hardEnd = start + limit.toNanos();
    return perSecond > 0
        ? openLoop(request, connections, (long) (connections * 1e9 / perSecond), start, minEnd, hardEnd, minRequests)
        : closedLoop(request, connections, start, minEnd, hardEnd, minRequests);
  }

  /**
   * The closed loop on one thread: every connection non-blocking on one selector, each sending its
   * next call as soon as it has read an answer. At saturation the client shares the two cores with
   * the service: one thread that wakes once for all the answers that have arrived leaves the
   * service more of them than a thread per connection woken per answer (wrk works the same way).
   */
  private Round closedLoop(byte[] request, int connections, long start, long minEnd, long hardEnd, int minRequests) {
    Histogram micros = new Histogram(HIGHEST_MICROS, 3);
    long answered = 0;
    long errors = 0;
    String lastError = null;
    List<Caller> callers = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int c = 0; c < connections; c++) {
        callers.add(new Caller(request));
      }
      for (long now = start; now < hardEnd && (now < minEnd || answered < minRequests); now = System.nanoTime()) {
        boolean waiting = false;
        for (Caller caller : callers) {
          if (!caller.connected() && now >= caller.retryAt) {
            try {
              caller.connect(selector, port);
              caller.send();
            } catch (IOException e) {
              errors++;
              lastError = e.toString();
              caller.failed(now);
            }
          }
          waiting |= !caller.connected();
        }
        // with a connection waiting to be retried, wake in time to retry it
        selector.select(waiting ? RETRY_MILLIS : 100);
        for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
          Caller caller = (Caller) keys.next().attachment();
          keys.remove();
          try {
            Response response = caller.progress();
            if (response == null) {
              continue;
            }
            if (response.status / 100 == 2) {
              micros.recordValue(Math.min((System.nanoTime() - caller.sent) / 1000, HIGHEST_MICROS));
              answered++;
            } else {
              errors++;
              lastError = "HTTP " + response.status + ": " + abbreviate(response.body);
            }
            if (response.close) {
              caller.close();
            } else {
              caller.send();
            }
          } catch (IOException e) {
            errors++;
            lastError = e.toString();
            caller.failed(System.nanoTime());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the load generator's selector failed", e);
    } finally {
      callers.forEach(Caller::close);
    }
    return new Round(micros, answered, errors, (System.nanoTime() - start) / 1e9, lastError);
  }

  /**
   * The open loop: each connection a thread that parks until its next call is due. The schedule
   * needs timers finer than the millisecond a selector waits in, and at the offered rate the client
   * is far from saturating anything.
   */
  private Round openLoop(byte[] request, int connections, long interval, long start, long minEnd, long hardEnd, int minRequests)
      throws InterruptedException {
    AtomicLong answered = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    String[] lastError = new String[1];
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
          if (now < due) {
            LockSupport.parkNanos(due - now);
            continue;
          }
          try {
            if (connection == null) {
              connection = new Connection(port);
            }
            long sent = due;
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
      thread.join((hardEnd - start) / 1_000_000 + SOCKET_TIMEOUT_MILLIS);
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
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String abbreviate(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private record Response(int status, byte[] body, boolean close) {}

  /** Answers as they arrive on one connection: bytes read so far, and the head once it is complete. */
  private static final class Answers {
    private byte[] bytes = new byte[16 * 1024];
    private int length;
    private ResponseFraming.Head head;

    /** Room for at least one more byte after the ones read. */
    ByteBuffer room() {
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, 2 * bytes.length);
      }
      return ByteBuffer.wrap(bytes, length, bytes.length - length);
    }

    void added(int count) {
      length += count;
    }

    /** The answer, if the bytes read hold all of it; what follows it is kept for the next. */
    Response complete(boolean connectionEnded) throws IOException {
      if (head == null) {
        head = ResponseFraming.head(bytes, length);
        if (head == null) {
          return null;
        }
      }
      int end = connectionEnded && head.untilClose() ? length : ResponseFraming.end(head, bytes, length);
      if (end < 0) {
        return null;
      }
      Response response = new Response(head.status(), Arrays.copyOfRange(bytes, head.bodyStart(), end),
          head.close() || head.untilClose());
      System.arraycopy(bytes, end, bytes, 0, length - end);
      length -= end;
      head = null;
      return response;
    }
  }

  /** One connection of the closed loop: non-blocking, its call written and its answer read as the selector allows. */
  private static final class Caller {
    private final byte[] request;
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer unsent;
    private Answers answers;
    private long sent;
    private long retryAt;

    Caller(byte[] request) {
      this.request = request;
    }

    boolean connected() {
      return channel != null;
    }

    /** Connects at once (or is refused at once) on loopback, then goes non-blocking. */
    void connect(Selector selector, int port) throws IOException {
      SocketChannel opened = SocketChannel.open();
      try {
        opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
        opened.connect(new InetSocketAddress("127.0.0.1", port));
        opened.configureBlocking(false);
        key = opened.register(selector, 0, this);
      } catch (IOException e) {
        opened.close();
        throw e;
      }
      channel = opened;
      answers = new Answers();
    }

    void send() throws IOException {
      sent = System.nanoTime();
      unsent = ByteBuffer.wrap(request);
      write();
    }

    private void write() throws IOException {
      channel.write(unsent);
      key.interestOps(unsent.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Writes what is left of the call or reads what has arrived; the answer once it is complete. */
    Response progress() throws IOException {
      if (unsent.hasRemaining()) {
        write();
        return null;
      }
      int read = channel.read(answers.room());
      if (read < 0) {
        Response response = answers.complete(true);
        if (response == null) {
          throw new IOException("connection closed by the server inside an answer");
        }
        return response;
      }
      answers.added(read);
      return answers.complete(false);
    }

    /** Closes the connection; it is opened again {@value #RETRY_MILLIS} ms after {@code now}. */
    void failed(long now) {
      close();
      retryAt = now + RETRY_MILLIS * 1_000_000;
    }

    void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // closing a loopback socket we are done with: nothing to recover
        }
        channel = null;
      }
    }
  }

  /** One keep-alive connection read and written with blocking calls. */
  private static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final Answers answers = new Answers();

    Connection(int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
      socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MILLIS);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    }

    Response exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      while (true) {
        Response response = answers.complete(false);
        if (response != null) {
          return response;
        }
        ByteBuffer room = answers.room();
        int read = in.read(room.array(), room.position(), room.remaining());
        if (read < 0) {
          response = answers.complete(true);
          if (response == null) {
            throw new IOException("connection closed by the server inside an answer");
          }
          return response;
        }
        answers.added(read);
      }
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
