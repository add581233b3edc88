package io.platestream.ingest.testing;

import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * An HTTP camera as many IP cameras are: {@code multipart/x-mixed-replace} JPEG parts (MJPEG) at a
 * steady rate, each part a frame with a moving bar and its number drawn in. Served by the JDK's
 * HTTP server on 127.0.0.1.
 */
public final class MjpegTestServer implements AutoCloseable {
  private static final String BOUNDARY = "platestreamframe";

  private final HttpServer server;

  private MjpegTestServer(HttpServer server) {
    this.server = server;
  }

  public static MjpegTestServer start(int width, int height, int fps) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/video.mjpg",
        exchange -> {
          exchange
              .getResponseHeaders()
              .set("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY);
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            long start = System.nanoTime();
            for (int frame = 0; ; frame++) {
              byte[] jpeg = frame(width, height, frame);
              String header =
                  "--"
                      + BOUNDARY
                      + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
                      + jpeg.length
                      + "\r\n\r\n";
              out.write(header.getBytes(StandardCharsets.US_ASCII));
              out.write(jpeg);
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
              long due = start + (frame + 1) * 1_000_000_000L / fps;
              long wait = due - System.nanoTime();
              if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              }
            }
          } catch (IOException | InterruptedException e) {
            // the client went away
          }
        });
    server.start();
    return new MjpegTestServer(server);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/video.mjpg";
  }

  private static byte[] frame(int width, int height, int number) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(90, 110, 130));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.YELLOW);
    g.fillRect((number * 8) % width, height / 3, 40, height / 3);
    g.setColor(Color.WHITE);
    g.drawString("frame " + number, 10, 20);
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", bytes);
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
