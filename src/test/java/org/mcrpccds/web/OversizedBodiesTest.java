package org.mcrpccds.web;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;

/**
 * Bodies over {@code mcrpc.http.max-body-size} (8 MiB) get a 413 OperationOutcome, announced or
 * chunked, and the client gets to read it: many clients send the whole body before they read
 * anything, and a server that closes the connection on a body it has not read makes the client's
 * TCP stack reset the connection and drop the answer with it.
 */
class OversizedBodiesTest extends ServiceTestBase {
  private static final String PATIENT_VIEW = "/cds-services/mcrpc-patient-view";
  /** Three times the limit: Tomcat's default (2 MB read after an early answer) would reset it. */
  private static final int OVERSIZED = 24 * 1024 * 1024;

  @Test
  void aChunkedBodyThatGrowsPastTheLimitIs413() {
    byte[] body = oversizedJson();
    Response response = send(HttpRequest.newBuilder(URI.create(url(PATIENT_VIEW)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().at("/issue/0/code").asText()).isEqualTo("too-costly");
  }

  @Test
  void aClientThatSendsAllOfAnAnnouncedOversizedBodyBeforeReadingGetsThe413() throws IOException {
    byte[] body = oversizedJson();
    String answer = sendAllThenRead("Content-Length: " + body.length, body);

    assertThat(answer).startsWith("HTTP/1.1 413 ").contains("\"resourceType\":\"OperationOutcome\"");
  }

  @Test
  void aClientThatSendsAllOfAChunkedOversizedBodyBeforeReadingGetsThe413() throws IOException {
    byte[] json = oversizedJson();
    ByteArrayOutputStream chunked = new ByteArrayOutputStream(json.length + 32);
    chunked.write((Integer.toHexString(json.length) + "\r\n").getBytes(US_ASCII));
    chunked.write(json);
    chunked.write("\r\n0\r\n\r\n".getBytes(US_ASCII));

    String answer = sendAllThenRead("Transfer-Encoding: chunked", chunked.toByteArray());

    assertThat(answer).startsWith("HTTP/1.1 413 ").contains("\"resourceType\":\"OperationOutcome\"");
  }

  private static byte[] oversizedJson() {
    return ("{\"hook\":\"patient-view\",\"pad\":\"" + "x".repeat(OVERSIZED) + "\"}").getBytes(US_ASCII);
  }

  /** Writes the request to its last byte, as a simple client does, and only then reads the answer. */
  private String sendAllThenRead(String framing, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + PATIENT_VIEW + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + framing + "\r\n\r\n").getBytes(US_ASCII));
      out.write(body);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), US_ASCII);
    }
  }
}
