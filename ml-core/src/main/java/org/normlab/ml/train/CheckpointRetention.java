package org.normlab.ml.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.normlab.ml.checkpoint.CheckpointStore;

/**
 * Names a job's checkpoints {@code <prefix>/iter-<9 digits>.ckpt} and keeps the newest K of them
 * (by iteration) under the prefix, plus the run's best (the end of its lowest-loss epoch). The
 * checkpoint just written is never deleted, whatever K is.
 */
public final class CheckpointRetention {

  private static final Pattern NAME = Pattern.compile("iter-(\\d+)\\.ckpt");

  private final CheckpointStore store;
  private final String prefix;
  private final int keepLast;

  public CheckpointRetention(CheckpointStore store, String prefix, int keepLast) {
    this.store = store;
    this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    this.keepLast = keepLast;
  }

  public String uriFor(long iteration) {
    return String.format(Locale.ROOT, "%s/iter-%09d.ckpt", prefix, iteration);
  }

  /** Deletes all but the newest {@code keepLast} checkpoints, sparing {@code justWritten}. */
  public void prune(String justWritten) {
    prune(justWritten, null);
  }

  /**
   * Deletes all but the newest {@code keepLast} checkpoints, sparing {@code justWritten} and
   * {@code best} (the run's best so far; null when there is none yet).
   */
  public void prune(String justWritten, String best) {
    List<Candidate> candidates = new ArrayList<>();
    for (String uri : store.list(prefix + "/")) {
      Matcher m = NAME.matcher(uri.substring(uri.lastIndexOf('/') + 1));
      if (m.matches()) {
        candidates.add(new Candidate(uri, Long.parseLong(m.group(1))));
      }
    }
    candidates.sort((a, b) -> Long.compare(b.iteration, a.iteration));
    for (int i = keepLast; i < candidates.size(); i++) {
      String uri = candidates.get(i).uri;
      if (!uri.equals(justWritten) && !uri.equals(best)) {
        store.delete(uri);
      }
    }
  }

  private record Candidate(String uri, long iteration) {}
}
