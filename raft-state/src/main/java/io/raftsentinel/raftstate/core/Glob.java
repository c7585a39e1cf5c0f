package io.raftsentinel.raftstate.core;

/**
 * Redis's glob matching ({@code *}, {@code ?}, {@code [...]}, {@code \}), as used by SENTINEL RESET.
 *
 * <p>Runs in O(pattern x text): every token but {@code *} matches exactly one character, so on a
 * mismatch it is enough to retry from the last {@code *} one character further. Trying every split
 * at every star instead is exponential, and a crafted RESET pattern would stall every replica.
 */
public final class Glob {
  private Glob() {}

  public static boolean matches(String p, String s) {
    int pi = 0;
    int si = 0;
    int star = -1;
    int resume = 0;
    while (si < s.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        resume = si;
        continue;
      }
      int next = pi < p.length() ? matchOne(p, pi, s.charAt(si)) : -1;
      if (next >= 0) {
        pi = next;
        si++;
      } else if (star >= 0) {
        pi = star + 1;
        si = ++resume;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  /** Matches the token at {@code pi} (not a star) against one character: the next token's index, or -1. */
  private static int matchOne(String p, int pi, char ch) {
    char c = p.charAt(pi);
    switch (c) {
      case '?':
        return pi + 1;
      case '[': {
        int end = p.indexOf(']', pi + 1);
        if (end < 0) {
          // An unterminated class matches the literal '['.
          return ch == '[' ? pi + 1 : -1;
        }
        boolean negate = pi + 1 < end && p.charAt(pi + 1) == '^';
        boolean hit = false;
        for (int k = negate ? pi + 2 : pi + 1; k < end; k++) {
          if (k + 2 < end && p.charAt(k + 1) == '-') {
            char lo = (char) Math.min(p.charAt(k), p.charAt(k + 2));
            char hi = (char) Math.max(p.charAt(k), p.charAt(k + 2));
            hit |= ch >= lo && ch <= hi;
            k += 2;
          } else {
            hit |= p.charAt(k) == ch;
          }
        }
        return hit == negate ? -1 : end + 1;
      }
      case '\\':
        // A trailing backslash stands for itself.
        if (pi + 1 < p.length()) {
          return p.charAt(pi + 1) == ch ? pi + 2 : -1;
        }
        return ch == '\\' ? pi + 1 : -1;
      default:
        return c == ch ? pi + 1 : -1;
    }
  }
}
