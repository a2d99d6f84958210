package org.normlab.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaGroupTest {

  private final ExecutorService threads = Executors.newFixedThreadPool(3);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void everyReplicaReceivesTheSameSumRoundAfterRound() throws Exception {
    ReplicaGroup group = new ReplicaGroup(3);
    List<Future<List<double[]>>> futures = new ArrayList<>();
    for (int rank = 0; rank < 3; rank++) {
      int r = rank;
      futures.add(
          threads.submit(
              () -> {
                List<double[]> rounds = new ArrayList<>();
                for (int round = 0; round < 50; round++) {
                  rounds.add(group.allReduceSum(r, new double[] {r, round * (r + 1)}));
                }
                return rounds;
              }));
    }
    for (Future<List<double[]>> future : futures) {
      List<double[]> rounds = future.get(30, TimeUnit.SECONDS);
      for (int round = 0; round < 50; round++) {
        assertThat(rounds.get(round)).containsExactly(3.0, round * 6.0);
      }
    }
  }

  @Test
  void aFailedReplicaReleasesTheOthersInsteadOfLeavingThemWaiting() {
    ReplicaGroup group = new ReplicaGroup(3);
    Future<double[]> waiting = threads.submit(() -> group.allReduceSum(0, new double[] {1}));
    Future<double[]> alsoWaiting = threads.submit(() -> group.allReduceSum(1, new double[] {1}));
    group.abort(new IllegalStateException("replica 2 ran out of memory"));

    for (Future<double[]> future : List.of(waiting, alsoWaiting)) {
      assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ReplicaGroup.ReplicaAbortedException.class)
          .hasMessageContaining("replica 2 ran out of memory");
    }
    assertThatThrownBy(() -> group.allReduceSum(2, new double[] {1}))
        .isInstanceOf(ReplicaGroup.ReplicaAbortedException.class);
  }

  @Test
  void aGroupOfOneReturnsItsInput() {
    assertThat(new ReplicaGroup(1).allReduceSum(0, new double[] {2.5, -1})).containsExactly(2.5, -1);
  }
}
