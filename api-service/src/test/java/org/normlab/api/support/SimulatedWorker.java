package org.normlab.api.support;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.RunControl;
import org.normlab.contracts.run.RunDispatch;
import org.normlab.contracts.run.RunEvent;
import org.normlab.contracts.worker.WorkerHeartbeat;

/**
 * Speaks the trainer's side of the protocol over the real broker (heartbeats, dispatches, events,
 * control), without training: the API's scheduling is tested against what it sees on the wire.
 */
public final class SimulatedWorker implements AutoCloseable {

  private final String id = "sim-" + UUID.randomUUID().toString().substring(0, 8);
  private final int slots;
  private final List<WorkerHeartbeat.ActiveAttempt> active = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
  /** Every simulated worker in this JVM falls silent, as during a broker outage. */
  private static volatile boolean everyoneSilenced;

  public SimulatedWorker(int slots) {
    this.slots = slots;
    beats.scheduleAtFixedRate(this::beat, 0, 1, TimeUnit.SECONDS);
  }

  public String id() {
    return id;
  }

  /** Reports these attempts as running in the next heartbeats. */
  public void running(UUID runId, int attempt) {
    active.add(new WorkerHeartbeat.ActiveAttempt(runId, attempt, 0));
  }

  public void idle() {
    active.clear();
  }

  /** Stops heartbeating, as a worker killed with -9 would. */
  public void die() {
    beats.shutdownNow();
  }

  /**
   * No simulated worker's heartbeat reaches the API any more, but they all live on: what a broker
   * outage looks like to the scheduler. Workers of other tests in this JVM are silenced too.
   */
  public static void silenceEveryWorker() {
    everyoneSilenced = true;
  }

  public static void unsilenceEveryWorker() {
    everyoneSilenced = false;
  }

  private void beat() {
    if (everyoneSilenced) {
      return;
    }
    TopicProbe.send(Topics.WORKER_HEARTBEATS, id, ContractCodec.encode(WorkerHeartbeat.of(id, slots, List.copyOf(active))));
  }

  public Optional<RunDispatch> awaitDispatch(UUID runId, int attempt, Duration timeout) {
    return TopicProbe.await(Topics.RUN_DISPATCH, r -> runId.toString().equals(r.key())
            && decodeDispatch(r.value()).attempt() == attempt, timeout)
        .map(r -> decodeDispatch(r.value()));
  }

  /**
   * The run's dispatch to this worker, whatever its attempt: a run queued while other tests' workers
   * were still taken for live may have gone to one of them first and come back as a later attempt.
   */
  public Optional<RunDispatch> awaitDispatchToMe(UUID runId, Duration timeout) {
    return TopicProbe.await(Topics.RUN_DISPATCH, r -> runId.toString().equals(r.key())
            && id.equals(decodeDispatch(r.value()).assignedWorker()), timeout)
        .map(r -> decodeDispatch(r.value()));
  }

  public static Optional<RunControl> awaitControl(UUID runId, int attempt, RunControl.Action action, Duration timeout) {
    return TopicProbe.await(Topics.RUN_CONTROL, r -> {
          if (!runId.toString().equals(r.key())) {
            return false;
          }
          RunControl c = ContractCodec.decode(r.value(), RunControl.class, RunControl.SCHEMA_VERSION);
          return c.attempt() == attempt && c.action() == action;
        }, timeout)
        .map(r -> ContractCodec.decode(r.value(), RunControl.class, RunControl.SCHEMA_VERSION));
  }

  public static void publish(RunEvent event) {
    TopicProbe.send(Topics.RUN_EVENTS, event.runId().toString(), ContractCodec.encode(event));
  }

  private static RunDispatch decodeDispatch(String json) {
    return ContractCodec.decode(json, RunDispatch.class, RunDispatch.SCHEMA_VERSION);
  }

  @Override
  public void close() {
    beats.shutdownNow();
  }
}
