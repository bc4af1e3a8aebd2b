package org.mcrpccds.hooks;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.PatientRecord;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.springframework.stereotype.Component;

/**
 * Makes the Medications that a hook call's data references readable to the rules, as the contract
 * orders it: what the request holds (prefetch, included Medications, draftOrders, contained ones)
 * first; a reference still unresolved is read from {@code fhirServer} when one is given; one that
 * the server does not have, or with no server to ask, is identified by its display text
 * ({@link MedicationNames}). A reference that stays unidentified stays unresolved: no Medication
 * is made for it, so the rules see it as unknown, never as a drug not given. Nothing is done when
 * every reference resolves, as it does when the request holds its Medications.
 */
@Component
public class MedicationResolver {
  /** The data-source key saying how the call's medication references were resolved. */
  static final String SOURCE_KEY = "medicationReferences";

  private final MedicationNames names;

  public MedicationResolver(MedicationNames names) {
    this.names = names;
  }

  /**
   * Adds to {@code record} what resolves the references of its resources and of {@code drafts}.
   *
   * @return {@code fetched}, {@code identified-by-display} or {@code unresolved}: the least
   *     certain way any reference ended; null when every reference resolved in the request
   */
  String resolve(PatientRecord record, List<FhirElement> drafts, HookRequest request, Supplier<MissingDataFetcher.Fetch> fetch) {
    Map<String, MedicationReferences.Unresolved> unresolved = MedicationReferences.unresolved(record, drafts, request.fhirServer());
    if (unresolved.isEmpty()) {
      return null;
    }
    String source = "fetched";
    List<String> onServer = unresolved.values().stream().filter(MedicationReferences.Unresolved::onServer)
        .map(MedicationReferences.Unresolved::id).toList();
    if (request.fhirServer() != null && !onServer.isEmpty()) {
      for (FhirElement medication : fetch.get().medications(onServer)) {
        record.add(medication);
        unresolved.remove(medication.resourceId());
      }
    }
    for (MedicationReferences.Unresolved reference : unresolved.values()) {
      List<Code> codings = names.identify(reference.display());
      if (codings.isEmpty()) {
        source = "unresolved";
      } else {
        record.add(names.medication(reference.id(), reference.display(), codings));
        source = source.equals("unresolved") ? source : MedicationNames.IDENTIFIED_BY_DISPLAY;
      }
    }
    return source;
  }
}
