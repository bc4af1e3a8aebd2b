package org.mcrpccds.hooks;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.mcrpccds.fhir.FhirElement;

/** Fetches what a hook call's request lacks from its {@code fhirServer}. */
public interface MissingDataFetcher {

  /**
   * The fetches of one hook call. Nothing is sent until one is asked for; every fetch made through
   * it shares one time budget, which starts here.
   */
  Fetch open(HookRequest request);

  /** One hook call's fetches from its {@code fhirServer}. */
  interface Fetch {

    /**
     * @param queries prefetch key → template (with {@code {{context.*}}} tokens still in it)
     * @return the resources found, as FHIR JSON like prefetched ones (Bundles are flattened)
     * @throws org.mcrpccds.web.ApiException 412 when a key cannot be fetched
     */
    List<FhirElement> search(Map<String, String> queries);

    /**
     * The Medications with these logical ids; one the server does not have (404, 410) is left out.
     *
     * @throws org.mcrpccds.web.ApiException 412 when a read fails otherwise
     */
    List<FhirElement> medications(Collection<String> ids);
  }
}
