package org.mcrpccds.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;

class ExactLengthBodiesTest {
  private final ExactLengthBodies.ExactLengthConverter converter = new ExactLengthBodies.ExactLengthConverter();

  @Test
  void aBodyOfTheAnnouncedLengthIsReadWhole() throws IOException {
    byte[] body = "{\"hook\":\"patient-view\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(converter.readInternal(byte[].class, message(body, body.length))).isEqualTo(body);
  }

  @Test
  void aBodyShorterThanAnnouncedIsWhatArrived() throws IOException {
    byte[] body = "{\"hook\"".getBytes(StandardCharsets.UTF_8);
    assertThat(converter.readInternal(byte[].class, message(body, body.length + 100))).isEqualTo(body);
  }

  @Test
  void withoutALengthOrWithAHugeOneTheBodyIsReadAsItArrives() throws IOException {
    byte[] body = new byte[3 * 8192 + 5];
    body[body.length - 1] = 7;
    assertThat(converter.readInternal(byte[].class, message(body, -1))).isEqualTo(body);
    // a huge announced length is not allocated up front: the body read is only what came
    assertThat(converter.readInternal(byte[].class, message(body, 1L << 30))).isEqualTo(body);
  }

  private static HttpInputMessage message(byte[] body, long announced) {
    HttpHeaders headers = new HttpHeaders();
    if (announced >= 0) {
      headers.setContentLength(announced);
    }
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public HttpHeaders getHeaders() {
        return headers;
      }
    };
  }
}
