package dev.pgstate.reconcilers.converge;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a connection and counts the statements created on it and the queries run through them. */
final class StatementCounter {

    private final Connection target;
    private final AtomicInteger statementsCreated = new AtomicInteger();
    private final AtomicInteger executions = new AtomicInteger();

    StatementCounter(Connection target) {
        this.target = target;
    }

    Connection connection() {
        return (Connection) proxy(Connection.class, target, (method, result) -> {
            if (result instanceof Statement) {
                statementsCreated.incrementAndGet();
                return proxy(method.getReturnType(), result, this::countExecution);
            }
            return result;
        });
    }

    private Object countExecution(Method method, Object result) {
        if (method.getName().startsWith("execute")) {
            executions.incrementAndGet();
        }
        return result;
    }

    int statementsCreated() {
        return statementsCreated.get();
    }

    int executions() {
        return executions.get();
    }

    /** What to do with a call's result once the real object has answered. */
    @FunctionalInterface
    private interface AfterCall {
        Object apply(Method method, Object result);
    }

    private static Object proxy(Class<?> type, Object target, AfterCall after) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
