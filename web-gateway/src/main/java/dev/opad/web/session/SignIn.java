package dev.opad.web.session;

import dev.opad.web.client.ApiReply;

/** How an attempt to sign in (log in, or register and log in) ended, with the api's answer to relay. */
sealed interface SignIn {

    ApiReply answer();

    /** Signed in: the browser is to keep {@code token} as its session. */
    record Started(SessionToken token, ApiReply answer) implements SignIn {
    }

    /** No session: refused (wrong credentials, too many attempts, invalid form), or an account made but not logged in. */
    record NoSession(ApiReply answer) implements SignIn {
    }
}
