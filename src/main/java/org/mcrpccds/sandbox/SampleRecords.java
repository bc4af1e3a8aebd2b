package org.mcrpccds.sandbox;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.mcrpccds.content.ContentStore;
import org.mcrpccds.fhir.DateShifter;

/**
 * The synthetic patients of {@code fhir-resources/patients/*.json}, one collection Bundle per
 * patient, with every date shifted from the anchor to today once at startup, indexed for the
 * sandbox FHIR server. A Bundle is one patient's chart, so its resources form that patient's
 * compartment. The stored resources are never handed out: callers get copies, because HAPI may
 * annotate what it returns and requests run concurrently.
 */
final class SampleRecords {
  /** The search parameter whose codings are indexed, for the prefetch templates' code filters. */
  static final String CODE = "code";
  /** Search parameter paths the terser can follow: {@code X.a.b}, or {@code (X.a as CodeableConcept)}. */
  private static final Pattern SIMPLE_PATH = Pattern.compile("^\\(?\\s*([A-Za-z]+(?:\\.[A-Za-z]+)+)(?:\\s+as\\s+\\w+\\s*\\))?$");

  private final FhirContext fhirContext;
  private final FhirTerser terser;
  /** Type → the terser paths of its {@code code} search parameter (empty: none to follow); filled at startup. */
  private final Map<String, List<String>> codePaths = new HashMap<>();
  /** "Type:parameter" → the terser paths of that reference search parameter, as {@code _include} asks for them. */
  private final Map<String, List<String>> referencePaths = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Resource>> byTypeAndId = new LinkedHashMap<>();
  private final Map<String, Map<String, List<Resource>>> byTypeAndPatient = new LinkedHashMap<>();
  private final Map<Resource, List<Coding>> codings = new IdentityHashMap<>();

  private SampleRecords(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
    this.terser = fhirContext.newTerser();
  }

