package org.mcrpccds.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/** The running service reads byte[] bodies with the exact-length converter, not Spring's own. */
class ExactLengthBodiesInstalledTest extends ServiceTestBase {
  @Autowired
  private RequestMappingHandlerAdapter handlers;

  @Test
  void theOnlyByteArrayConverterIsTheExactLengthOne() {
    assertThat(handlers.getMessageConverters())
        .filteredOn(converter -> converter instanceof ByteArrayHttpMessageConverter)
        .singleElement()
        .isInstanceOf(ExactLengthBodies.ExactLengthConverter.class);
  }
}
