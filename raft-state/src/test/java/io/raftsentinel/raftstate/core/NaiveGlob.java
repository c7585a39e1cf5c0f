package io.raftsentinel.raftstate.core;

/** The oracle for {@link Glob}: the first, exponential version, which tries every split at every star. */
final class NaiveGlob {
  private NaiveGlob() {}

  static boolean matches(String pattern, String text) {
    return match(pattern, 0, text, 0);
  }

  private static boolean match(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      switch (c) {
        case '*' -> {
          while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
            pi++;
          }
          if (pi + 1 == p.length()) {
            return true;
          }
          for (int k = si; k <= s.length(); k++) {
            if (match(p, pi + 1, s, k)) {
              return true;
            }
          }
          return false;
        }
        case '?' -> {
          if (si >= s.length()) {
            return false;
          }
          si++;
          pi++;
        }
        case '[' -> {
          if (si >= s.length()) {
            return false;
          }
          int end = p.indexOf(']', pi + 1);
          if (end < 0) {
            // An unterminated class matches the literal '['.
            if (s.charAt(si) != '[') {
              return false;
            }
            si++;
            pi++;
            continue;
          }
          boolean negate = pi + 1 < end && p.charAt(pi + 1) == '^';
          int from = negate ? pi + 2 : pi + 1;
          boolean hit = false;
          char ch = s.charAt(si);
          for (int k = from; k < end; k++) {
            if (k + 2 < end && p.charAt(k + 1) == '-') {
              char lo = p.charAt(k);
              char hi = p.charAt(k + 2);
              if (lo > hi) {
                char t = lo;
                lo = hi;
                hi = t;
              }
              if (ch >= lo && ch <= hi) {
                hit = true;
              }
              k += 2;
            } else if (p.charAt(k) == ch) {
              hit = true;
            }
          }
          if (hit == negate) {
            return false;
          }
          si++;
          pi = end + 1;
        }
        case '\\' -> {
          if (pi + 1 < p.length()) {
            pi++;
          }
          if (si >= s.length() || s.charAt(si) != p.charAt(pi)) {
            return false;
          }
          si++;
          pi++;
        }
        default -> {
          if (si >= s.length() || s.charAt(si) != c) {
            return false;
          }
          si++;
          pi++;
        }
      }
    }
    return si == s.length();
  }
}
