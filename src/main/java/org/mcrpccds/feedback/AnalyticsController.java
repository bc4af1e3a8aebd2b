package org.mcrpccds.feedback;

import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rule analytics for the CDS team: JSON, and the page at /analytics/index.html that reads it. */
@RestController
@RequestMapping("/analytics")
class AnalyticsController {
  private final RuleAnalytics analytics;

  AnalyticsController(RuleAnalytics analytics) {
    this.analytics = analytics;
  }

  @GetMapping(path = "/rules", produces = MediaType.APPLICATION_JSON_VALUE)
  RuleAnalytics.Report rules(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return analytics.rules(AnalyticsPeriod.of(from, to));
  }

  @GetMapping(path = "/rules/daily", produces = MediaType.APPLICATION_JSON_VALUE)
  RuleAnalytics.DailyReport daily(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return analytics.daily(AnalyticsPeriod.of(from, to));
  }

  @GetMapping({"", "/"})
  ResponseEntity<Void> page() {
    return ResponseEntity.status(302).location(URI.create("/analytics/index.html")).build();
  }
}
