package org.normlab.trainer.reporting;

import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.worker.WorkerHeartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Sends this worker's heartbeat: its capacity and the attempts it runs, which keeps their leases. */
@Component
public class HeartbeatPublisher {

  private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

  private final KafkaTemplate<String, String> kafka;

  HeartbeatPublisher(KafkaTemplate<String, String> kafka) {
    this.kafka = kafka;
  }

  public void publish(WorkerHeartbeat heartbeat) {
    kafka.send(Topics.WORKER_HEARTBEATS, heartbeat.workerId(), ContractCodec.encode(heartbeat))
        .whenComplete((result, e) -> {
          if (e != null) {
            log.warn("Heartbeat not delivered: {}", e.toString());
          }
        });
  }
}
