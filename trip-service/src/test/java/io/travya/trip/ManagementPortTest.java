package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TravyaIntegrationTest;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Health details and metrics are not on the API port: actuator answers on a management port of its
 * own, and both listen on the loopback interface unless configured otherwise.
 */
@TravyaIntegrationTest
class ManagementPortTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnly() {
        HttpApi api = new HttpApi(port);
        HttpApi management = new HttpApi(managementPort);

        assertThat(managementPort).isNotEqualTo(port);
        for (String path :
                new String[] {"/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus"}) {
            assertThat(management.get(path, null).status())
                    .as("management port " + path)
                    .isEqualTo(200);
            HttpApi.Response onTheApi = api.get(path, null);
            assertThat(onTheApi.status()).as("API port " + path).isEqualTo(404);
            assertThat(onTheApi.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(management.get("/actuator/prometheus", null).text()).contains("http_server_requests");
    }

    @Test
    void bothPortsListenOnTheLoopbackInterfaceOnly() throws SocketException {
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
        assumeThat(external)
                .as("this machine has an address other than loopback")
                .isPresent();

        for (int listening : new int[] {port, managementPort}) {
            assertThatThrownBy(() -> connect(external.get(), listening))
                    .as("port " + listening + " on " + external.get())
                    .isInstanceOf(IOException.class);
        }
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
        }
    }
}
