package org.mcrpccds.feedback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mcrpccds.hooks.ServiceCatalog;
import org.mcrpccds.hooks.ServiceDefinition;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Per service and rule: how many cards were shown and what clinicians did with them. Every rule
 * the content declares is listed, also those that never fired, so a silent rule is visible.
 * Feedback counts by its outcome timestamp; feedback on cards never issued here is only totalled.
 */
@Service
public class RuleAnalytics {
  private static final String CARDS_SHOWN = """
      SELECT %s c.service_id, c.rule_id, COUNT(*) AS n
      FROM hook_card c JOIN hook_call h ON h.id = c.call_id
      WHERE h.http_status = 200 AND h.called_at >= ? AND h.called_at < ?
      GROUP BY %s c.service_id, c.rule_id""";
  private static final String OUTCOMES = """
      SELECT %s service_id, rule_id, outcome, COUNT(*) AS n
      FROM card_feedback
      WHERE rule_id IS NOT NULL AND outcome_at >= ? AND outcome_at < ?
      GROUP BY %s service_id, rule_id, outcome""";
  private static final String OVERRIDE_REASONS = """
      SELECT service_id, rule_id, override_reason_code, COUNT(*) AS n
      FROM card_feedback
      WHERE rule_id IS NOT NULL AND outcome = 'overridden' AND override_reason_code IS NOT NULL
        AND outcome_at >= ? AND outcome_at < ?
      GROUP BY service_id, rule_id, override_reason_code""";

  private final JdbcClient jdbc;
  private final Collection<ServiceDefinition> services;

  @Autowired
  public RuleAnalytics(JdbcClient jdbc, ServiceCatalog catalog) {
    this(jdbc, catalog.all());
  }

  RuleAnalytics(JdbcClient jdbc, Collection<ServiceDefinition> services) {
    this.jdbc = jdbc;
    this.services = services;
  }

  /** The answer of {@code GET /analytics/rules}. */
  public record Report(List<RuleStats> rules, long unknownCardFeedback) {}

  /** The answer of {@code GET /analytics/rules/daily}. */
  public record DailyReport(List<DailyRuleStats> days) {}

  private static final class Tally {
    long shown;
    long accepted;
    long overridden;
    final Map<String, Long> reasons = new TreeMap<>();

    void add(String outcome, long n) {
      if (FeedbackItem.Outcome.ACCEPTED.code().equals(outcome)) {
        accepted += n;
      } else {
        overridden += n;
      }
    }
  }

  private record Key(String service, String rule) {}

  private record DayKey(LocalDate date, String service, String rule) {}

  public Report rules(AnalyticsPeriod period) {
    Map<Key, Tally> tallies = new LinkedHashMap<>();
    services.forEach(service -> service.cards().forEach(rule -> tallies.put(new Key(service.id(), rule), new Tally())));
    Object[] bounds = bounds(period);
    jdbc.sql(CARDS_SHOWN.formatted("", "")).params(bounds).query((ResultSet rs) -> {
      tally(tallies, rs).shown += rs.getLong("n");
    });
    jdbc.sql(OUTCOMES.formatted("", "")).params(bounds).query((ResultSet rs) -> {
      tally(tallies, rs).add(rs.getString("outcome"), rs.getLong("n"));
    });
    jdbc.sql(OVERRIDE_REASONS).params(bounds).query((ResultSet rs) -> {
      tally(tallies, rs).reasons.merge(rs.getString("override_reason_code"), rs.getLong("n"), Long::sum);
    });
    long unknown = jdbc.sql("SELECT COUNT(*) FROM card_feedback WHERE unknown_card AND outcome_at >= ? AND outcome_at < ?")
        .params(bounds).query(Long.class).single();
    List<RuleStats> rules = new ArrayList<>();
    tallies.forEach((key, t) -> rules.add(new RuleStats(key.service(), key.rule(), t.shown, t.accepted, t.overridden,
        t.reasons, t.accepted + t.overridden == 0 ? null : (double) t.accepted / (t.accepted + t.overridden))));
    return new Report(rules, unknown);
  }

  public DailyReport daily(AnalyticsPeriod period) {
    Map<DayKey, Tally> tallies = new TreeMap<>(Comparator.comparing(DayKey::date)
        .thenComparing(DayKey::service).thenComparing(DayKey::rule));
    Object[] bounds = bounds(period);
    jdbc.sql(CARDS_SHOWN.formatted("h.called_day AS stat_day,", "h.called_day,")).params(bounds).query((ResultSet rs) -> {
      dayTally(tallies, rs).shown += rs.getLong("n");
    });
    jdbc.sql(OUTCOMES.formatted("outcome_day AS stat_day,", "outcome_day,")).params(bounds).query((ResultSet rs) -> {
      dayTally(tallies, rs).add(rs.getString("outcome"), rs.getLong("n"));
    });
    List<DailyRuleStats> days = new ArrayList<>();
    tallies.forEach((key, t) -> days.add(new DailyRuleStats(key.date(), key.service(), key.rule(), t.shown, t.accepted,
        t.overridden)));
    return new DailyReport(days);
  }

  private static Object[] bounds(AnalyticsPeriod period) {
    return new Object[] {AuditRepository.utc(period.from()), AuditRepository.utc(period.to())};
  }

  private static Tally tally(Map<Key, Tally> tallies, ResultSet rs) throws SQLException {
    return tallies.computeIfAbsent(new Key(rs.getString("service_id"), rs.getString("rule_id")), k -> new Tally());
  }

  private static Tally dayTally(Map<DayKey, Tally> tallies, ResultSet rs) throws SQLException {
    LocalDate day = rs.getObject("stat_day", LocalDate.class);
    return tallies.computeIfAbsent(new DayKey(day, rs.getString("service_id"), rs.getString("rule_id")), k -> new Tally());
  }
}
