package org.borderzone.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a port of localhost to the test database, so that a server under test can lose its
 * database without anyone stopping the shared PostgreSQL cluster. {@link #stop()} is a database that went
 * away: the port refuses connections and every forwarded connection is reset (like a crashed or stopped
 * server); {@link #freeze()} is a network partition: connections are accepted and kept open, but no byte
 * passes until {@link #start()}. {@link #start()} restores forwarding on the same port.
 */
public final class TcpProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private volatile boolean frozen;
  private volatile ServerSocket server;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress("127.0.0.1", 0));
    this.port = s.getLocalPort();
    listen(s);
  }

  /** The port to connect to instead of the database's. */
  public int port() {
    return port;
  }

  /** Forwarding (again), on the same port. */
  public synchronized void start() throws IOException {
    unfreeze();
    if (server == null || server.isClosed()) {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      listen(s);
    }
  }

  /** The database is gone: refuse new connections, reset the open ones. */
  public synchronized void stop() {
    unfreeze();
    ServerSocket s = server;
    server = null;
    if (s != null) {
      closeQuietly(s);
    }
    for (Socket c : sockets) {
      try {
        c.setSoLinger(true, 0); // RST, as when the server process dies
      } catch (IOException ignored) {
        // closing anyway
      }
      closeQuietly(c);
    }
    sockets.clear();
  }

  /** A partition: nothing passes in either direction, nothing is closed. */
  public void freeze() {
    frozen = true;
  }

  private void unfreeze() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  private void listen(ServerSocket s) {
    server = s;
    Thread t = new Thread(() -> {
      while (!s.isClosed()) {
        try {
          Socket client = s.accept();
          sockets.add(client);
          Thread c = new Thread(() -> connect(client), "proxy-connect");
          c.setDaemon(true);
          c.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }, "proxy-accept-" + port);
    t.setDaemon(true);
    t.start();
  }

  private void connect(Socket client) {
    try {
      awaitThaw();
      Socket upstream = new Socket(targetHost, targetPort);
      sockets.add(upstream);
      pump(client, upstream);
      pump(upstream, client);
    } catch (IOException | InterruptedException e) {
      closeQuietly(client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          awaitThaw();
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // one side went away
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void awaitThaw() throws InterruptedException {
    synchronized (gate) {
      while (frozen) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    stop();
  }
}
