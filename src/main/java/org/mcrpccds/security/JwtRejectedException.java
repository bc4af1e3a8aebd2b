package org.mcrpccds.security;

/**
 * Why a CDS client's JWT was refused. The reason is logged, never sent: telling a caller which
 * check failed helps an attacker more than a legitimate client.
 */
final class JwtRejectedException extends Exception {
  enum Reason {
    MISSING("missing"),
    MALFORMED("malformed"),
    ALGORITHM("algorithm not allowed"),
    UNTRUSTED_ISSUER("untrusted issuer"),
    UNKNOWN_KEY("unknown key"),
    KEY_MISMATCH("key does not fit the algorithm"),
    SIGNATURE("bad signature"),
    EXPIRED("expired"),
    NOT_YET_VALID("not yet valid"),
    LIFETIME("lifetime too long"),
    AUDIENCE("wrong audience"),
    MISSING_CLAIM("required claim missing"),
    TENANT("wrong tenant"),
    REPLAYED("replayed jti");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  private final Reason reason;

  JwtRejectedException(Reason reason) {
    super(reason.label, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
