package org.normlab.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One blocking HTTP/1.1 keep-alive connection for a load-generating thread, in the manner of wrk: a
 * request is a few writes of ready-made bytes and the answer is read straight off the socket. The
 * JDK's HttpClient spends about a third of a core on the load at 1,000 requests/s (selector thread,
 * futures, header maps), and on this machine every cycle the load generator burns is taken from the
 * API and PostgreSQL it measures. Handles what the API answers: a status line, headers, then a body
 * of Content-Length bytes or in chunks.
 */
final class KeepAliveConnection implements Closeable {

  private final String host;
  private final int port;
  private final byte[] headerPrefix;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /**
   * @param baseUrl the API's {@code http://host:port}
   * @param authorization the Authorization header's value
   */
  KeepAliveConnection(String baseUrl, String authorization) {
    URI uri = URI.create(baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.headerPrefix = ("Host: " + host + ":" + port + "\r\nAuthorization: " + authorization
        + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The status and body of a POST of {@code json} to {@code path}, with the extra header lines given. */
  Answer post(String path, byte[] json, String extraHeaders) throws IOException {
    boolean reused = socket != null;
    try {
      return exchange(path, json, extraHeaders);
    } catch (IOException e) {
      close();
      if (!reused) {
        throw e;
      }
      // The server may have closed the idle connection before reading the request: once more, anew.
      return exchange(path, json, extraHeaders);
    }
  }

  record Answer(int status, byte[] body) {}

  private Answer exchange(String path, byte[] json, String extraHeaders) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }
    ByteArrayOutputStream request = new ByteArrayOutputStream(512 + json.length);
    request.writeBytes(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(headerPrefix);
    request.writeBytes((extraHeaders + "Content-Length: " + json.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(json);
    request.writeTo(out);
    out.flush();
    return readAnswer();
  }

  private Answer readAnswer() throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      throw new IOException("Not an HTTP/1.1 status line: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        contentLength = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:")) {
        chunked = lower.contains("chunked");
      } else if (lower.startsWith("connection:")) {
        closes = lower.contains("close");
      }
    }
    byte[] body = chunked ? chunkedBody() : in.readNBytes((int) Math.max(0, contentLength));
    if (closes) {
      close();
    }
    return new Answer(status, body);
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      int extension = sizeLine.indexOf(';');
      int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
      if (size == 0) {
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
          // trailers: none expected, skipped
        }
        return body.toByteArray();
      }
      body.writeBytes(in.readNBytes(size));
      line(); // the CRLF after the chunk
    }
  }

  /** One header line without its CRLF. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("Connection closed mid-answer");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
