package dev.pgstate.reconcilers.plan;

/** One TLS file as a plan attribute, keyed by its path; before and after describe it in words. */
public record TlsFileAttribute(String key) implements Attribute {
}
