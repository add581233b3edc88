package io.platestream.sink.web;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Jetty's HTTPS connector for the dashboard: the only connector when TLS is on. */
final class TlsConnector {
  private TlsConnector() {}

  static ServerConnector of(Server server, HttpConfiguration http, Tls tls, String host, int port) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.store());
    ssl.setKeyStorePassword(tls.storePassword());
    ssl.setKeyManagerPassword(tls.storePassword());
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Operators reach the dashboard by address as often as by name; the certificate's names are
    // the client's to check, not the server's.
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }
}
