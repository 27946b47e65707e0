package dev.opad.storage;

/** What storage confirmed it holds: enough to verify a later read byte for byte. */
public record StoredObject(String key, String contentType, long size, String sha256) {
}
