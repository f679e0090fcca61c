package org.borderzone.system;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * A request body that shows every chunk read to a {@link Watcher} before the reader gets it: the body limit
 * counts bytes with it ({@link BodySizeLimitFilter}), the idempotency key hashes them ({@link IdempotencyFilter}),
 * so neither buffers the body.
 */
final class WatchedInputStream extends ServletInputStream {

  /** Sees {@code n} bytes of {@code buf} from {@code off}; may throw to stop the read. */
  @FunctionalInterface
  interface Watcher {
    void read(byte[] buf, int off, int n) throws IOException;
  }

  private final ServletInputStream in;
  private final Watcher watcher;
  private final byte[] one = new byte[1];

  WatchedInputStream(ServletInputStream in, Watcher watcher) {
    this.in = in;
    this.watcher = watcher;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      one[0] = (byte) b;
      watcher.read(one, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0) {
      watcher.read(buf, off, n);
    }
    return n;
  }

  @Override
  public boolean isFinished() {
    return in.isFinished();
  }

  @Override
  public boolean isReady() {
    return in.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    in.setReadListener(listener);
  }
}
