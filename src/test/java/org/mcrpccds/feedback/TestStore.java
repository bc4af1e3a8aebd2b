package org.mcrpccds.feedback;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A freshly migrated database of either kind with the production repositories on top, wired by
 * hand: the same code the application runs, without starting the application.
 */
final class TestStore implements AutoCloseable {
  enum Kind {
    H2, POSTGRESQL;

    String newUrl() {
      return switch (this) {
        case H2 -> "jdbc:h2:mem:store-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        case POSTGRESQL -> PostgresForTests.newDatabase();
      };
    }
  }

  final HikariDataSource dataSource;
  final JdbcTemplate jdbc;
  final AuditRepository audit;
  final FeedbackRepository feedback;

  TestStore(Kind kind) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(kind.newUrl());
    config.setMaximumPoolSize(10);
    this.dataSource = new HikariDataSource(config);
    Flyway.configure().dataSource(dataSource).load().migrate();
    this.jdbc = new JdbcTemplate(dataSource);
    this.audit = new AuditRepository(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    this.feedback = new FeedbackRepository(JdbcClient.create(jdbc));
  }

  long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
