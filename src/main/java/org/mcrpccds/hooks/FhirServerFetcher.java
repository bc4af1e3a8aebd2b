package org.mcrpccds.hooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClients;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.mcrpccds.fhir.FhirServerGuard;
import org.mcrpccds.fhir.FhirServerProperties;
import org.mcrpccds.web.ApiException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fetches missing prefetch with HAPI's generic client: the template's query with its
 * {@code {{context.x}}} tokens filled in, the request's access token as a Bearer token, paging
 * followed up to a cap, independent queries in parallel, every call bounded by timeouts, redirects
 * never followed. Any failure is a 412 that names the key; the token goes nowhere but that server.
 */
@Component
class FhirServerFetcher implements MissingDataFetcher, DisposableBean {
  private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*context\\.(\\w+)\\s*}}");

  private final FhirServerProperties properties;
  private final FhirServerGuard guard;
  private final ApacheRestfulClientFactory clientFactory;
  private final ExecutorService pool = Executors.newFixedThreadPool(8, runnable -> {
    Thread thread = new Thread(runnable, "fhir-fetch");
    thread.setDaemon(true);
    return thread;
  });

  FhirServerFetcher(FhirContext fhirContext, FhirServerProperties properties, FhirServerGuard guard) {
    this.properties = properties;
    this.guard = guard;
    this.clientFactory = new ApacheRestfulClientFactory(fhirContext);
    clientFactory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    RequestConfig timeouts = RequestConfig.custom()
        .setConnectTimeout((int) properties.connectTimeout().toMillis())
        .setConnectionRequestTimeout((int) properties.connectTimeout().toMillis())
        .setSocketTimeout((int) properties.readTimeout().toMillis())
        .setRedirectsEnabled(false)
        .build();
    clientFactory.setHttpClient(HttpClients.custom()
        .setDefaultRequestConfig(timeouts)
        .disableRedirectHandling()
        .setMaxConnTotal(64)
        .setMaxConnPerRoute(16)
        .useSystemProperties()
        .build());
  }

  @Override
  public List<IBaseResource> fetch(HookRequest request, Map<String, String> queries) {
    String server = request.fhirServer();
    if (!guard.isAllowed(server)) {
      throw ApiException.preconditionFailed("fhirServer is not on this service's allow-list; nothing was fetched");
    }
    IGenericClient client = clientFactory.newGenericClient(server);
    if (request.accessToken() != null) {
      client.registerInterceptor(new BearerTokenAuthInterceptor(request.accessToken()));
    }
    Map<String, CompletableFuture<List<IBaseResource>>> running = new LinkedHashMap<>();
    queries.forEach((key, template) -> running.put(key,
        CompletableFuture.supplyAsync(() -> fetchAll(client, fill(template, request)), pool)));

    long deadline = System.nanoTime() + properties.totalTimeout().toNanos();
    List<IBaseResource> found = new ArrayList<>();
    for (var entry : running.entrySet()) {
      try {
        found.addAll(entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        running.values().forEach(f -> f.cancel(true));
        throw ApiException.preconditionFailed("prefetch " + entry.getKey() + " could not be fetched: fhirServer timed out");
      } catch (ExecutionException e) {
        running.values().forEach(f -> f.cancel(true));
        throw ApiException.preconditionFailed("prefetch " + entry.getKey() + " could not be fetched: " + reason(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiException.preconditionFailed("prefetch " + entry.getKey() + " could not be fetched: interrupted");
      }
    }
    return found;
  }

  private List<IBaseResource> fetchAll(IGenericClient client, String query) {
    if (!query.contains("?")) {
      return List.of(client.fetchResourceFromUrl(IBaseResource.class, query));
    }
    List<IBaseResource> resources = new ArrayList<>();
    Bundle page = client.search().byUrl(query).returnBundle(Bundle.class).execute();
    resources.add(page);
    for (int pages = 1; pages < properties.maxPages() && page.getLink(Bundle.LINK_NEXT) != null; pages++) {
      page = client.loadPage().next(page).execute();
      resources.add(page);
    }
    return resources;
  }

  /** The template with its context tokens filled in (URL-encoded); an unknown token is a 412. */
  static String fill(String template, HookRequest request) {
    Matcher matcher = TOKEN.matcher(template);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      var value = request.context().get(matcher.group(1));
      if (value == null || !value.isTextual()) {
        throw ApiException.preconditionFailed("prefetch template needs context." + matcher.group(1));
      }
      matcher.appendReplacement(filled, Matcher.quoteReplacement(URLEncoder.encode(value.asText(), StandardCharsets.UTF_8)));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }

  /** What went wrong, without the server's message (it may quote the token or patient data). */
  private static String reason(Throwable cause) {
    if (cause instanceof ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException response) {
      return "fhirServer answered HTTP " + response.getStatusCode();
    }
    if (cause instanceof ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException) {
      return "fhirServer unreachable or too slow";
    }
    if (cause instanceof ApiException api) {
      return api.getMessage();
    }
    return "fhirServer answer unreadable";
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
