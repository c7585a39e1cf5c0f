package io.raftsentinel.node.resp;

import java.util.ArrayList;
import java.util.List;

/** The HELP replies: an array of status lines, a header first and the HELP entry last, like Redis. */
final class HelpText {
  private HelpText() {}

  static Reply reply(String header, List<String> lines) {
    List<Reply> out = new ArrayList<>(lines.size() + 3);
    out.add(new Reply.Simple(header));
    for (String l : lines) {
      out.add(new Reply.Simple(l));
    }
    out.add(new Reply.Simple("HELP"));
    out.add(new Reply.Simple("    Print this help."));
    return new Reply.Array(out);
  }
}
