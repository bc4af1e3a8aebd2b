package org.mcrpccds.feedback;

import org.mcrpccds.hooks.ServiceCatalog;
import org.mcrpccds.web.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * CDS Hooks 2.0 feedback: what the clinician did with a card. Stored synchronously, so a 200 means
 * the feedback is in the database; EHRs send feedback after the fact and do not wait on it.
 */
@RestController
class FeedbackController {
  private final ServiceCatalog catalog;
  private final FeedbackReader reader;
  private final FeedbackRecorder recorder;

  FeedbackController(ServiceCatalog catalog, FeedbackReader reader, FeedbackRecorder recorder) {
    this.catalog = catalog;
    this.reader = reader;
    this.recorder = recorder;
  }

  @PostMapping("/cds-services/{serviceId}/feedback")
  ResponseEntity<Void> feedback(@PathVariable String serviceId, @RequestBody(required = false) byte[] body) {
    catalog.find(serviceId).orElseThrow(() -> ApiException.notFound("no CDS service with this id"));
    recorder.record(serviceId, reader.read(body));
    return ResponseEntity.ok().build();
  }
}
