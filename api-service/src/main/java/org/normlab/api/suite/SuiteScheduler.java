package org.normlab.api.suite;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Launches scheduled suites. Every tick, for each suite with a cron expression, the latest slot
 * that is due (after the suite's last scheduled launch, or after start-up for the first) launches
 * once: the slot is the launch's key, so neither a second API instance nor a restart launches it
 * again. Missed slots in between are not replayed; the latest stands for them. Cron times are UTC.
 */
@Component
class SuiteScheduler {

  private final SuiteCatalog catalog;
  private final SuiteLauncher launcher;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final Instant startedAt;

  SuiteScheduler(SuiteCatalog catalog, SuiteLauncher launcher, JdbcClient jdbc) {
    this.catalog = catalog;
    this.launcher = launcher;
    this.jdbc = jdbc;
    this.clock = Clock.systemUTC();
    this.startedAt = clock.instant();
  }

  @Scheduled(fixedDelayString = "${normlab.suites.tick:PT15S}")
  void tick() {
    Instant now = clock.instant();
    for (Suite suite : catalog.all()) {
      catalog.schedule(suite.name()).ifPresent(cron -> launchDue(suite, CronExpression.parse(cron), now));
    }
  }

  /** Launches the latest slot of {@code cron} due at {@code now}, if not launched yet. */
  Optional<UUID> launchDue(Suite suite, CronExpression cron, Instant now) {
    Instant last = jdbc.sql("SELECT max(scheduled_for) FROM suite_launches WHERE suite = ?")
        .param(suite.name()).query((rs, i) -> rs.getTimestamp(1)).optional()
        .map(t -> t == null ? null : t.toInstant()).orElse(null);
    Instant from = last == null ? startedAt : last;
    Instant due = null;
    for (ZonedDateTime next = cron.next(from.atZone(ZoneOffset.UTC));
        next != null && !next.toInstant().isAfter(now); next = cron.next(next)) {
      due = next.toInstant();
    }
    if (due == null) {
      return Optional.empty();
    }
    return launcher.launch(suite, SuiteLauncher.Trigger.SCHEDULE, due, false);
  }
}
