-- CDS Hooks client JWTs already seen (docs/security.md): a jti may be used once within its token's
-- lifetime, across every instance that shares this database. Rows past expires_at are purged.
-- Portable SQL: runs unchanged on PostgreSQL and on H2.
CREATE TABLE jwt_replay (
  issuer     VARCHAR(500) NOT NULL,
  jti        VARCHAR(256) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (issuer, jti)
);
CREATE INDEX jwt_replay_expires_at ON jwt_replay (expires_at);
