package org.mcrpccds.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Puts a hook call's {@code hookInstance} into the logging context (MDC) as soon as its body is
 * read, so every log line of the call carries it as correlation id. Only a value that looks like
 * an identifier is used: the client chooses it, and it must not smuggle data into the logs.
 * {@link LogContextFilter} removes it when the request ends.
 */
@ControllerAdvice
class HookInstanceLogContext extends RequestBodyAdviceAdapter {
  static final String MDC_KEY = "hookInstance";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converter) {
    return targetType == byte[].class;
  }

  @Override
  public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converter) {
    if (body instanceof byte[] bytes) {
      String hookInstance = hookInstance(bytes);
      if (hookInstance != null && IDENTIFIER.matcher(hookInstance).matches()) {
        MDC.put(MDC_KEY, hookInstance);
      }
    }
    return body;
  }

  /** The top-level "hookInstance" string, read without building a tree (it usually comes first). */
  static String hookInstance(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (MDC_KEY.equals(field)) {
          return value == JsonToken.VALUE_STRING ? parser.getText() : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException malformed) {
      // the controller refuses the body with its own 400
      return null;
    }
  }
}
