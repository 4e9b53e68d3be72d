package io.shadowflow.engine.net;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The JDK's HTTP server with Nagle's algorithm off. It writes a response's headers and its body
 * apart, so with Nagle on the body waits for the client's delayed acknowledgement of the headers:
 * 40 ms a response on a kept-alive Linux connection (the durable benchmark's two loopback calls a
 * run went from 85 to 577 workflows/s). The JDK reads the switch once, when its first server is
 * made: every server of ours is made here.
 */
public final class HttpServers {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private HttpServers() {}

  public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
    return HttpServer.create(address, backlog);
  }
}
