package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.core.live.CatalogQuery;
import dev.pgstate.reconcilers.core.live.HostInterfaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

/**
 * Reads the facts about pg_hba.conf in one query (where it is, version, SSL, last load, the agent's own session),
 * then the file itself from disk: the agent runs on the server's box, as the server's OS user or root.
 */
public final class HbaReader {

    /** Same text on 11–18; pg_stat_ssl shows the agent's own row to any role. */
    static final String SQL = """
            SELECT pg_catalog.current_setting('hba_file') AS hba_file,
                   pg_catalog.current_setting('server_version_num')::int AS version_num,
                   pg_catalog.current_setting('ssl') = 'on' AS ssl_enabled,
                   pg_catalog.pg_conf_load_time() AS conf_load_time,
                   session_user::text AS session_user,
                   pg_catalog.current_database()::text AS database,
                   pg_catalog.host(pg_catalog.inet_client_addr()) AS client_address,
                   coalesce((SELECT ssl FROM pg_catalog.pg_stat_ssl WHERE pid = pg_catalog.pg_backend_pid()), false)
                       AS ssl_in_use""";

    /** When the server last read its config files; a reload moves it forward. */
    static final String CONF_LOAD_TIME = "SELECT pg_catalog.pg_conf_load_time()";

    public LiveHba read(Connection connection) throws SQLException {
        return CatalogQuery.single(connection, SQL, rs -> {
            Path file = Path.of(rs.getString("hba_file"));
            String address = rs.getString("client_address");
            HbaClient session = address == null
                    ? HbaClient.socket(rs.getString("session_user"), rs.getString("database"))
                    : HbaClient.tcp(address, rs.getBoolean("ssl_in_use"), rs.getString("session_user"), rs.getString("database"));
            // Which methods the build lacks is not knowable from SQL: pg_hba_file_rules catches them before a reload.
            HbaGrammar grammar = new HbaGrammar(rs.getInt("version_num") / 10000, Set.of(), rs.getBoolean("ssl_enabled"));
            return new LiveHba(file, readText(file), modified(file), grammar,
                    rs.getTimestamp("conf_load_time").toInstant(), session, HostInterfaces.ofThisBox());
        });
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The server's current {@code pg_conf_load_time()}. */
    public static Instant confLoadTime(Connection connection) throws SQLException {
        return CatalogQuery.single(connection, CONF_LOAD_TIME, rs -> rs.getTimestamp(1).toInstant());
    }

    /**
     * The file's text; it must be UTF-8 so that writing it back gives the same bytes.
     *
     * @throws UncheckedIOException naming the file when it cannot be read, e.g. the agent is not on the box
     */
    public static String readText(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UncheckedIOException(new IOException(file + " is not UTF-8 text; the agent will not rewrite it", e));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read " + file + " (the server's hba_file): "
                    + e.getMessage() + "; managing pg_hba.conf needs the agent on the server's box", e));
        }
    }
}
