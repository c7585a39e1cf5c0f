package io.raftsentinel.node.resp;

/** Redis's strict integer parsing of arguments. */
final class Numbers {
  static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";

  private Numbers() {}

  /** A decimal long with optional minus sign and no blanks, plus sign or leading zeros; null otherwise. */
  static Long parseLong(String s) {
    if (s.isEmpty() || s.length() > 20) {
      return null;
    }
    int start = s.charAt(0) == '-' ? 1 : 0;
    if (start == s.length() || (s.charAt(start) == '0' && s.length() - start > 1)) {
      return null;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
