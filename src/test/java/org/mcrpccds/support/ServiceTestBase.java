package org.mcrpccds.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the HTTP tests: the real application on a random port, called over loopback like an
 * EHR would. Tests that need no special configuration extend this class unchanged, so that the
 * suite starts the application once and shares it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceTestBase {
  protected static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  protected int port;

  protected String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  protected Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
  }

  /** A service's prefetch templates, by key, as discovery announces them. */
  protected Map<String, String> prefetchTemplates(String serviceId) {
    Map<String, String> templates = new LinkedHashMap<>();
    get("/cds-services").json().path("services").forEach(service -> {
      if (service.path("id").asText().equals(serviceId)) {
        service.path("prefetch").fields().forEachRemaining(e -> templates.put(e.getKey(), e.getValue().asText()));
      }
    });
    return templates;
  }

  protected Response post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  protected Response post(String path, JsonNode body) {
    return post(path, body.toString());
  }

  protected Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Response(int status, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }
  }
}
