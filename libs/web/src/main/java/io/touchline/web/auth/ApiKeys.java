package io.touchline.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The API keys a service accepts, held only as SHA-256 hashes. Each entry reads
 * {@code <sha256-hex>:<tenant>:<scope>[+<scope>...]}, e.g. {@code 9f86d0...:demo:ops+admin}.
 */
public final class ApiKeys {

    /** Tenant ids are plain names: they prefix keys and ids with ':' as the separator. */
    public static final java.util.regex.Pattern TENANT = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, Caller> byHash;

    private ApiKeys(Map<String, Caller> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static ApiKeys parse(List<String> entries) {
        Map<String, Caller> byHash = new HashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":");
            if (parts.length != 3 || parts[0].length() != 64 || !TENANT.matcher(parts[1]).matches()
                    || parts[2].isBlank()) {
                throw new IllegalArgumentException(
                        "API key entry must read <sha256-hex>:<tenant>:<scope>[+<scope>], got '" + redact(entry) + "'");
            }
            var scopes = Arrays.stream(parts[2].split("\\+")).map(Scope::parse).collect(Collectors.toSet());
            byHash.put(parts[0].toLowerCase(), new Caller(parts[1], scopes));
        }
        return new ApiKeys(byHash);
    }

    public Optional<Caller> lookup(String rawKey) {
        return Optional.ofNullable(byHash.get(sha256(rawKey)));
    }

    public static String sha256(String rawKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String redact(String entry) {
        return entry.length() <= 12 ? "..." : entry.substring(0, 8) + "...";
    }
}
