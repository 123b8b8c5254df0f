package dev.pgstate.reconcilers.core.failure;

import java.sql.SQLException;

/**
 * The SQLSTATE codes the agent tells apart, by the names PostgreSQL's errcodes.txt gives them (as pgjdbc's
 * {@code PSQLState} does for the driver's own), so that no code is spelled as a bare literal twice.
 */
public enum SqlState {

    /** 08001: the driver could make no connection at all. */
    SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION("08001"),
    /** 08004: the server refused the connection. */
    SQLSERVER_REJECTED_ESTABLISHMENT_OF_SQLCONNECTION("08004"),
    /** 22023: e.g. a locale the server does not have. */
    INVALID_PARAMETER_VALUE("22023"),
    /** 2BP01: a DROP without CASCADE refused while other objects depend on the one dropped (a schema not empty). */
    DEPENDENT_OBJECTS_STILL_EXIST("2BP01"),
    /** 3D000: no database of that name, e.g. one the plan is still to create. */
    INVALID_CATALOG_NAME("3D000"),
    /** 42501: the session lacks a privilege, e.g. to read pg_config. */
    INSUFFICIENT_PRIVILEGE("42501"),
    /** 55P03: lock_timeout expired. */
    LOCK_NOT_AVAILABLE("55P03"),
    /** 57P01: the backend was terminated, e.g. by pg_terminate_backend or a fast shutdown. */
    ADMIN_SHUTDOWN("57P01"),
    /** F0000: a config file the server would not load. */
    CONFIG_FILE_ERROR("F0000");

    /** Class 08: the driver's connection exceptions. */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    /** The five characters as the server sends them. */
    public String code() {
        return code;
    }

    public boolean is(String sqlState) {
        return code.equals(sqlState);
    }

    public boolean is(SQLException e) {
        return is(e.getSQLState());
    }

    /** Class 08, which pgjdbc raises when it has no usable connection. */
    public static boolean isConnectionException(String sqlState) {
        return sqlState != null && sqlState.startsWith(CONNECTION_EXCEPTION_CLASS);
    }
}
