package org.mcrpccds.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request bodies read as {@code byte[]} (hook calls) land in one array of the announced length.
 * Spring's converter reads through {@code InputStream.readNBytes(int)}, which collects 8 KB chunks
 * and then copies them: twice the body in garbage on every call, 14 % of a hook call's allocation.
 * Only a modest announced length is trusted this way: a client announcing megabytes and sending
 * nothing must not make the server allocate them, so larger bodies are still read as they arrive.
 */
@Configuration(proxyBeanMethods = false)
class ExactLengthBodies implements WebMvcConfigurer {
  static final int EXACT_UP_TO = 1024 * 1024;

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    converters.replaceAll(converter -> converter.getClass() == ByteArrayHttpMessageConverter.class
        ? new ExactLengthConverter() : converter);
  }

  static final class ExactLengthConverter extends ByteArrayHttpMessageConverter {
    @Override
    public byte[] readInternal(Class<? extends byte[]> type, HttpInputMessage message) throws IOException {
      long length = message.getHeaders().getContentLength();
      if (length < 0 || length > EXACT_UP_TO) {
        return super.readInternal(type, message);
      }
      byte[] body = new byte[(int) length];
      int read = message.getBody().readNBytes(body, 0, body.length);
      return read == body.length ? body : Arrays.copyOf(body, read);
    }
  }
}
