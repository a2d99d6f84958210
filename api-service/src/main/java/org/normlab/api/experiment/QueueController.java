package org.normlab.api.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The queue as the scheduler will serve it: each queued run with its position. */
@RestController
class QueueController {

  record QueuedRun(int position, UUID id, String name, Priority priority, String owner, int attempt) {}

  private final RunScheduler scheduler;

  QueueController(RunScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @GetMapping("/api/v1/queue")
  List<QueuedRun> queue() {
    List<Experiment> ordered = scheduler.queueInOrder();
    List<QueuedRun> view = new ArrayList<>(ordered.size());
    for (int i = 0; i < ordered.size(); i++) {
      Experiment e = ordered.get(i);
      view.add(new QueuedRun(i + 1, e.getId(), e.getName(), Priority.ofWeight(e.getPriority()), e.getOwner(),
          e.getAttempt()));
    }
    return view;
  }
}
