package org.mcrpccds.hooks;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.exceptions.NonFhirResponseException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.impl.client.HttpClients;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirServerGuard;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.fhir.FhirServerProperties;
import org.mcrpccds.web.ApiException;
import org.mcrpccds.web.HttpLimitsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fetches missing prefetch with HAPI's generic client: the template's query with its
 * {@code {{context.x}}} tokens filled in, the request's access token as a Bearer token, paging
 * followed up to a cap, independent queries in parallel, the whole fetch bounded by one deadline,
 * redirects never followed. Medications that fetched orders reference are read too, as the rules
 * need their codes. Any failure is a 412 that names the key and its cause, and is logged with the
 * cause (never the token, the query or the server's own message: they may carry patient data); the
 * token goes nowhere but that server (see {@link FhirCallGuard}).
 */
@Component
class FhirServerFetcher implements MissingDataFetcher, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(FhirServerFetcher.class);
  private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*context\\.(\\w+)\\s*}}");
  /** A FHIR id: the only kind of context value a query needs, and one that cannot change its path. */
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern READ = Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})");

  private final FhirServerProperties properties;
  private final FhirServerGuard guard;
  private final MeterRegistry meters;
  private final int maxResources;
  private final ApacheRestfulClientFactory clientFactory;
  private final ThreadPoolExecutor pool;
  private final FhirContext fhirContext;
  private final FhirTypes types;
  private final ObjectMapper json = new ObjectMapper();
  private final ComputeSlots slots;

  FhirServerFetcher(FhirServerProperties properties, FhirServerGuard guard, HttpLimitsProperties limits,
      MeterRegistry meters, FhirTypes types, ComputeSlots slots) {
    this.properties = properties;
    this.slots = slots;
    this.types = types;
    this.meters = meters;
    this.guard = guard;
    this.maxResources = limits.maxResources();
    // HAPI builds every request with its FhirContext's client factory, not the one that made the
    // client: without a context of our own, the shared one's defaults (10 s timeouts, redirects
    // followed with the token) would apply, and changing the shared context would affect others.
    this.fhirContext = FhirContext.forR4();
    this.clientFactory = new ApacheRestfulClientFactory(fhirContext);
    fhirContext.setRestfulClientFactory(clientFactory);
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
        .disableCookieManagement()
        .setMaxConnTotal(properties.threads())
        .setMaxConnPerRoute(properties.threads())
        .useSystemProperties()
        .build());
    AtomicInteger threadNumber = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(properties.threads() * 32), runnable -> {
          Thread thread = new Thread(runnable, "fhir-fetch-" + threadNumber.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    warmUp(fhirContext);
  }

  /**
   * HAPI scans a resource type's model on first use and loads its client classes on first call;
   * done during startup, that cost does not eat into the first hook's fetch deadline.
   */
  private void warmUp(FhirContext fhirContext) {
    List.of("Bundle", "OperationOutcome", "Patient", "Condition", "Observation", "DiagnosticReport", "ImagingStudy",
            "Medication", "MedicationRequest", "MedicationStatement", "MedicationAdministration", "MedicationDispense")
        .forEach(fhirContext::getResourceDefinition);
    clientFactory.newGenericClient("http://localhost/").registerInterceptor(new FhirCallGuard(URI.create("http://localhost/"), null));
  }

  /** Waits on the network, so the call gives its compute slot to another meanwhile. */
  @Override
  public List<FhirElement> fetch(HookRequest request, Map<String, String> queries) {
    return slots.outside(() -> fetchFrom(request, queries));
  }

  private List<FhirElement> fetchFrom(HookRequest request, Map<String, String> queries) {
    URI server = guard.allowed(request.fhirServer()).orElseThrow(() -> {
      count("refused");
      return failure("prefetch " + String.join(", ", queries.keySet()), "a fhirServer off the allow-list",
          "fhirServer is not on this service's allow-list (nothing was fetched)", null);
    });
    Map<String, String> filled = new LinkedHashMap<>();
    queries.forEach((key, template) -> filled.put(key, fill(template, request)));

    FhirCallGuard calls = new FhirCallGuard(server, request.accessToken());
    IGenericClient client = clientFactory.newGenericClient(server.toString());
    client.registerInterceptor(calls);
    long deadline = System.nanoTime() + properties.totalTimeout().toNanos();

    Map<String, Future<List<IBaseResource>>> running = new LinkedHashMap<>();
    filled.forEach((key, query) -> running.put(key, submit(key, calls, () -> runQuery(client, server, query, deadline))));
    List<IBaseResource> found = await(running, calls, server, deadline);

    Map<String, Future<List<IBaseResource>>> medications = new LinkedHashMap<>();
    for (String id : MedicationReferences.unresolved(found, server)) {
      medications.put("Medication/" + id, submit("Medication/" + id, calls, () -> read(client, "Medication", id)));
    }
    found.addAll(await(medications, calls, server, deadline));
    found.forEach(FhirServerFetcher::unqualifyId);
    count("fetched");
    return found.stream().map(this::asJson).toList();
  }

  /** Fetched resources are read like prefetched ones: as FHIR JSON. */
  private FhirElement asJson(IBaseResource resource) {
    try {
      return types.resource(json.readTree(fhirContext.newJsonParser().encodeResourceToString(resource)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("HAPI wrote JSON that does not parse", e);
    }
  }

  /** mcrpc.fhir.fetch{outcome}: fetched, refused (allow-list), timeout, error, too-large. */
  private void count(String outcome) {
    meters.counter("mcrpc.fhir.fetch", "outcome", outcome).increment();
  }

  /**
   * The client names fetched resources by their full URL; prefetched ones are named {@code Type/id}.
   * The rules match references by id, so fetched data must look exactly like prefetched data.
   */
  private static void unqualifyId(IBaseResource resource) {
    resource.setId(resource.getIdElement().toUnqualifiedVersionless());
  }

  private Future<List<IBaseResource>> submit(String key, FhirCallGuard calls, Callable<List<IBaseResource>> task) {
    try {
      return pool.submit(task);
    } catch (RejectedExecutionException e) {
      calls.abortAll();
      throw failure(what(key), "fhirServer", "too many fetches in progress (mcrpc.fhir.threads)", null);
    }
  }

  /** Waits for every query until the deadline; the first failure aborts the others. */
  private List<IBaseResource> await(Map<String, Future<List<IBaseResource>>> running, FhirCallGuard calls, URI server,
      long deadline) {
    List<IBaseResource> found = new ArrayList<>();
    for (var entry : running.entrySet()) {
      try {
        found.addAll(entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        count("timeout");
        throw failed(running, calls, entry.getKey(), server,
            "fhirServer did not answer within " + properties.totalTimeout().toMillis() + " ms (mcrpc.fhir.total-timeout)", null);
      } catch (ExecutionException e) {
        count("error");
        throw failed(running, calls, entry.getKey(), server, reason(e.getCause(), calls), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failed(running, calls, entry.getKey(), server, "interrupted", null);
      }
      if (found.size() > maxResources) {
        count("too-large");
        throw failed(running, calls, entry.getKey(), server, "fhirServer returned more than " + maxResources + " resources", null);
      }
    }
    return found;
  }

  private static ApiException failed(Map<String, Future<List<IBaseResource>>> running, FhirCallGuard calls, String key,
      URI server, String reason, Throwable cause) {
    running.values().forEach(future -> future.cancel(true));
    calls.abortAll();
    return failure(what(key), server.toString(), reason, cause);
  }

  /** A prefetch key, or a Medication read for a reference: what the 412 says could not be fetched. */
  private static String what(String key) {
    return key.startsWith("Medication/") ? key : "prefetch " + key;
  }

  /**
   * The 412 for a failed fetch, logged with its cause: the exception classes, never their messages
   * (HAPI's quote the query, which names the patient), never the token.
   */
  private static ApiException failure(String what, String server, String reason, Throwable cause) {
    log.warn("FHIR fallback fetch failed: {} from {}: {}{}", what, server, reason, cause == null ? "" : " (" + chain(cause) + ")");
    return ApiException.preconditionFailed(what + " could not be fetched: " + reason);
  }

  /** {@code FhirClientConnectionException < ConnectTimeoutException < SocketTimeoutException}: what failed, layer by layer. */
  private static String chain(Throwable cause) {
    StringBuilder chain = new StringBuilder();
    for (Throwable t = cause; t != null && chain.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
      chain.append(chain.length() == 0 ? "" : " < ").append(t.getClass().getSimpleName());
    }
    return chain.toString();
  }

  private List<IBaseResource> runQuery(IGenericClient client, URI server, String query, long deadline) {
    Matcher read = READ.matcher(query);
    if (read.matches()) {
      return read(client, read.group(1), read.group(2));
    }
    List<IBaseResource> resources = new ArrayList<>();
    Bundle page = client.search().byUrl(query).returnBundle(Bundle.class).execute();
    addEntries(page, resources);
    for (int pages = 1; page.getLink(Bundle.LINK_NEXT) != null; pages++) {
      String next = page.getLink(Bundle.LINK_NEXT).getUrl();
      if (pages >= properties.maxPages()) {
        throw ApiException.preconditionFailed("more than " + properties.maxPages() + " pages (mcrpc.fhir.max-pages)");
      }
      if (!FhirServerGuard.isUnder(server, next)) {
        throw ApiException.preconditionFailed("fhirServer sent a paging link outside itself; it was not followed");
      }
      if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
        throw ApiException.preconditionFailed("fhirServer too slow");
      }
      page = client.loadPage().byUrl(next).andReturnBundle(Bundle.class).execute();
      addEntries(page, resources);
      if (resources.size() > maxResources) {
        throw ApiException.preconditionFailed("fhirServer returned more than " + maxResources + " resources");
      }
    }
    return resources;
  }

  private static void addEntries(Bundle page, List<IBaseResource> resources) {
    page.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).forEach(e -> resources.add(e.getResource()));
  }

  /** A read whose resource does not exist is "no data", as a prefetch value of null would be. */
  private static List<IBaseResource> read(IGenericClient client, String type, String id) {
    try {
      return List.of(client.read().resource(type).withId(id).execute());
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return List.of();
    }
  }

  /**
   * The template with its context tokens filled in. A value that is not a FHIR id is refused (400):
   * it could otherwise turn the query into another path on the server.
   */
  static String fill(String template, HookRequest request) {
    Matcher matcher = TOKEN.matcher(template);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      var value = request.context().get(matcher.group(1));
      if (value == null || !value.isTextual()) {
        throw ApiException.preconditionFailed("prefetch template needs context." + matcher.group(1));
      }
      if (!FHIR_ID.matcher(value.asText()).matches() || value.asText().matches("\\.+")) {
        throw ApiException.badRequest("context." + matcher.group(1) + " is not a FHIR id");
      }
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value.asText()));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }

  /**
   * What went wrong, without the server's message (it may quote the token or patient data). HAPI's
   * connection failure is itself a {@link BaseServerResponseException} with status 500, so it must
   * be told apart first: taken for an answer, a connection that timed out read as "fhirServer
   * answered HTTP 500", which no server had sent.
   */
  private String reason(Throwable cause, FhirCallGuard calls) {
    if (cause instanceof ApiException api) {
      return api.getMessage();
    }
    if (cause instanceof FhirClientConnectionException) {
      return calls.refusal().orElseGet(() -> connectionFailure(cause));
    }
    if (cause instanceof NonFhirResponseException response) {
      return "fhirServer answered HTTP " + response.getStatusCode() + " with a body that is not FHIR";
    }
    if (cause instanceof BaseServerResponseException response) {
      return "fhirServer answered HTTP " + response.getStatusCode();
    }
    return "fhirServer answer unreadable";
  }

  /** The cause of a call that got no usable answer, from the first exception in the chain that tells. */
  private String connectionFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionPoolTimeoutException) {
        return "no connection to fhirServer free within " + properties.connectTimeout().toMillis() + " ms (mcrpc.fhir.threads)";
      }
      if (t instanceof ConnectTimeoutException) {
        return "fhirServer did not accept a connection within " + properties.connectTimeout().toMillis()
            + " ms (mcrpc.fhir.connect-timeout)";
      }
      if (t instanceof SocketTimeoutException) {
        return "fhirServer sent nothing for " + properties.readTimeout().toMillis() + " ms (mcrpc.fhir.read-timeout)";
      }
      if (t instanceof ConnectException) {
        return "fhirServer refused the connection";
      }
      if (t instanceof UnknownHostException) {
        return "fhirServer's host name does not resolve";
      }
      if (t instanceof SSLException) {
        return "the TLS connection to fhirServer failed";
      }
      if (t instanceof NoHttpResponseException) {
        return "fhirServer closed the connection without answering";
      }
      if (t instanceof DataFormatException) {
        return "fhirServer's answer is not valid FHIR";
      }
    }
    return "fhirServer unreachable";
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