  static SampleRecords load(ContentStore content, FhirContext fhirContext, DateShifter shifter) {
    SampleRecords records = new SampleRecords(fhirContext);
    content.read("fhir-resources/patients/*.json").forEach((file, json) -> {
      Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, json);
      String patientId = patientOf(file, bundle);
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        records.add(file, patientId, shifter.shift(entry.getResource()));
      }
    });
    if (records.all("Patient").isEmpty()) {
      throw new IllegalStateException("no sample patients in fhir-resources/patients/");
    }
    return records;
  }

  /** The one Patient of a sample Bundle; clients such as the CDS Hooks Sandbox need its name. */
  private static String patientOf(String file, Bundle bundle) {
    List<Patient> patients = bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(Patient.class::isInstance).map(Patient.class::cast).toList();
    if (patients.size() != 1) {
      throw new IllegalStateException("sample " + file + " must hold exactly one Patient");
    }
    Patient patient = patients.get(0);
    HumanName name = patient.getName().isEmpty() ? null : patient.getName().get(0);
    if (name == null || !name.hasFamily() || name.getGiven().isEmpty()) {
      throw new IllegalStateException("sample " + file + ": the Patient needs name[0].family and name[0].given");
    }
    return patient.getIdPart();
  }

  private void add(String file, String patientId, Resource resource) {
    String type = resource.fhirType();
    String id = resource.getIdPart();
    if (id == null) {
      throw new IllegalStateException("sample " + file + " has a " + type + " without id");
    }
    resource.setId(type + "/" + id);
    if (byTypeAndId.computeIfAbsent(type, t -> new LinkedHashMap<>()).putIfAbsent(id, resource) != null) {
      throw new IllegalStateException("sample " + file + ": " + type + "/" + id + " also appears in another sample");
    }
    if (isInPatientCompartment(type)) {
      byTypeAndPatient.computeIfAbsent(type, t -> new LinkedHashMap<>())
          .computeIfAbsent(patientId, p -> new ArrayList<>()).add(resource);
    }
    if (isCoded(type)) {
      codings.put(resource, codingsOf(resource));
    }
  }

  /**
   * The codings the {@code code} search parameter indexes, read with the terser along the
   * parameter's paths. (FHIRPath would read any path, but its first use loads HAPI's structure
   * definitions, which costs seconds of startup for a handful of simple paths.)
   */
  private List<Coding> codingsOf(Resource resource) {
    List<Coding> found = new ArrayList<>();
    for (String path : codePaths.get(resource.fhirType())) {
      for (IBase value : terser.getValues(resource, path)) {
        if (value instanceof CodeableConcept concept) {
          found.addAll(concept.getCoding());
        } else if (value instanceof Coding coding) {
          found.add(coding);
        }
      }
    }
    return found;
  }

  /** Types whose resources belong to one patient (they have a {@code patient} search parameter). */
  boolean isInPatientCompartment(String type) {
    return fhirContext.getResourceDefinition(type).getSearchParam("patient") != null;
  }

  /** Types with a {@code code} search parameter whose paths are all simple element paths. */
  boolean isCoded(String type) {
    return !codePaths.computeIfAbsent(type, t -> simplePaths(t, CODE, RestSearchParameterTypeEnum.TOKEN)).isEmpty();
  }

  /**
   * The sample resources that {@code _include=Type:parameter} adds to a search result: those the
   * page's resources of {@code type} reference through a reference search parameter whose paths
   * are simple element paths (such as {@code MedicationRequest:medication}), each once, none that
   * the page already holds. Other includes add nothing, as FHIR lets a server ignore what it does
   * not support.
   */
  List<Resource> included(String type, List<? extends IBaseResource> page, Set<Include> includes) {
    Map<String, Resource> included = new LinkedHashMap<>();
    Set<String> onPage = new HashSet<>();
    page.forEach(resource -> onPage.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart()));
    for (Include include : includes) {
      if (!type.equals(include.getParamType()) || include.getParamName() == null) {
        continue;
      }
      List<String> paths = referencePaths.computeIfAbsent(type + ":" + include.getParamName(),
          key -> simplePaths(type, include.getParamName(), RestSearchParameterTypeEnum.REFERENCE));
      for (IBaseResource resource : page) {
        for (String path : paths) {
          for (IBase value : terser.getValues(resource, path)) {
            if (value instanceof IBaseReference reference && reference.getReferenceElement().hasResourceType()) {
              String key = reference.getReferenceElement().getResourceType() + "/" + reference.getReferenceElement().getIdPart();
              if (!onPage.contains(key) && !included.containsKey(key)) {
                find(reference.getReferenceElement().getResourceType(), reference.getReferenceElement().getIdPart())
                    .ifPresent(found -> included.put(key, found));
              }
            }
          }
        }
      }
    }
    return List.copyOf(included.values());
  }

  /** The terser paths of a search parameter of the given kind; empty when it has none, or one that is not simple. */
  private List<String> simplePaths(String type, String name, RestSearchParameterTypeEnum kind) {
    RuntimeSearchParam parameter = fhirContext.getResourceDefinition(type).getSearchParam(name);
    if (parameter == null || parameter.getParamType() != kind) {
      return List.of();
    }
    List<String> paths = new ArrayList<>();
    for (String path : parameter.getPathsSplitForResourceType(type)) {
      Matcher simple = SIMPLE_PATH.matcher(path.trim());
      String terserPath = simple.matches() ? terserPath(type, simple.group(1)) : null;
      if (terserPath == null) {
        return List.of();
      }
      paths.add(terserPath);
    }
    return paths;
  }

  /** A search parameter path as the terser names it: a choice element is {@code medication[x]}. */
  private String terserPath(String type, String path) {
    String[] steps = path.split("\\.");
    BaseRuntimeElementCompositeDefinition<?> definition = fhirContext.getResourceDefinition(type);
    StringBuilder terserPath = new StringBuilder(steps[0]);
    for (int i = 1; i < steps.length; i++) {
      String name = definition.getChildByName(steps[i]) != null ? steps[i] : steps[i] + "[x]";
      BaseRuntimeChildDefinition child = definition.getChildByName(name);
      if (child == null) {
        return null;
      }
      terserPath.append('.').append(name);
      if (i < steps.length - 1) {
        if (!(child.getChildByName(name) instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
          return null;
        }
        definition = composite;
      }
    }
    return terserPath.toString();
  }

  Set<String> types() {
    return byTypeAndId.keySet();
  }

  Optional<Resource> find(String type, String id) {
    return Optional.ofNullable(byTypeAndId.getOrDefault(type, Map.of()).get(id)).map(Resource::copy);
  }

  List<Resource> all(String type) {
    return byTypeAndId.getOrDefault(type, Map.of()).values().stream().map(Resource::copy).toList();
  }

  /** The resources of {@code type} in the patient's compartment, each with the codings of its {@code code}. */
  List<Coded> ofPatient(String type, String patientId) {
    return byTypeAndPatient.getOrDefault(type, Map.of()).getOrDefault(patientId, List.of()).stream()
        .map(resource -> new Coded(resource.copy(), codings.getOrDefault(resource, List.of())))
        .toList();
  }

  /** A copy of a sample resource and the codings its {@code code} search parameter indexes. */
  record Coded(Resource resource, List<Coding> codings) {}
}
