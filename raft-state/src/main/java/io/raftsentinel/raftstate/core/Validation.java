package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.Address;

/** Field checks shared by the commands; each returns null when fine, else the reason. */
final class Validation {
  static final int MAX_NAME_LENGTH = 256;

  private Validation() {}

  static String masterName(String name) {
    if (name.isEmpty()) {
      return "master name is empty";
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return "master name longer than " + MAX_NAME_LENGTH + " characters";
    }
    // Events are space-separated text that clients split: a name with spaces would break them.
    if (!printableNoSpace(name)) {
      return "master name must not contain spaces or control characters";
    }
    return null;
  }

  static String address(Address a) {
    if (a.getHost().isEmpty() || a.getHost().length() > 255 || !printableNoSpace(a.getHost())) {
      return "Invalid IP address or hostname specified";
    }
    if (a.getPort() <= 0 || a.getPort() > 65535) {
      return "Invalid port number.";
    }
    return null;
  }

  static boolean isRunId(String s) {
    if (s.length() != 40) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean printableNoSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
