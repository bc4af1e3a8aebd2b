package org.mcrpccds.hooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClients;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.FhirServerGuard;
import org.mcrpccds.fhir.HapiElements;
import org.mcrpccds.fhir.FhirServerProperties;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fetches from a request's {@code fhirServer} with HAPI's generic client: the prefetch template's
 * query with its {@code {{context.x}}} tokens filled in, and reads of referenced Medications; the
 * request's access token as a Bearer token, paging followed up to a cap, independent calls in
 * parallel, everything one hook call fetches bounded by one deadline, redirects never followed
 * ({@link FhirServerFetch}). Any failure is a 412 that names what failed and why, and is logged with
 * its cause ({@link FetchFailures}); the token goes nowhere but that server ({@link FhirCallGuard}).
 */
@Component
class FhirServerFetcher implements MissingDataFetcher, DisposableBean {
  private final FhirServerProperties properties;
  private final FhirServerGuard guard;
  private final MeterRegistry meters;
  private final int maxResources;
  private final ApacheRestfulClientFactory clientFactory;
  private final ThreadPoolExecutor pool;
  /** Fetched resources are read like prefetched ones: as FHIR JSON. */
  private final HapiElements elements;
  private final ComputeSlots slots;
  private final FetchFailures failures;

  FhirServerFetcher(FhirServerProperties properties, FhirServerGuard guard, HttpLimitsProperties limits,
      MeterRegistry meters, FhirTypes types, ComputeSlots slots) {
    this.properties = properties;
    this.slots = slots;
    this.elements = new HapiElements(types);
    this.meters = meters;
    this.guard = guard;
    this.maxResources = limits.maxResources();
    this.failures = new FetchFailures(properties);
    // HAPI builds every request with its FhirContext's client factory, not the one that made the
    // client: without a context of our own, the shared one's defaults (10 s timeouts, redirects
    // followed with the token) would apply, and changing the shared context would affect others.
    FhirContext fhirContext = FhirContext.forR4();
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
        .setRetryHandler(new ConnectRetry())
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

  @Override
  public Fetch open(HookRequest request) {
    Fetch fetch = new FhirServerFetch(request, guard.allowed(request.fhirServer()), this, properties, pool, failures,
        elements::of, maxResources);
    return new OutsideComputeSlot(fetch);
  }

  IGenericClient client(URI server) {
    return clientFactory.newGenericClient(server.toString());
  }

  /** mcrpc.fhir.fetch{outcome}: fetched, refused (allow-list), timeout, error, too-large. */
  void count(String outcome) {
    meters.counter("mcrpc.fhir.fetch", "outcome", outcome).increment();
  }

  /** Waiting on the network, a call gives its compute slot to another meanwhile. */
  private final class OutsideComputeSlot implements Fetch {
    private final Fetch fetch;

    OutsideComputeSlot(Fetch fetch) {
      this.fetch = fetch;
    }

    @Override
    public List<FhirElement> search(Map<String, String> queries) {
      return slots.outside(() -> fetch.search(queries));
    }

    @Override
    public List<FhirElement> medications(Collection<String> ids) {
      return slots.outside(() -> fetch.medications(ids));
    }
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
