package org.normlab.api.experiment;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.worker.WorkerHeartbeat;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@link Topics#WORKER_HEARTBEATS}; bad messages end in the dead-letter topic. */
@Component
class HeartbeatListener {

  private final LeaseKeeper leases;

  HeartbeatListener(LeaseKeeper leases) {
    this.leases = leases;
  }

  @KafkaListener(id = "api-heartbeats", topics = Topics.WORKER_HEARTBEATS)
  void onHeartbeat(ConsumerRecord<String, String> record) {
    leases.onHeartbeat(ContractCodec.decode(record.value(), WorkerHeartbeat.class, WorkerHeartbeat.SCHEMA_VERSION));
  }
}
