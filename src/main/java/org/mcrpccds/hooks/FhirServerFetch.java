package org.mcrpccds.hooks;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirServerGuard;
import org.mcrpccds.fhir.FhirServerProperties;
import org.mcrpccds.web.ApiException;

/**
 * One hook call's fetches from its {@code fhirServer} ({@link FhirServerFetcher} opens it): the
 * searches of missing prefetch keys and the reads of referenced Medications, all under one
 * deadline, each group in parallel on the fetcher's pool, the first failure aborting the rest.
 */
final class FhirServerFetch implements MissingDataFetcher.Fetch {
  private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*context\\.(\\w+)\\s*}}");
  /** A FHIR id: the only kind of context value a query needs, and one that cannot change its path. */
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern READ = Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})");

  private final HookRequest request;
  /** Empty when {@code fhirServer} is not on the allow-list: nothing is ever sent then. */
  private final Optional<URI> server;
  private final FhirServerFetcher fetcher;
  private final FhirServerProperties properties;
  private final ExecutorService pool;
  private final FetchFailures failures;
  private final Function<IBaseResource, FhirElement> asJson;
  private final int maxResources;
  private final long deadline;
  private FhirCallGuard calls;
  private IGenericClient client;

  FhirServerFetch(HookRequest request, Optional<URI> server, FhirServerFetcher fetcher, FhirServerProperties properties,
      ExecutorService pool, FetchFailures failures, Function<IBaseResource, FhirElement> asJson, int maxResources) {
    this.request = request;
    this.server = server;
    this.fetcher = fetcher;
    this.properties = properties;
    this.pool = pool;
    this.failures = failures;
    this.asJson = asJson;
    this.maxResources = maxResources;
    this.deadline = System.nanoTime() + properties.totalTimeout().toNanos();
  }

  @Override
  public List<FhirElement> search(Map<String, String> queries) {
    URI base = connect("prefetch " + String.join(", ", queries.keySet()));
    Map<String, String> filled = new LinkedHashMap<>();
    queries.forEach((key, template) -> filled.put(key, fill(template, request)));
    Map<String, Future<List<IBaseResource>>> running = new LinkedHashMap<>();
    filled.forEach((key, query) -> running.put("prefetch " + key, submit("prefetch " + key, () -> runQuery(base, query))));
    return converted(await(running, base));
  }

  @Override
  public List<FhirElement> medications(Collection<String> ids) {
    URI base = connect(String.join(", ", ids.stream().map(id -> "Medication/" + id).toList()));
    Map<String, Future<List<IBaseResource>>> running = new LinkedHashMap<>();
    ids.forEach(id -> running.put("Medication/" + id, submit("Medication/" + id, () -> read("Medication", id))));
    return converted(await(running, base));
  }

  /** The server's base, once allowed; the client and its guard are made on first use. */
  private URI connect(String what) {
    URI base = server.orElseThrow(() -> {
      fetcher.count("refused");
      return failures.failure(what, "a fhirServer off the allow-list",
          "fhirServer is not on this service's allow-list (nothing was fetched)", null);
    });
    if (client == null) {
      calls = new FhirCallGuard(base, request.accessToken());
      client = fetcher.client(base);
      client.registerInterceptor(calls);
    }
    return base;
  }

  private List<FhirElement> converted(List<IBaseResource> found) {
    found.forEach(FhirServerFetch::unqualifyId);
    fetcher.count("fetched");
    return found.stream().map(asJson).toList();
  }

  /**
   * The client names fetched resources by their full URL; prefetched ones are named {@code Type/id}.
   * The rules match references by id, so fetched data must look exactly like prefetched data.
   */
  private static void unqualifyId(IBaseResource resource) {
    resource.setId(resource.getIdElement().toUnqualifiedVersionless());
  }

  private Future<List<IBaseResource>> submit(String what, Callable<List<IBaseResource>> task) {
    try {
      return pool.submit(task);
    } catch (RejectedExecutionException e) {
      calls.abortAll();
      throw failures.failure(what, "fhirServer", "too many fetches in progress (mcrpc.fhir.threads)", null);
    }
  }

  /** Waits for every call until the deadline; the first failure aborts the others. */
  private List<IBaseResource> await(Map<String, Future<List<IBaseResource>>> running, URI base) {
    List<IBaseResource> found = new ArrayList<>();
    for (var entry : running.entrySet()) {
      try {
        found.addAll(entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        fetcher.count("timeout");
        throw failed(running, entry.getKey(), base,
            "fhirServer did not answer within " + properties.totalTimeout().toMillis() + " ms (mcrpc.fhir.total-timeout)", null);
      } catch (ExecutionException e) {
        fetcher.count("error");
        throw failed(running, entry.getKey(), base, failures.reason(e.getCause(), calls), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failed(running, entry.getKey(), base, "interrupted", null);
      }
      if (found.size() > maxResources) {
        fetcher.count("too-large");
        throw failed(running, entry.getKey(), base, "fhirServer returned more than " + maxResources + " resources", null);
      }
    }
    return found;
  }

  private ApiException failed(Map<String, Future<List<IBaseResource>>> running, String what, URI base, String reason,
      Throwable cause) {
    running.values().forEach(future -> future.cancel(true));
    calls.abortAll();
    return failures.failure(what, base.toString(), reason, cause);
  }

  private List<IBaseResource> runQuery(URI base, String query) {
    Matcher read = READ.matcher(query);
    if (read.matches()) {
      return read(read.group(1), read.group(2));
    }
    List<IBaseResource> resources = new ArrayList<>();
    Bundle page = client.search().byUrl(query).returnBundle(Bundle.class).execute();
    addEntries(page, resources);
    for (int pages = 1; page.getLink(Bundle.LINK_NEXT) != null; pages++) {
      String next = page.getLink(Bundle.LINK_NEXT).getUrl();
      if (pages >= properties.maxPages()) {
        throw ApiException.preconditionFailed("more than " + properties.maxPages() + " pages (mcrpc.fhir.max-pages)");
      }
      if (!FhirServerGuard.isUnder(base, next)) {
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
  private List<IBaseResource> read(String type, String id) {
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
}
