package dev.pgstate.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.daemon.CycleReportFixtures;
import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** sd_notify against a real Unix datagram socket bound by the test, as systemd binds $NOTIFY_SOCKET. */
class SystemdNotifierTest {

    @TempDir
    Path dir;

    @Test
    void readyAfterTheFirstCycleThenStatusEachCycleThenWatchdogPings() throws IOException {
        Path path = dir.resolve("notify.sock");
        try (AFUNIXDatagramSocket systemd = bound(AFUNIXSocketAddress.of(path));
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path.toString())).orElseThrow()) {
            SystemdStatus status = new SystemdStatus(notifier);

            status.cycleFinished(CycleReportFixtures.healed(1));
            assertThat(receive(systemd)).isEqualTo("READY=1\nSTATUS=enforce cycle 1 ok: 1 drifted, 1 changed, 0 pending");
            status.cycleFinished(CycleReportFixtures.healed(2));
            assertThat(receive(systemd)).isEqualTo("STATUS=enforce cycle 2 ok: 1 drifted, 1 changed, 0 pending");

            Duration period = Watchdog.period(Map.of("WATCHDOG_USEC", "200000")).orElseThrow();
            assertThat(period).isEqualTo(Duration.ofMillis(100));
            Watchdog watchdog = Watchdog.start(notifier, period, () -> true);
            try {
                assertThat(receive(systemd)).isEqualTo("WATCHDOG=1");
                assertThat(receive(systemd)).isEqualTo("WATCHDOG=1");
            } finally {
                watchdog.close();
            }
        }
    }

    @Test
    void anAbstractSocketNameStartsWithAnAt() throws IOException {
        String name = "pgstate-test-" + UUID.randomUUID();
        try (AFUNIXDatagramSocket systemd = bound(AFUNIXSocketAddress.inAbstractNamespace(name));
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name)).orElseThrow()) {
            notifier.notify("STOPPING=1");
            assertThat(receive(systemd)).isEqualTo("STOPPING=1");
        }
    }

    @Test
    void nothingWithoutNotifySocketAndNoPingsForAnotherProcess() throws IOException {
        assertThat(SystemdNotifier.fromEnvironment(Map.of())).isEmpty();
        assertThat(Watchdog.period(Map.of())).isEmpty();
        assertThat(Watchdog.period(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "1"))).isEmpty();
        String self = String.valueOf(ProcessHandle.current().pid());
        assertThat(Watchdog.period(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", self)))
                .contains(Duration.ofMillis(500));
    }

    private static AFUNIXDatagramSocket bound(AFUNIXSocketAddress address) throws IOException {
        AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance();
        socket.bind(address);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static String receive(AFUNIXDatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }
}
