package io.touchline.web.auth;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link AuthFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("No authenticated caller: is the resource annotated with @RequiresScope?");
        }
        return caller;
    }

    public String tenantId() {
        return get().tenantId();
    }
}
