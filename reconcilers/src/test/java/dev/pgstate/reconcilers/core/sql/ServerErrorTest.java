package dev.pgstate.reconcilers.core.sql;

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

    @Test
    void serverErrorsAreOneLineWithSqlstate() {
        PSQLException e = new PSQLException(new ServerErrorMessage(
                "SFATAL\0C28000\0MPeer authentication failed for user \"postgres\"\0"));
        assertThat(ServerError.of(e).describe())
                .isEqualTo("Peer authentication failed for user \"postgres\" (SQLSTATE 28000)");
    }

    @Test
    void serverDetailIsKeptOnTheSameLine() {
        PSQLException e = new PSQLException(new ServerErrorMessage("SERROR\0C2BP01\0Mrole \"r\" cannot be dropped"
                + " because some objects depend on it\0Downer of database d\nprivileges for table t\0"));
        assertThat(ServerError.of(e).describe()).isEqualTo("role \"r\" cannot be dropped because some objects"
                + " depend on it (SQLSTATE 2BP01); DETAIL: owner of database d; privileges for table t");
    }

    @Test
    void clientErrorsNameTheRootCause() {
        SQLException e = new SQLException("The connection attempt failed.", "08001",
                new RuntimeException("wrapper", new java.io.IOException("No such file or directory")));
        assertThat(ServerError.of(e).describe())
                .isEqualTo("The connection attempt failed: No such file or directory (SQLSTATE 08001)");
    }
}
