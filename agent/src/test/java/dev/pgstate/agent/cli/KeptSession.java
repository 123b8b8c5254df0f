package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.facade.SessionOpener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * One server session that many in-process runs of the command line share, for a test that plans thousands of specs:
 * a new backend costs more than everything a small plan reads. The first open connects through pgjdbc as the agent
 * does; every open hands out a lease whose {@code close()} leaves the session as closing would leave the server:
 * any transaction rolled back, autocommit and READ COMMITTED back. Only for one server and one login.
 */
final class KeptSession implements SessionOpener, AutoCloseable {

    private Connection session;
    private String openedFor;

    @Override
    public synchronized Connection open(String url, Properties properties) throws SQLException {
        String target = url + " as " + properties.getProperty("user");
        if (session == null) {
            session = Connector.PGJDBC.open(url, properties);
            openedFor = target;
        } else if (!target.equals(openedFor)) {
            throw new IllegalStateException("kept a session for " + openedFor + ", asked for " + target);
        }
        return lease(session);
    }

    private static Connection lease(Connection session) {
        boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(KeptSession.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        if (!closed[0]) {
                            closed[0] = true;
                            reset(session);
                        }
                        yield null;
                    }
                    case "isClosed" -> closed[0] || session.isClosed();
                    default -> invoke(session, method, args);
                });
    }

    private static void reset(Connection session) throws SQLException {
        if (!session.getAutoCommit()) {
            session.rollback();
            session.setAutoCommit(true);
        }
        if (session.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
            session.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    private static Object invoke(Connection session, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (session != null) {
            session.close();
        }
    }

    @Override
    public String toString() {
        return "KeptSession[" + Objects.requireNonNullElse(openedFor, "not opened") + "]";
    }
}
