package dev.opad.web.rest;

import static io.restassured.RestAssured.given;

import dev.opad.web.session.CsrfGuard;
import dev.opad.web.session.SessionCookies;
import io.restassured.specification.RequestSpecification;

/** Requests as the UI's page sends them: with the CSRF cookie echoed in its header, signed in or not yet. */
public final class Browser {

    public static final String CSRF_TOKEN = "Zm9yLXRlc3RzLW9ubHktbm90LXJhbmRvbS1hdC1hbGwh";

    private Browser() {
    }

    /** A page whose reader has logged in: session cookie, CSRF cookie and the echoing header. */
    public static RequestSpecification signedIn() {
        return notSignedIn().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN);
    }

    /** A page before login: it has the CSRF cookie (from {@code GET /session}) and echoes it. */
    public static RequestSpecification notSignedIn() {
        return given().cookie(SessionCookies.CSRF, CSRF_TOKEN).header(CsrfGuard.HEADER, CSRF_TOKEN);
    }
}
