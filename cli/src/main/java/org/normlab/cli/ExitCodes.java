package org.normlab.cli;

/**
 * The exit codes a script can rely on. Kept in one place: {@code normlab --help} prints this table
 * and docs/user-guide.md repeats it.
 */
public final class ExitCodes {

  public static final int OK = 0;
  /** {@code follow}: the run ended FAILED or CANCELLED (or was PAUSED). */
  public static final int RUN_NOT_SUCCEEDED = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;
  public static final int INVALID = 4;
  public static final int AUTH = 5;
  public static final int SERVER = 6;
  /** The run's state does not allow the action, or an idempotency key was reused with another body. */
  public static final int CONFLICT = 7;

  static final String[] HELP = {
    "  0  ok",
    "  1  follow: the run ended FAILED, CANCELLED or PAUSED",
    "  2  usage: unknown command or option, unreadable file",
    "  3  not found: no such run, suite, launch or dataset",
    "  4  invalid spec or parameters (every field error is printed)",
    "  5  authentication or permission refused (401/403)",
    "  6  server error, rate limit, or API unreachable",
    "  7  conflict: the run's state forbids the action, or an idempotency key was reused",
  };

  private ExitCodes() {}
}
