package io.touchline.testing;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.touchline.web.auth.ApiKeys;

/** API keys every test can use; services under test accept exactly these. */
public final class TestKeys {

    public static final String TENANT = "tenant-a";
    public static final String OTHER_TENANT = "tenant-b";
    /** A tenant only one test writes to, for what looks at a whole tenant (e.g. training a churn model). */
    public static final String THIRD_TENANT = "tenant-c";

    public static final String INGEST = "test-ingest-key";
    public static final String OPS = "test-ops-key";
    public static final String IMPORT = "test-import-key";
    public static final String ADMIN = "test-admin-key";
    public static final String OTHER_TENANT_INGEST = "other-tenant-ingest-key";
    public static final String OTHER_TENANT_OPS = "other-tenant-ops-key";
    public static final String OTHER_TENANT_ADMIN = "other-tenant-admin-key";
    public static final String THIRD_TENANT_ADMIN = "third-tenant-admin-key";

    private TestKeys() {
    }

    /** The {@code touchline.auth.keys} value that accepts the keys above. */
    public static String authKeysConfig() {
        return Stream.of(
                entry(INGEST, TENANT, "ingest"),
                entry(OPS, TENANT, "ops"),
                entry(IMPORT, TENANT, "import"),
                entry(ADMIN, TENANT, "admin+ops"),
                entry(OTHER_TENANT_INGEST, OTHER_TENANT, "ingest"),
                entry(OTHER_TENANT_OPS, OTHER_TENANT, "ops"),
                entry(OTHER_TENANT_ADMIN, OTHER_TENANT, "admin+ops"),
                entry(THIRD_TENANT_ADMIN, THIRD_TENANT, "admin+ops"))
                .collect(Collectors.joining(","));
    }

    private static String entry(String key, String tenant, String scopes) {
        return ApiKeys.sha256(key) + ":" + tenant + ":" + scopes;
    }
}
