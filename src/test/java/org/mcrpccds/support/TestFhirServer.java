package org.mcrpccds.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A real HAPI FHIR plain server (RestfulServer in an embedded Tomcat on a random loopback port)
 * holding the sample patients of fhir-resources/patients, dates shifted like the rule cases. It
 * answers only requests that carry {@link #TOKEN} as a Bearer token and records every request.
 * Every base but {@code /no-include} honours {@code _include=X:medication}. Several bases behave
 * differently:
 * <ul>
 *   <li>{@code /fhir}: a well-behaved server, no paging, {@code _include=X:medication} honoured;
 *   <li>{@code /no-include}: like {@code /fhir}, but ignores {@code _include} (many servers do), so
 *       referenced Medications must be read;
 *   <li>{@code /paged}: pages of two resources ({@code next} links);
 *   <li>{@code /tiny-pages}: pages of one resource;
 *   <li>{@code /slow}: answers after {@link #SLOW_MILLIS}, longer than the whole default fetch budget;
 *   <li>{@code /leisurely}: answers after {@link #LEISURELY_MILLIS}, as slow as EHR servers commonly are;
 *   <li>{@code /broken}: answers 500;
 *   <li>{@code /unlisted}: like {@code /fhir}, for a base that is not on an allow-list;
 *   <li>{@code /wrong-token}: like {@code /fhir}, for the tests that send a wrong token: the calls
 *       still in flight when their fetch gives up may arrive after the test has ended, and must not
 *       land where another test counts;
 *   <li>{@code /guarded}: like {@code /fhir}, for the tests of the fetch's call guard, which count
 *       the calls that reach it;
 *   <li>{@code /evil-paging}: a searchset whose {@code next} link points at {@code /unlisted};
 *   <li>{@code /redirect}: answers every request with a redirect to {@code /fhir}.
 * </ul>
 * One instance per JVM, shared by every test that needs it.
 */
public final class TestFhirServer {
  public static final String TOKEN = "fhir-access-token-" + UUID.randomUUID();
  public static final long SLOW_MILLIS = 6000;
  public static final long LEISURELY_MILLIS = 1200;

  private static TestFhirServer instance;

  private final Tomcat tomcat = new Tomcat();
  private final int port;
  private final Map<String, List<RecordedRequest>> requests = new ConcurrentHashMap<>();
  private final Data data = Data.load();

  /** One request as the server saw it; {@code authorized} tells whether it carried {@link #TOKEN}. */
  public record RecordedRequest(String base, String method, String pathAndQuery, boolean authorized) {}

  public static synchronized TestFhirServer get() {
    if (instance == null) {
      instance = new TestFhirServer();
    }
    return instance;
  }

  private TestFhirServer() {
    try {
      Path baseDir = Files.createTempDirectory("test-fhir-server");
      tomcat.setBaseDir(baseDir.toString());
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      tomcat.setConnector(connector);
      Context context = tomcat.addContext("", baseDir.toString());
      add(context, "fhir", restfulServer("fhir", 0, 0, false));
      add(context, "no-include", restfulServer("no-include", 0, 0, false));
      add(context, "paged", restfulServer("paged", 2, 0, false));
      add(context, "tiny-pages", restfulServer("tiny-pages", 1, 0, false));
      add(context, "slow", restfulServer("slow", 0, SLOW_MILLIS, false));
      add(context, "leisurely", restfulServer("leisurely", 0, LEISURELY_MILLIS, false));
      add(context, "broken", restfulServer("broken", 0, 0, true));
      add(context, "unlisted", restfulServer("unlisted", 0, 0, false));
      add(context, "wrong-token", restfulServer("wrong-token", 0, 0, false));
      add(context, "guarded", restfulServer("guarded", 0, 0, false));
      add(context, "evil-paging", new EvilPagingServlet());
      add(context, "redirect", new RedirectServlet());
      tomcat.start();
      this.port = connector.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (LifecycleException e) {
      throw new IllegalStateException(e);
    }
  }

  public String base(String name) {
    return "http://127.0.0.1:" + port + "/" + name;
  }

  public int port() {
    return port;
  }

  /** Everything {@code base} received so far, oldest first. */
  public List<RecordedRequest> requests(String base) {
    return List.copyOf(requests.getOrDefault(base, List.of()));
  }

  public int requestCount(String base) {
    return requests.getOrDefault(base, List.of()).size();
  }

  /** What {@code base} received after the first {@code skip} requests. */
  public List<RecordedRequest> requestsSince(String base, int skip) {
    List<RecordedRequest> all = requests(base);
    return all.subList(Math.min(skip, all.size()), all.size());
  }

  private void add(Context context, String name, HttpServlet servlet) {
    Tomcat.addServlet(context, name, servlet).setLoadOnStartup(1);
    context.addServletMappingDecoded("/" + name + "/*", name);
  }

  private void record(String base, HttpServletRequest request) {
    String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
    requests.computeIfAbsent(base, b -> new CopyOnWriteArrayList<>()).add(new RecordedRequest(base, request.getMethod(),
        request.getRequestURI() + query, ("Bearer " + TOKEN).equals(request.getHeader("Authorization"))));
  }

  private RestfulServer restfulServer(String name, int pageSize, long delayMillis, boolean broken) {
    RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
    List<IResourceProvider> providers = new ArrayList<>();
    for (Class<? extends Resource> type : List.of(Patient.class, Condition.class, MedicationStatement.class,
        MedicationRequest.class, MedicationAdministration.class, ImagingStudy.class, DiagnosticReport.class,
        Observation.class, ServiceRequest.class, Medication.class)) {
      providers.add(new Provider(type, data, !name.equals("no-include")));
    }
    server.setResourceProviders(providers);
    if (pageSize > 0) {
      FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(100);
      paging.setDefaultPageSize(pageSize);
      paging.setMaximumPageSize(pageSize);
      server.setPagingProvider(paging);
    }
    server.registerInterceptor(new Behaviour(name, delayMillis, broken));
    return server;
  }

  /** Records, checks the token, and misbehaves where asked to. */
  @Interceptor
  public final class Behaviour {
    private final String name;
    private final long delayMillis;
    private final boolean broken;

    Behaviour(String name, long delayMillis, boolean broken) {
      this.name = name;
      this.delayMillis = delayMillis;
      this.broken = broken;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean incoming(HttpServletRequest request, HttpServletResponse response) throws InterruptedException {
      record(name, request);
      if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
        throw new AuthenticationException("a valid Bearer token is required");
      }
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      if (broken) {
        throw new InternalErrorException("broken on purpose");
      }
      return true;
    }
  }

  /** Read and search-by-patient for one resource type, over the sample data. */
  public static final class Provider implements IResourceProvider {
    private final Class<? extends Resource> type;
    private final Data data;
    private final boolean honourInclude;

    Provider(Class<? extends Resource> type, Data data, boolean honourInclude) {
      this.type = type;
      this.data = data;
      this.honourInclude = honourInclude;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return type;
    }

    @Read
    public IBaseResource read(@IdParam IdType id) {
      Resource resource = data.byId.get(type.getSimpleName() + "/" + id.getIdPart());
      if (resource == null) {
        throw new ResourceNotFoundException(id);
      }
      return resource;
    }

    @Search
    public List<IBaseResource> search(@RequiredParam(name = "patient") ReferenceParam patient,
        @OptionalParam(name = "code") TokenOrListParam code, @IncludeParam Set<Include> includes) {
      List<IBaseResource> found = new ArrayList<>(data.byPatient.getOrDefault(patient.getIdPart(), List.of()).stream()
          .filter(type::isInstance)
          .filter(r -> code == null || matches(r, code))
          .map(r -> (IBaseResource) r)
          .toList());
      if (honourInclude && includes != null && includes.stream().anyMatch(i -> i.getValue().equals(type.getSimpleName() + ":medication"))) {
        found.addAll(found.stream()
            .map(r -> ((Resource) r).getNamedProperty("medication[x]").getValues())
            .flatMap(List::stream)
            .filter(Reference.class::isInstance)
            .map(r -> data.byId.get(((Reference) r).getReference()))
            .filter(Objects::nonNull)
            .distinct()
            .map(medication -> {
              Resource copy = medication.copy();
              ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(copy, BundleEntrySearchModeEnum.INCLUDE);
              return (IBaseResource) copy;
            })
            .toList());
      }
      return found;
    }

    /** The {@code code} search of the coded types the prefetch templates filter (Observation, ServiceRequest). */
    private static boolean matches(Resource resource, TokenOrListParam code) {
      CodeableConcept concept = resource instanceof Observation o ? o.getCode()
          : resource instanceof ServiceRequest s ? s.getCode() : null;
      if (concept == null) {
        return true;
      }
      for (Coding coding : concept.getCoding()) {
        boolean hit = code.getValuesAsQueryTokens().stream().anyMatch(t ->
            (t.getSystem() == null || t.getSystem().equals(coding.getSystem())) && t.getValue().equals(coding.getCode()));
        if (hit) {
          return true;
        }
      }
      return false;
    }
  }

  /** The sample patients, one file per patient, every date shifted to today. */
  static final class Data {
    final Map<String, List<Resource>> byPatient = new HashMap<>();
    final Map<String, Resource> byId = new HashMap<>();

    static Data load() {
      Data data = new Data();
      var shifter = TestContent.shifter();
      try (Stream<Path> files = Files.list(Path.of("fhir-resources/patients"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          Bundle bundle = TestContent.parse(Bundle.class, Files.readString(file));
          String patientId = null;
          List<Resource> resources = new ArrayList<>();
          for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = shifter.shift(entry.getResource());
            data.byId.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
            if (resource instanceof Patient) {
              patientId = resource.getIdElement().getIdPart();
            } else if (!(resource instanceof Medication)) {
              resources.add(resource);
            }
          }
          data.byPatient.put(patientId, resources);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return data;
    }
  }

  /** A searchset whose next link leaves the server's base: a client must not follow it. */
  private final class EvilPagingServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      record("evil-paging", request);
      Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
      bundle.addLink().setRelation(Bundle.LINK_NEXT).setUrl(base("unlisted") + "/Condition?patient=stolen&page=2");
      response.setContentType("application/fhir+json");
      response.getWriter().write(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle));
    }
  }

  /** Sends every request to /fhir: a client must not follow it (with the token or without). */
  private final class RedirectServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
      record("redirect", request);
      String rest = request.getPathInfo() == null ? "" : request.getPathInfo();
      String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
      response.setStatus(302);
      response.setHeader("Location", base("fhir") + rest + query);
    }
  }
}
