package dev.opad.worker.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A web site on 127.0.0.1 and a free port, which remembers every request it was sent. */
final class LocalSite implements AutoCloseable {

    /** One request as the site saw it. */
    record Seen(String path, String host) {
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private LocalSite(HttpServer server) {
        this.server = server;
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    static LocalSite http() throws IOException {
        return new LocalSite(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static LocalSite https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new LocalSite(server);
    }

    LocalSite on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            seen.add(new Seen(exchange.getRequestURI().toString(), exchange.getRequestHeaders().getFirst("Host")));
            try (exchange) {
                handler.handle(exchange);
            }
        });
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    static HttpHandler page(String contentType, String body) {
        return exchange -> send(exchange, 200, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpHandler redirect(int status, String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, -1);
        };
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
