package dev.pgstate.reconcilers.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

class ServerErrorTest {

    @Test
    void readsSqlStateMessageAndDetailFromTheServersError() {
        var server = new ServerErrorMessage("SERROR\0C2BP01\0Mrole \"old\" cannot be dropped because some objects"
                + " depend on it\0Downer of table t\0");

        ServerError error = ServerError.of(new PSQLException(server));

        assertThat(error).isEqualTo(new ServerError("2BP01",
                "role \"old\" cannot be dropped because some objects depend on it", "owner of table t"));
        assertThat(error.describe()).isEqualTo("role \"old\" cannot be dropped because some objects depend on it"
                + " (SQLSTATE 2BP01); DETAIL: owner of table t");
        assertThat(error.connectionLost()).isFalse();
    }

    @Test
    void aDriverErrorWithoutServerMessageKeepsItsStateAndText() {
        var lost = new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE);

        ServerError error = ServerError.of(lost);

        assertThat(error.connectionLost()).isTrue();
        assertThat(error.describe()).isEqualTo("lost the connection to the server: An I/O error occurred while"
                + " sending to the backend. (SQLSTATE 08006)");
    }

    @Test
    void aTerminatedBackendCountsAsLost() {
        assertThat(ServerError.of(new SQLException("terminating connection", "57P01")).connectionLost()).isTrue();
    }
}
