package org.mcrpccds.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Whether a URL's host names this machine, decided without DNS. */
public final class LoopbackHosts {
  private LoopbackHosts() {}

  /**
   * True for {@code localhost} and loopback IP literals ({@code 127.x.x.x}, {@code [::1]}). Other
   * names are never resolved: a DNS answer can change between this check and the call.
   */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    boolean ipv6 = h.startsWith("[") && h.endsWith("]");
    if (!ipv6 && !h.matches("[0-9.]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(ipv6 ? h.substring(1, h.length() - 1) : h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
