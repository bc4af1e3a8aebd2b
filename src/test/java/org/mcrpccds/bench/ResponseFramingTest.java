package org.mcrpccds.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where an answer ends, in whatever part of it has arrived. */
class ResponseFramingTest {
  @Test
  void aContentLengthBodyEndsAfterItsLength() throws IOException {
    byte[] bytes = ascii("HTTP/1.1 200 \r\nContent-Length: 5\r\nContent-Type: application/json\r\n\r\n{\"a\":HTTP/1.1 next");
    assertThat(ResponseFraming.head(bytes, 20)).as("the head is not complete").isNull();
    ResponseFraming.Head head = ResponseFraming.head(bytes, bytes.length);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.close()).isFalse();
    assertThat(ResponseFraming.end(head, bytes, head.bodyStart() + 4)).as("one byte missing").isEqualTo(-1);
    assertThat(ResponseFraming.end(head, bytes, bytes.length)).isEqualTo(head.bodyStart() + 5);
  }

  @Test
  void aChunkedBodyEndsAfterItsLastChunkAndTrailers() throws IOException {
    String answer = "HTTP/1.1 404 \r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + "4\r\n{\"a\"\r\n3;ext=1\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n";
    byte[] bytes = ascii(answer + "extra");
    ResponseFraming.Head head = ResponseFraming.head(bytes, bytes.length);
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.chunked()).isTrue();
    assertThat(head.close()).isTrue();
    assertThat(ResponseFraming.end(head, bytes, bytes.length)).isEqualTo(answer.length());
    for (int cut = head.bodyStart(); cut < answer.length(); cut++) {
      assertThat(ResponseFraming.end(head, bytes, cut)).as("cut at %d", cut).isEqualTo(-1);
    }
  }

  @Test
  void aBodyWithoutFramingLastsUntilTheConnectionCloses() throws IOException {
    byte[] bytes = ascii("HTTP/1.1 200 \r\n\r\neverything");
    ResponseFraming.Head head = ResponseFraming.head(bytes, bytes.length);
    assertThat(head.untilClose()).isTrue();
    assertThat(ResponseFraming.end(head, bytes, bytes.length)).isEqualTo(-1);
  }

  @Test
  void whatIsNotHttpIsAnIoError() {
    for (String answer : new String[] {"HTTP/1.0 200 OK\r\n\r\n", "HTTP/1.1 2xx \r\n\r\n",
        "HTTP/1.1 200 \r\nno colon\r\n\r\n", "HTTP/1.1 200 \r\nContent-Length: many\r\n\r\n"}) {
      byte[] bytes = ascii(answer);
      assertThatThrownBy(() -> ResponseFraming.head(bytes, bytes.length)).as(answer).isInstanceOf(IOException.class);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
