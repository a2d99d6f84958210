package org.normlab.local;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports nobody listens on right now, for stacks started by tests. */
public final class FreePorts {

  private FreePorts() {}

  public static int one() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A port whose successor is free too: the Kafka broker's controller takes port + 1. */
  public static int pair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = one();
      try (ServerSocket next = new ServerSocket(port + 1)) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no two adjacent free ports found");
  }
}
