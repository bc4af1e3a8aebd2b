package org.mcrpccds.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mcrpccds.hooks.HookCall;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The hook_call and hook_card tables. */
@Repository
public class AuditRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc;
  private final JdbcClient client;
  private final TransactionTemplate transactions;

  public AuditRepository(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.client = JdbcClient.create(jdbc);
    this.transactions = transactions;
  }

  /** Writes the calls and their cards in one transaction. */
  void insert(List<AuditEntry> entries) {
    List<Object[]> calls = new ArrayList<>(entries.size());
    List<Object[]> cards = new ArrayList<>();
    for (AuditEntry entry : entries) {
      OffsetDateTime time = utc(entry.time());
      calls.add(new Object[] {entry.id(), time, time.toLocalDate(), entry.serviceId(), entry.hook(), entry.hookInstance(),
          entry.patientHash(), entry.status(), entry.latencyMicros(), json(entry)});
      for (int i = 0; i < entry.cards().size(); i++) {
        HookCall.IssuedCard card = entry.cards().get(i);
        cards.add(new Object[] {entry.id(), i, card.uuid(), entry.serviceId(), card.rule(), card.indicator()});
      }
    }
    transactions.executeWithoutResult(status -> {
      jdbc.batchUpdate("INSERT INTO hook_call (id, called_at, called_day, service_id, hook, hook_instance, patient_hash,"
          + " http_status, latency_micros, data_sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", calls);
      if (!cards.isEmpty()) {
        jdbc.batchUpdate("INSERT INTO hook_card (call_id, card_index, card_uuid, service_id, rule_id, indicator)"
            + " VALUES (?, ?, ?, ?, ?, ?)", cards);
      }
    });
  }

  /** The rule of a card this service returned, if the audit holds it. */
  Optional<String> ruleOfCard(String serviceId, String cardUuid) {
    return client.sql("SELECT rule_id FROM hook_card WHERE card_uuid = ? AND service_id = ?")
        .params(cardUuid, serviceId)
        .query(String.class)
        .list().stream().findFirst();
  }

  /** Deletes calls (and so their cards) older than {@code cutoff}; returns how many calls. */
  int purgeBefore(Instant cutoff) {
    return client.sql("DELETE FROM hook_call WHERE called_at < ?").params(utc(cutoff)).update();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static String json(AuditEntry entry) {
    try {
      return JSON.writeValueAsString(entry.dataSources());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }
}
