package dev.pgstate.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slow and greedy clients of the endpoint: neither may stop a scrape of someone else. */
class MetricsServerTest {

    private MetricsServer endpoint;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        endpoint = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), new DaemonMetrics(Clock.systemUTC()));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        endpoint.close();
    }

    @Test
    void aHalfOpenRequestNeitherBlocksOthersNorStaysForever() throws Exception {
        Socket slow = connect();
        slow.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        slow.getOutputStream().flush();

        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(get("/metrics").statusCode()).isEqualTo(200);

        slow.setSoTimeout((int) (MetricsServer.MAX_REQUEST_TIME.toMillis() * 3));
        assertThat(readToEnd(slow.getInputStream())).as("the server hangs up on the slow request").isEmpty();
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
        for (int i = 0; i < MetricsServer.MAX_CONNECTIONS; i++) {
            connect();
        }
        Socket extra = connect();
        extra.setSoTimeout(5_000);
        extra.getOutputStream().write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readToEnd(extra.getInputStream())).as("no answer beyond the limit").isEmpty();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(endpoint.address(), 2_000);
        return socket;
    }

    private static String readToEnd(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open", e);
        } catch (IOException reset) {
            return "";
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
