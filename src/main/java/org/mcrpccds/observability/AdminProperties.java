package org.mcrpccds.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The credential that guards {@code /analytics/**} and the actuator endpoints other than health.
 *
 * @param required true in the {@code prod} profile: the application then refuses to start without
 *     a password
 * @param username the HTTP Basic user name
 * @param password the HTTP Basic password; when set, it is enforced in every profile
 */
@ConfigurationProperties("mcrpc.admin")
public record AdminProperties(@DefaultValue("false") boolean required, @DefaultValue("admin") String username, String password) {

  boolean enforced() {
    return required || hasPassword();
  }

  boolean hasPassword() {
    return password != null && !password.isBlank();
  }

  @Override
  public String toString() {
    return "AdminProperties[required=" + required + ", username=" + username + ", password=" + (hasPassword() ? "***" : "unset") + "]";
  }
}
