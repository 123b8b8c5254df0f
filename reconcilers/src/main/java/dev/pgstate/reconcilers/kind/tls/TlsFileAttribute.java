package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.plan.Attribute;

/** One TLS file as a plan attribute, keyed by its path; before and after describe it in words. */
public record TlsFileAttribute(String key) implements Attribute {
}
