package io.touchline.notification.api;

import jakarta.enterprise.context.RequestScoped;

import io.touchline.notification.domain.UserTokens;

/** The user of the current request's inbox token, set by {@link InboxReader}. */
@RequestScoped
public class CurrentUser {

    private UserTokens.User user;

    void set(UserTokens.User user) {
        this.user = user;
    }

    public UserTokens.User get() {
        if (user == null) {
            throw new IllegalStateException("No inbox user: is the resource method annotated with @UserToken?");
        }
        return user;
    }
}
